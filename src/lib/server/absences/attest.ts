// The class teacher demands a medical certificate (Attest) for one student's absence (rules.ts):
// the family is told by mail and uploads it by the deadline under /anliegen/<reference>.
import { and, eq, notInArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { cases } from '../cases/schema';
import { addCaseEvent } from '../cases/service';
import { now, schoolDay } from '../clock';
import { db } from '../db';
import { failure, notFound, ok, type FieldErrors, type Result } from '../errors';
import { classes } from '../identity/schema';
import { queueMail } from '../mail/service';
import { authorize, type Actor } from '../policy';
import { familyRecipients } from './family-recipients';
import { attestAllowed, attestDueOnError, lessonDays } from './rules';
import { ATTEST_REASONS, sickNotes, type AttestReason } from './schema';
import { loadSickNote, type SickNoteRecord } from './sick-note-record';

/** Whether an Attest may be demanded now, judged on the case alone (closed, already waiting). */
export function attestOpen(
	note: Pick<SickNoteRecord, 'status' | 'attestRequestedAt' | 'attestReceivedAt'>
) {
	if (note.status === 'closed') return false;
	return note.attestRequestedAt === null || note.attestReceivedAt !== null;
}

export async function requestAttest(
	actor: Actor,
	caseId: string,
	input: { reason: string; dueOn: string }
): Promise<Result<{ reference: string; dueOn: string }>> {
	const note = await loadSickNote({ caseId });
	if (!note) notFound();
	authorize(actor, 'sickNote.requestAttest', note!.resource);
	const n = note!;
	if (!attestOpen(n)) return failure(409, { form: 'desk_error_attest_not_open' });

	const today = schoolDay();
	const errors: FieldErrors = {};
	const dueError = attestDueOnError(input.dueOn, today);
	if (dueError) errors.dueOn = dueError;
	const [klass] = await db()
		.select({ schoolType: classes.schoolType })
		.from(classes)
		.where(eq(classes.id, n.classId));
	if (!(ATTEST_REASONS as readonly string[]).includes(input.reason))
		errors.reason = 'desk_error_attest_reason';
	else if (
		!attestAllowed(
			input.reason as AttestReason,
			klass.schoolType,
			lessonDays(n.firstDay, n.lastDay, today)
		)
	)
		errors.reason =
			klass.schoolType === 'part_time'
				? 'desk_error_attest_too_short_part_time'
				: 'desk_error_attest_too_short_full_time';
	if (Object.keys(errors).length > 0) return failure(400, errors);
	const reason = input.reason as AttestReason;

	return db().transaction(async (tx) => {
		const at = now();
		const moved = await tx
			.update(cases)
			.set({ status: 'attest_requested', updatedAt: at })
			.where(and(eq(cases.id, caseId), notInArray(cases.status, ['closed', 'attest_requested'])))
			.returning({ id: cases.id });
		if (moved.length === 0) return failure(409, { form: 'desk_error_attest_not_open' });
		await tx
			.update(sickNotes)
			.set({
				attestRequestedAt: at,
				attestRequestedByAccountId: actor.accountId,
				attestReason: reason,
				attestDueOn: input.dueOn,
				attestReceivedAt: null
			})
			.where(eq(sickNotes.caseId, caseId));
		await addCaseEvent(tx, caseId, actor, 'sick_note_attest_requested', {
			dueOn: input.dueOn,
			reason
		});
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'sick_note.request_attest',
			resourceType: 'case',
			resourceId: caseId,
			details: { reference: n.reference, reason, dueOn: input.dueOn }
		});
		const family = await familyRecipients(tx, n.studentPersonId);
		for (const r of family.recipients)
			await queueMail(tx, r.email, r.locale, {
				kind: 'sick_note_attest_requested',
				name: r.name,
				studentName: family.studentName,
				reference: n.reference,
				dueOn: input.dueOn
			});
		return ok({ reference: n.reference, dueOn: input.dueOn });
	});
}
