import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	caseStatus,
	DESK_TODAY,
	fileSickNote,
	patchSickNote,
	useDeskWorld
} from '../../../../tests/helpers/sick-note-desk';
import { auditLog } from '../audit/schema';
import { caseEvents, cases } from '../cases/schema';
import { db } from '../db';
import { jobs } from '../jobs/schema';
import { requestAttest } from './attest';
import { sickNotes } from './schema';

useTestDatabase();

const TODAY = DESK_TODAY;
const w = useDeskWorld();

const mailsTo = async (email: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')))
		.map((j) => j.payload as { to: string; subject: string; text: string })
		.filter((m) => m.to === email);

describe('requestAttest', () => {
	it('demands an Attest for a long absence: status, deadline, event, audit, mail to the guardian', async () => {
		// Part-time class A1: more than three lesson days (Mon 9 to Mon 16 March: 6).
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, '2026-03-09', TODAY);
		const result = await requestAttest(w.actors.classTeacherA1, note.caseId, {
			reason: 'long_absence',
			dueOn: '2026-03-23'
		});
		expect(result).toEqual({ ok: true, value: { reference: note.reference, dueOn: '2026-03-23' } });
		expect(await caseStatus(note.caseId)).toBe('attest_requested');
		const [row] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, note.caseId));
		expect(row).toMatchObject({
			attestReason: 'long_absence',
			attestDueOn: '2026-03-23',
			attestRequestedByAccountId: w.actors.classTeacherA1.accountId
		});
		const [event] = await db()
			.select()
			.from(caseEvents)
			.where(
				and(eq(caseEvents.caseId, note.caseId), eq(caseEvents.kind, 'sick_note_attest_requested'))
			);
		expect(event.data).toEqual({ dueOn: '2026-03-23', reason: 'long_absence' });
		const audit = await db()
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'sick_note.request_attest'), eq(auditLog.resourceId, note.caseId))
			);
		expect(audit).toHaveLength(1);
		const mail = (await mailsTo(w.guardian.email)).find((m) => m.subject.startsWith('Attest'))!;
		expect(mail.text).toContain('23.03.2026');
		expect(mail.text).toContain(`/anliegen/${note.reference}`);

		// Already demanded and not received: a conflict.
		const again = await requestAttest(w.actors.classTeacherA1, note.caseId, {
			reason: 'frequent',
			dueOn: '2026-03-23'
		});
		expect(again).toMatchObject({ ok: false, status: 409 });
	});

	it('holds to the lesson-day thresholds; "frequent" is allowed at any length', async () => {
		const short = await fileSickNote(w.actors.guardian, w.minor.personId, '2026-03-12', TODAY);
		// Thu 12 to Mon 16 March: 3 lesson days, not more than three.
		expect(
			await requestAttest(w.actors.classTeacherA1, short.caseId, {
				reason: 'long_absence',
				dueOn: '2026-03-23'
			})
		).toMatchObject({
			ok: false,
			status: 400,
			errors: { reason: 'desk_error_attest_too_short_part_time' }
		});
		// Full-time class A2: ten lesson days are not enough.
		const fullTime = await fileSickNote(
			w.actors.studentA2,
			w.studentA2.personId,
			TODAY,
			'2026-03-27'
		);
		expect(
			await requestAttest(w.actors.classTeacherA2, fullTime.caseId, {
				reason: 'long_absence',
				dueOn: '2026-03-23'
			})
		).toMatchObject({ ok: false, errors: { reason: 'desk_error_attest_too_short_full_time' } });
		const frequent = await requestAttest(w.actors.classTeacherA2, fullTime.caseId, {
			reason: 'frequent',
			dueOn: '2026-03-23'
		});
		expect(frequent.ok).toBe(true);
		expect(await mailsTo(w.studentA2.email)).not.toHaveLength(0); // an adult is mailed himself
	});

	it('needs a deadline from tomorrow to 30 days ahead and a known reason; refuses a closed case', async () => {
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		expect(
			await requestAttest(w.actors.classTeacherA1, note.caseId, { reason: 'x', dueOn: TODAY })
		).toMatchObject({
			ok: false,
			status: 400,
			errors: { reason: 'desk_error_attest_reason', dueOn: 'desk_error_attest_due_past' }
		});
		await patchSickNote(note.caseId, { closedAt: new Date(), decision: 'excused' });
		await db().update(cases).set({ status: 'closed' }).where(eq(cases.id, note.caseId));
		expect(
			await requestAttest(w.actors.classTeacherA1, note.caseId, {
				reason: 'frequent',
				dueOn: '2026-03-20'
			})
		).toMatchObject({ ok: false, status: 409 });
	});

	it("refuses the office, another class's teacher, a subject teacher, another school, finance, the guardian (404)", async () => {
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		for (const actor of [
			w.actors.secretaryA,
			w.actors.classTeacherA2,
			w.actors.subjectTeacherA1,
			w.actors.secretaryB,
			w.actors.finance,
			w.actors.guardian
		])
			await expect(
				requestAttest(actor, note.caseId, { reason: 'frequent', dueOn: '2026-03-20' })
			).rejects.toEqual(expect.objectContaining({ status: 404 }));
		// The head of school may stand in for the class teacher.
		const byHead = await requestAttest(w.actors.headA, note.caseId, {
			reason: 'frequent',
			dueOn: '2026-03-20'
		});
		expect(byHead.ok).toBe(true);
	});
});
