// Closing a sick note (issue 4 item 8): the class teacher (or the head of school standing in)
// decides "entschuldigt" or "nicht entschuldigt". One transaction writes the decision, closes the
// case, records event and audit, mails whoever acts for the student, stores the PDF summary for the
// student's file and queues the e-file delivery: a rollback leaves none of them behind.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { storeAttachment } from '../cases/attachment-store';
import { cases } from '../cases/schema';
import { addCaseEvent } from '../cases/service';
import { now } from '../clock';
import { db } from '../db';
import { queueCaseForEfile } from '../efile/queue';
import { failure, ok, type Result } from '../errors';
import { queueMail } from '../mail/service';
import { can, type Actor } from '../policy';
import { familyRecipients } from './family-recipients';
import { SICK_NOTE_DECISIONS, sickNotes, type SickNoteDecision } from './schema';
import { loadSickNote } from './sick-note-record';
import { loadSickNoteSummary } from './summary-facts';
import { renderSickNoteSummary } from './summary-pdf';

const CLOSED = 'closed';

export const summaryFileName = (reference: string) =>
	`Krankmeldung-${reference}-Zusammenfassung.pdf`;

/**
 * Closes the sick note with the decision. 404 when the actor may not decide (or there is no such
 * note), 409 when it is already closed, 400 for a decision that is neither.
 */
export async function closeSickNote(
	actor: Actor,
	caseId: string,
	decision: SickNoteDecision
): Promise<Result<{ reference: string }>> {
	if (!SICK_NOTE_DECISIONS.includes(decision))
		return failure(400, { decision: 'close_error_decision' });
	const found = await loadSickNote({ caseId });
	if (!found || !can(actor, 'sickNote.decide', found.resource))
		return failure(404, { form: 'error_not_found' });
	if (found.status === CLOSED) return failure(409, { form: 'close_error_already_closed' });

	return db().transaction(async (tx) => {
		// The row lock makes a second close at the same moment wait, then see "closed".
		const [locked] = await tx
			.select({ status: cases.status })
			.from(cases)
			.where(eq(cases.id, caseId))
			.for('update');
		if (locked.status === CLOSED) return failure(409, { form: 'close_error_already_closed' });

		const at = now();
		await tx
			.update(sickNotes)
			.set({ decision, closedAt: at, closedByAccountId: actor.accountId })
			.where(eq(sickNotes.caseId, caseId));
		await tx
			.update(cases)
			.set({ status: CLOSED, closedAt: at, updatedAt: at })
			.where(eq(cases.id, caseId));
		await addCaseEvent(tx, caseId, actor, 'sick_note_closed', { decision });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'sick_note.close',
			resourceType: 'case',
			resourceId: caseId,
			details: { reference: found.reference, decision, previousStatus: locked.status }
		});

		const family = await familyRecipients(tx, found.studentPersonId);
		for (const r of family.recipients)
			await queueMail(tx, r.email, r.locale, {
				kind: 'sick_note_closed',
				name: r.name,
				studentName: family.studentName,
				reference: found.reference,
				excused: decision === 'excused'
			});

		// The summary is made from what was just written (decision, close event), then filed.
		const pdf = await renderSickNoteSummary(await loadSickNoteSummary(tx, caseId));
		await storeAttachment(tx, {
			caseId,
			uploadedByAccountId: actor.accountId,
			fileName: summaryFileName(found.reference),
			mimeType: 'application/pdf',
			bytes: pdf,
			kind: 'summary'
		});
		await queueCaseForEfile(tx, caseId);
		return ok({ reference: found.reference });
	});
}
