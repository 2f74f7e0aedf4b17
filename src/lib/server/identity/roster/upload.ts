// A class list between preview and import: the uploaded bytes are kept as an attachment without a
// case (outside the web root), so the import reads exactly the file the office previewed. Only the
// account that uploaded a file gets it back; for everyone else it does not exist.
import { db } from '../../db';
import { readAttachment, storeAttachment } from '../../cases/attachment-store';
import type { Actor } from '../../policy';

/** Largest class list accepted: ASV exports of a big school stay far below this. */
export const MAX_ROSTER_BYTES = 10 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function saveRosterUpload(
	actor: Actor,
	bytes: Uint8Array,
	fileName: string
): Promise<string> {
	const row = await storeAttachment(db(), {
		caseId: null,
		uploadedByAccountId: actor.accountId,
		fileName,
		mimeType: 'text/csv',
		bytes
	});
	return row.id;
}

/** The upload's bytes and name, or null when it does not exist or is someone else's. */
export async function loadRosterUpload(
	actor: Actor,
	id: string
): Promise<{ bytes: Uint8Array; fileName: string } | null> {
	if (!UUID.test(id)) return null;
	const row = await readAttachment(db(), id);
	if (!row || row.caseId !== null || row.uploadedByAccountId !== actor.accountId) return null;
	return { bytes: row.bytes, fileName: row.fileName };
}
