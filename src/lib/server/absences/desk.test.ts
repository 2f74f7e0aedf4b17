import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	caseStatus,
	DESK_TODAY,
	fileSickNote,
	nextClientId,
	patchSickNote,
	useDeskWorld
} from '../../../../tests/helpers/sick-note-desk';
import { auditLog } from '../audit/schema';
import { caseEvents } from '../cases/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { jobs } from '../jobs/schema';
import {
	acknowledgeSickNote,
	deskClasses,
	enterPhoneReport,
	listSchoolSickNotes,
	recordExcuseReceived
} from './desk';
import { phoneReportStudents } from './phone-report';
import { sickNotes } from './schema';

useTestDatabase();

const TODAY = DESK_TODAY;
const w = useDeskWorld();

const refused = (status: number) => expect.objectContaining({ status });
const mailsTo = async (email: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')))
		.map((j) => j.payload as { to: string; subject: string; text: string })
		.filter((m) => m.to === email);

const phone = (studentPersonId: string, extra: Record<string, unknown> = {}) => ({
	studentPersonId,
	firstDay: TODAY,
	lastDay: TODAY,
	lessonFrom: null,
	lessonTo: null,
	note: null,
	clientId: nextClientId(),
	callerName: 'Gerda Muster',
	reportedAs: 'guardian',
	...extra
});

describe("the secretariat's day list", () => {
	it("lists the school's reports covering the day or filed on it, by class, columns only", async () => {
		const today = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		const planned = await fileSickNote(w.actors.adult, w.adult.personId, '2026-03-20', null);
		const ended = await fileSickNote(w.actors.studentA2, w.studentA2.personId, TODAY, TODAY);
		// Filed today but for last week only: it was reported today, so it is listed.
		await patchSickNote(ended.caseId, { firstDay: '2026-03-09', lastDay: '2026-03-10' });
		const old = await fileSickNote(w.actors.studentA2, w.studentA2.personId, TODAY, TODAY);
		await patchSickNote(old.caseId, {
			firstDay: '2026-03-02',
			lastDay: '2026-03-03',
			createdAt: new Date('2026-03-02T07:00:00Z')
		});

		const { day, rows } = await listSchoolSickNotes(w.actors.secretaryA, w.schoolA);
		expect(day).toBe(TODAY);
		const ids = rows.map((r) => r.caseId);
		expect(ids).toEqual(expect.arrayContaining([today.caseId, planned.caseId, ended.caseId]));
		expect(ids).not.toContain(old.caseId);
		const row = rows.find((r) => r.caseId === today.caseId)!;
		expect(row).toMatchObject({
			className: 'A1',
			status: 'submitted',
			reportedAs: 'guardian',
			channel: 'portal',
			excuse: 'not_needed',
			acknowledged: false,
			canAcknowledge: true
		});
		expect(row.studentName).toContain('Mia');
		expect(row).not.toHaveProperty('note');

		const a2 = await listSchoolSickNotes(w.actors.secretaryA, w.schoolA, { classId: w.classA2 });
		expect(a2.rows.map((r) => r.caseId)).toEqual([ended.caseId]);
		const onOldDay = await listSchoolSickNotes(w.actors.secretaryA, w.schoolA, {
			day: '2026-03-02'
		});
		expect(onOldDay.rows.map((r) => r.caseId)).toEqual([old.caseId]);

		const [audit] = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.list'), eq(auditLog.resourceId, w.classA2)));
		expect(audit).toBeUndefined(); // the school list is logged on the school
		const logged = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.list'), eq(auditLog.resourceId, w.schoolA)));
		expect(logged.length).toBeGreaterThanOrEqual(3);
		expect((logged[1].details as { caseIds: string[] }).caseIds).toEqual([ended.caseId]);
	});

	it("refuses another school's secretary, teachers, district finance and families (403)", async () => {
		for (const actor of [
			w.actors.secretaryB,
			w.actors.classTeacherA1,
			w.actors.subjectTeacherA1,
			w.actors.finance,
			w.actors.guardian
		]) {
			await expect(listSchoolSickNotes(actor, w.schoolA)).rejects.toEqual(refused(403));
			await expect(deskClasses(actor, w.schoolA)).rejects.toEqual(refused(403));
		}
		expect((await deskClasses(w.actors.secretaryA, w.schoolA)).map((c) => c.name)).toEqual([
			'A1',
			'A2'
		]);
	});
});

describe('acknowledging and the written excuse', () => {
	it('acknowledges once: status, event and audit; a second time is a conflict', async () => {
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		const done = await acknowledgeSickNote(w.actors.secretaryA, note.caseId);
		expect(done).toEqual({ ok: true, value: { reference: note.reference } });
		expect(await caseStatus(note.caseId)).toBe('acknowledged');
		const [row] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, note.caseId));
		expect(row.acknowledgedByAccountId).toBe(w.actors.secretaryA.accountId);
		const events = await db()
			.select({ kind: caseEvents.kind })
			.from(caseEvents)
			.where(eq(caseEvents.caseId, note.caseId));
		expect(events.map((e) => e.kind)).toContain('sick_note_acknowledged');
		const audit = await db()
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'sick_note.acknowledge'), eq(auditLog.resourceId, note.caseId))
			);
		expect(audit).toHaveLength(1);
		const again = await acknowledgeSickNote(w.actors.classTeacherA1, note.caseId);
		expect(again).toMatchObject({ ok: false, status: 409 });
	});

	it("refuses another school's secretary, another class's teacher, a subject teacher, finance, a guardian (404)", async () => {
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		for (const actor of [
			w.actors.secretaryB,
			w.actors.classTeacherA2,
			w.actors.subjectTeacherA1,
			w.actors.finance,
			w.actors.guardian
		]) {
			await expect(acknowledgeSickNote(actor, note.caseId)).rejects.toEqual(refused(404));
			await expect(recordExcuseReceived(actor, note.caseId)).rejects.toEqual(refused(404));
		}
		expect(await caseStatus(note.caseId)).toBe('submitted');
	});

	it('records a signed excuse once where one is due; none is due for a portal report', async () => {
		const portal = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		expect(await recordExcuseReceived(w.actors.secretaryA, portal.caseId)).toMatchObject({
			ok: false,
			status: 409
		});
		const byPhone = await enterPhoneReport(w.actors.secretaryA, phone(w.minor.personId));
		if (!byPhone.ok) throw new Error('phone report refused');
		const first = await recordExcuseReceived(w.actors.classTeacherA1, byPhone.value.caseId);
		expect(first.ok).toBe(true);
		const [row] = await db()
			.select()
			.from(sickNotes)
			.where(eq(sickNotes.caseId, byPhone.value.caseId));
		expect(row.excuseReceivedByAccountId).toBe(w.actors.classTeacherA1.accountId);
		expect(await recordExcuseReceived(w.actors.secretaryA, byPhone.value.caseId)).toMatchObject({
			ok: false,
			status: 409
		});
	});
});

describe('a report taken by phone', () => {
	it('is stored with channel, caller and an excuse due in three days; the guardian is mailed', async () => {
		const input = phone(w.minor.personId, { lastDay: '2026-03-17' });
		const result = await enterPhoneReport(w.actors.secretaryA, input);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		expect(result.value.created).toBe(true);
		const [row] = await db()
			.select()
			.from(sickNotes)
			.where(eq(sickNotes.caseId, result.value.caseId));
		expect(row).toMatchObject({
			channel: 'phone',
			callerName: 'Gerda Muster',
			reportedAs: 'guardian',
			excuseDueOn: '2026-03-19',
			reportedByAccountId: w.actors.secretaryA.accountId,
			classId: w.classA1
		});
		const mails = await mailsTo(w.guardian.email);
		const mail = mails.find((m) => m.subject.includes(result.value.reference))!;
		expect(mail.text).toContain('19.03.2026');
		expect(mail.text).toContain('Gerda Muster');

		const again = await enterPhoneReport(w.actors.secretaryA, input);
		expect(again).toEqual({ ok: true, value: { ...result.value, created: false } });
		const audit = await db()
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.action, 'sick_note.enter_by_phone'),
					eq(auditLog.resourceId, result.value.caseId)
				)
			);
		expect(audit).toHaveLength(1);
	});

	it('taken on a Wednesday, wants the signed excuse by Monday (the deadline ends on no Saturday)', async () => {
		setClock(new Date('2026-03-18T09:00:00Z'));
		const result = await enterPhoneReport(
			w.actors.secretaryA,
			phone(w.minor.personId, { firstDay: '2026-03-18', lastDay: '2026-03-18' })
		);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		const [row] = await db()
			.select({ excuseDueOn: sickNotes.excuseDueOn })
			.from(sickNotes)
			.where(eq(sickNotes.caseId, result.value.caseId));
		expect(row.excuseDueOn).toBe('2026-03-23');
		const mail = (await mailsTo(w.guardian.email)).find((m) =>
			m.subject.includes(result.value.reference)
		)!;
		expect(mail.text).toContain('23.03.2026');
	});

	it('needs a caller name, and the caller the portal rule allows (by age on the first day)', async () => {
		const noCaller = await enterPhoneReport(
			w.actors.secretaryA,
			phone(w.minor.personId, { callerName: '  ', firstDay: '2026-02-01' })
		);
		expect(noCaller).toMatchObject({
			ok: false,
			status: 400,
			errors: {
				callerName: 'desk_error_caller_required',
				firstDay: 'error_sick_first_day_too_early'
			}
		});
		const minorSelf = await enterPhoneReport(
			w.actors.secretaryA,
			phone(w.minor.personId, { reportedAs: 'student' })
		);
		expect(minorSelf).toMatchObject({
			ok: false,
			errors: { reportedAs: 'desk_error_minor_needs_guardian' }
		});
		const adultByParent = await enterPhoneReport(w.actors.secretaryA, phone(w.adult.personId));
		expect(adultByParent).toMatchObject({
			ok: false,
			errors: { reportedAs: 'desk_error_adult_reports_self' }
		});
		const adultSelf = await enterPhoneReport(
			w.actors.headA,
			phone(w.adult.personId, { reportedAs: 'student', callerName: 'Alex selbst' })
		);
		expect(adultSelf.ok).toBe(true);
		expect(await mailsTo(w.adult.email)).not.toHaveLength(0);
	});

	it("refuses another school's secretary, teachers, finance and the family (404)", async () => {
		for (const actor of [
			w.actors.secretaryB,
			w.actors.classTeacherA1,
			w.actors.finance,
			w.actors.guardian
		]) {
			const result = await enterPhoneReport(actor, phone(w.minor.personId));
			expect(result).toMatchObject({ ok: false, status: 404 });
		}
	});

	it("finds the school's students by name or class, for the office only", async () => {
		const hits = await phoneReportStudents(w.actors.secretaryA, w.schoolA, { query: 'mia' });
		expect(hits.map((h) => h.personId)).toEqual([w.minor.personId]);
		const a2 = await phoneReportStudents(w.actors.secretaryA, w.schoolA, { classId: w.classA2 });
		expect(a2.map((h) => h.personId)).toEqual([w.studentA2.personId]);
		expect(await phoneReportStudents(w.actors.secretaryA, w.schoolA, { query: 'm' })).toEqual([]);
		await expect(
			phoneReportStudents(w.actors.secretaryB, w.schoolA, { query: 'mia' })
		).rejects.toEqual(refused(403));
	});
});
