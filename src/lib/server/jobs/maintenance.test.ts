import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { createAccount } from '../../../../tests/helpers/factories';
import { sessions } from '../auth/schema';
import { createSession } from '../auth/session';
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
