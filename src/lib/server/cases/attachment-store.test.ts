import { mkdtempSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { db } from '../db';
import { cleanFileName, readAttachment, storeAttachment } from './attachment-store';
import { attachments } from './schema';

useTestDatabase();
let filesDir: string;
beforeAll(() => {
	filesDir = mkdtempSync(path.join(os.tmpdir(), 's360-files-'));
	process.env.FILES_DIR = filesDir;
});

describe('attachment store', () => {
	const bytes = new TextEncoder().encode('%PDF-1.7 test');

	it('stores outside the web root under a generated name, with hash and size', async () => {
		const stored = await storeAttachment(db(), {
			caseId: null,
			uploadedByAccountId: null,
			fileName: '../../etc/passwd"Attest.pdf',
			mimeType: 'application/pdf',
			bytes
		});
		const [row] = await db().select().from(attachments).where(eq(attachments.id, stored.id));
		expect(row.fileName).toBe('.._.._etc_passwdAttest.pdf');
		expect(row.sizeBytes).toBe(bytes.byteLength);
		expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(row.storageKey).not.toContain('Attest');
		const dirs = await readdir(filesDir);
		expect(dirs).toContain(row.storageKey.slice(0, 2));
		const read = await readAttachment(db(), stored.id);
		expect(new TextDecoder().decode(read!.bytes)).toBe('%PDF-1.7 test');
	});

	it('refuses to hand out a file whose content changed on disk', async () => {
		const stored = await storeAttachment(db(), {
			caseId: null,
			uploadedByAccountId: null,
			fileName: 'a.pdf',
			mimeType: 'application/pdf',
			bytes
		});
		const [row] = await db().select().from(attachments).where(eq(attachments.id, stored.id));
		writeFileSync(path.join(filesDir, row.storageKey.slice(0, 2), row.storageKey), 'tampered');
		await expect(readAttachment(db(), stored.id)).rejects.toThrow(/does not match/);
	});

	it('returns null for an unknown id', async () => {
		expect(await readAttachment(db(), '00000000-0000-0000-0000-000000000000')).toBeNull();
	});

	it('cleans file names', () => {
		expect(cleanFileName('  ')).toBe('datei');
		expect(cleanFileName('a\u0000b.pdf')).toBe('ab.pdf');
	});
});
