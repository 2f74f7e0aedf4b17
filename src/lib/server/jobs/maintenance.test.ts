import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { createAccount } from '../../../../tests/helpers/factories';
import { sessions } from '../auth/schema';
import { createSession } from '../auth/session';
import { storeAttachment } from '../cases/attachment-store';
import { attachments } from '../cases/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { scheduleMaintenance } from './maintenance';
import { runDueJobs } from './queue';
import { jobs } from './schema';

useTestDatabase();
afterEach(() => setClock(undefined));

describe('maintenance', () => {
	it('is scheduled once per hour however often it is asked', async () => {
		setClock(new Date('2026-11-23T10:05:00Z'));
		await scheduleMaintenance();
		await scheduleMaintenance();
		const rows = await db().select().from(jobs).where(eq(jobs.name, 'maintenance.prune.v1'));
		expect(rows).toHaveLength(1);
	});

	it('removes expired sessions and keeps live ones', async () => {
		const { accountId } = await createAccount();
		setClock(new Date('2026-01-01T10:00:00Z'));
		await createSession(accountId, {});
		setClock(new Date('2026-03-01T10:00:00Z'));
		await createSession(accountId, {});
		await scheduleMaintenance();
		await runDueJobs();
		const left = await db().select().from(sessions).where(eq(sessions.accountId, accountId));
		expect(left).toHaveLength(1);
		expect(left[0].createdAt.toISOString()).toBe('2026-03-01T10:00:00.000Z');
	});
});

describe('maintenance of uploads', () => {
	it('removes uploads without a case after a day, file included, and keeps newer ones', async () => {
		const filesDir = mkdtempSync(path.join(os.tmpdir(), 's360-prune-'));
		process.env.FILES_DIR = filesDir;
		const bytes = new TextEncoder().encode('Klasse;Name');
		setClock(new Date('2026-12-01T10:00:00Z'));
		const old = await storeAttachment(db(), {
			caseId: null,
			uploadedByAccountId: null,
			fileName: 'alt.csv',
			mimeType: 'text/csv',
			bytes
		});
		setClock(new Date('2026-12-04T09:00:00Z'));
		const fresh = await storeAttachment(db(), {
			caseId: null,
			uploadedByAccountId: null,
			fileName: 'neu.csv',
			mimeType: 'text/csv',
			bytes
		});
		const [oldRow] = await db().select().from(attachments).where(eq(attachments.id, old.id));
		const oldFile = path.join(filesDir, oldRow.storageKey.slice(0, 2), oldRow.storageKey);
		expect(existsSync(oldFile)).toBe(true);
		setClock(new Date('2026-12-04T10:00:00Z'));
		await scheduleMaintenance();
		await runDueJobs();
		const left = (await db().select({ id: attachments.id }).from(attachments)).map((a) => a.id);
		expect(left).toContain(fresh.id);
		expect(left).not.toContain(old.id);
		expect(existsSync(oldFile)).toBe(false);
	});
});
