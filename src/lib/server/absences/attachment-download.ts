// A sick note's file, for whoever may read the case (`case.read`): the family and the school's
// office and class teacher. The district office and companies never get files (the policy gives
// them no `case.read` on a sick note). Everything refused or missing is the same 404. A staff
// download is audit-logged like a staff read of the report.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { readAttachment } from '../cases/attachment-store';
import { attachments } from '../cases/schema';
import { db } from '../db';
import { notFound } from '../errors';
import { can, type Actor } from '../policy';
import { isFamilyOf } from './family';
import { isAttachmentId } from './pending-upload';
import { loadSickNote } from './sick-note-record';

export async function downloadAttachment(actor: Actor, attachmentId: string) {
	if (!isAttachmentId(attachmentId)) notFound();
	return db().transaction(async (tx) => {
		// The row first: access is decided before the bytes are read.
		const [file] = await tx
			.select({ caseId: attachments.caseId })
			.from(attachments)
			.where(eq(attachments.id, attachmentId));
		if (!file?.caseId) notFound();
		const note = await loadSickNote({ caseId: file.caseId! }, tx);
		if (!note || !can(actor, 'case.read', note.resource)) notFound();
		if (!isFamilyOf(actor, note!.studentPersonId))
			await recordAudit(tx, {
				actorAccountId: actor.accountId,
				action: 'attachment.read',
				resourceType: 'attachment',
				resourceId: attachmentId,
				details: { reference: note!.reference }
			});
		const stored = (await readAttachment(tx, attachmentId))!;
		return { fileName: stored.fileName, mimeType: stored.mimeType, bytes: stored.bytes };
	});
}
