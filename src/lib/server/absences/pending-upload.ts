// A file chosen while reporting: the review step cannot carry a file in hidden fields, so the
// upload is stored at once as an attachment of no case (the maintenance job prunes those after a
// day) and only its id travels on. Sending the report attaches it to the new case, if it is still
// unattached and was uploaded by the same account.
import { and, eq, isNull } from 'drizzle-orm';
import { cleanFileName, storeAttachment } from '../cases/attachment-store';
import { attachments } from '../cases/schema';
import { checkUpload } from '../cases/upload-check';
import { db, type Tx } from '../db';
import { failure, ok, type Result } from '../errors';
import { loadPersonRef } from '../identity/person-ref';
import { can, type Actor } from '../policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isAttachmentId = (value: string) => UUID.test(value);

export interface PendingUpload {
	id: string;
	fileName: string;
}

/** Checks and stores a file for a report the actor may make for the student; field `attachment`. */
export async function storePendingUpload(
	actor: Actor,
	studentPersonId: string,
	file: File
): Promise<Result<PendingUpload>> {
	const person = await loadPersonRef(studentPersonId);
	if (!person || !can(actor, 'sickNote.report', { type: 'person', person }))
		return failure(404, { form: 'error_not_found' });
	const checked = await checkUpload(file, 'attachment');
	if (!checked.ok) return checked;
	const { fileName, mimeType, bytes } = checked.value;
	const row = await storeAttachment(db(), {
		caseId: null,
		uploadedByAccountId: actor.accountId,
		fileName,
		mimeType,
		bytes,
		kind: 'document'
	});
	return ok({ id: row.id, fileName: cleanFileName(fileName) });
}

async function pendingRow(tx: Tx | ReturnType<typeof db>, actor: Actor, attachmentId: string) {
	if (!isAttachmentId(attachmentId)) return null;
	const [row] = await tx
		.select({ id: attachments.id, fileName: attachments.fileName })
		.from(attachments)
		.where(
			and(
				eq(attachments.id, attachmentId),
				eq(attachments.uploadedByAccountId, actor.accountId),
				isNull(attachments.caseId)
			)
		);
	return row ?? null;
}

/** The stored name of the actor's own unattached upload, or null (gone, attached, not theirs). */
export async function pendingFileName(actor: Actor, attachmentId: string) {
	return (await pendingRow(db(), actor, attachmentId))?.fileName ?? null;
}

/**
 * Attaches the actor's unattached upload to the new case, in the report's transaction. Returns
 * false when it is no longer there (pruned, attached meanwhile, someone else's).
 */
export async function attachPendingUpload(
	tx: Tx,
	actor: Actor,
	attachmentId: string,
	caseId: string
) {
	if (!isAttachmentId(attachmentId)) return false;
	const attached = await tx
		.update(attachments)
		.set({ caseId })
		.where(
			and(
				eq(attachments.id, attachmentId),
				eq(attachments.uploadedByAccountId, actor.accountId),
				isNull(attachments.caseId)
			)
		)
		.returning({ id: attachments.id });
	return attached.length === 1;
}

export interface ReviewedUpload {
	attachmentId: string | null;
	attachmentName: string | null;
	/** Message key for the file field. */
	error: string | null;
}

/**
 * The file of the report form at its review step: a newly chosen file is checked and stored
 * (replacing the one chosen before), an earlier upload is kept unless the family removed it.
 */
export async function reviewUpload(
	actor: Actor,
	studentPersonId: string,
	file: File | null,
	kept: { attachmentId: string | null; remove: boolean }
): Promise<ReviewedUpload> {
	const earlierName =
		kept.attachmentId && !kept.remove ? await pendingFileName(actor, kept.attachmentId) : null;
	const earlier = earlierName
		? { attachmentId: kept.attachmentId, attachmentName: earlierName }
		: { attachmentId: null, attachmentName: null };
	if (file) {
		const stored = await storePendingUpload(actor, studentPersonId, file);
		if (!stored.ok)
			return { ...earlier, error: stored.errors.attachment ?? stored.errors.form ?? null };
		return { attachmentId: stored.value.id, attachmentName: stored.value.fileName, error: null };
	}
	const vanished = !!kept.attachmentId && !kept.remove && !earlierName;
	return { ...earlier, error: vanished ? 'upload_error_expired' : null };
}
