// Attachment files live outside the web root (FILES_DIR, default data/files) under a generated
// name; the database row keeps the original name, type, size and SHA-256. Access goes through the
// case's policy check in the module that serves the file, never through a static path.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { now } from '../clock';
import { config } from '../config';
import type { DbOrTx } from '../db';
import { attachments, type AttachmentKind } from './schema';

export interface NewAttachment {
	caseId: string | null;
	uploadedByAccountId: string | null;
	fileName: string;
	mimeType: string;
	bytes: Uint8Array;
	/** 'document' when not given. */
	kind?: AttachmentKind;
}

const pathFor = (storageKey: string) =>
	path.join(config.filesDir, storageKey.slice(0, 2), storageKey);

/** A file name safe to show and to send back in Content-Disposition. */
export const cleanFileName = (name: string) =>
	name
		.replace(/[\\/]/g, '_')
		// Control characters would break the Content-Disposition header.
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f"]/g, '')
		.trim()
		.slice(0, 200) || 'datei';

/**
 * Writes the file, then the row in the caller's transaction. If the transaction rolls back, an
 * orphan file may remain on disk; it has no row, so nobody can reach it.
 */
export async function storeAttachment(tx: DbOrTx, input: NewAttachment) {
	const storageKey = randomUUID().replaceAll('-', '');
	const target = pathFor(storageKey);
	await mkdir(path.dirname(target), { recursive: true });
	const temporary = `${target}.part`;
	await writeFile(temporary, input.bytes, { flag: 'wx' });
	await rename(temporary, target);
	const sha256 = createHash('sha256').update(input.bytes).digest('hex');
	const [row] = await tx
		.insert(attachments)
		.values({
			caseId: input.caseId,
			uploadedByAccountId: input.uploadedByAccountId,
			fileName: cleanFileName(input.fileName),
			storageKey,
			sha256,
			mimeType: input.mimeType,
			sizeBytes: input.bytes.byteLength,
			kind: input.kind ?? 'document',
			createdAt: now()
		})
		.returning({ id: attachments.id, sha256: attachments.sha256 });
	return row;
}

/** Reads an attachment's bytes and checks them against the stored hash. Caller checks access. */
export async function readAttachment(tx: DbOrTx, attachmentId: string) {
	const [row] = await tx.select().from(attachments).where(eq(attachments.id, attachmentId));
	if (!row) return null;
	const bytes = await readFile(pathFor(row.storageKey));
	const actual = createHash('sha256').update(bytes).digest('hex');
	if (actual !== row.sha256) throw new Error(`Attachment ${row.id} does not match its hash`);
	return { ...row, bytes: new Uint8Array(bytes) };
}

export async function deleteAttachmentFile(storageKey: string) {
	await rm(pathFor(storageKey), { force: true });
}
