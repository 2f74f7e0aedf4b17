import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addConsent,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createSchool,
	grantRole
} from '../../../../tests/helpers/factories';
import { auditLog } from '../audit/schema';
import { caseEvents, cases } from '../cases/schema';
import { listMyCases } from '../cases/service';
import { setClock } from '../clock';
import { db } from '../db';
import { jobs } from '../jobs/schema';
import { sickNotes } from './schema';
import {
	listReportableStudents,
	mySickNoteByReference,
	reportSickNote,
	validateSickNote,
	type SickNoteInput
} from './sick-notes';

useTestDatabase();

/** Monday, 16 March 2026, 09:00 in Germany. */
const NOW = new Date('2026-03-16T08:00:00Z');
const TODAY = '2026-03-16';
beforeEach(() => setClock(NOW));
afterEach(() => setClock(undefined));

let n = 0;
const clientId = () => `client-${++n}`;

/** A school with a class; a minor with a guardian; an adult student with a (former) guardian. */
async function family() {
	const schoolId = await createSchool();
	const classId = await createClass({ schoolId, name: 'TG11' });
	const minor = await createAccount({ givenNames: 'Emre', birthDate: '2010-05-01' });
	await addToClass(minor.personId, classId, 'student');
	const guardian = await createAccount({ givenNames: 'Ayşe', birthDate: '1980-01-01' });
	await addGuardianship(guardian.personId, minor.personId);
	const adult = await createAccount({ givenNames: 'Jonas', birthDate: '2005-01-10' });
	await addToClass(adult.personId, classId, 'student');
	const guardianOfAdult = await createAccount({ givenNames: 'Gabi', birthDate: '1975-01-01' });
	await addGuardianship(guardianOfAdult.personId, adult.personId);
	return { schoolId, classId, minor, guardian, adult, guardianOfAdult };
}

const input = (studentPersonId: string, extra: Partial<SickNoteInput> = {}): SickNoteInput => ({
	studentPersonId,
	firstDay: TODAY,
	lastDay: '2026-03-17',
	lessonFrom: null,
	lessonTo: null,
	note: null,
	clientId: clientId(),
	...extra
});

const notesOf = (personId: string) =>
	db().select().from(sickNotes).where(eq(sickNotes.studentPersonId, personId));
const mailsTo = async (email: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')))
		.map((j) => j.payload as { to: string; subject: string; text: string })
		.filter((m) => m.to === email);

describe('validateSickNote', () => {
	const base = { firstDay: TODAY, lastDay: null, lessonFrom: null, lessonTo: null, note: null };
	it('accepts a report from 30 days back to 14 days ahead, last day open', () => {
		expect(validateSickNote({ ...base, firstDay: '2026-02-14' }, TODAY)).toEqual({});
		expect(validateSickNote({ ...base, firstDay: '2026-03-30' }, TODAY)).toEqual({});
	});
	it('refuses days out of range, impossible dates, a last day before the first', () => {
		expect(validateSickNote({ ...base, firstDay: '2026-02-13' }, TODAY)).toEqual({
			firstDay: 'error_sick_first_day_too_early'
		});
		expect(validateSickNote({ ...base, firstDay: '2026-03-31' }, TODAY)).toEqual({
			firstDay: 'error_sick_first_day_too_late'
		});
		expect(validateSickNote({ ...base, firstDay: '2026-02-30' }, TODAY)).toEqual({
			firstDay: 'error_sick_first_day_invalid'
		});
		expect(validateSickNote({ ...base, lastDay: '2026-03-15' }, TODAY)).toEqual({
			lastDay: 'error_sick_last_day_before_first'
		});
		expect(validateSickNote({ ...base, lastDay: 'morgen' }, TODAY)).toEqual({
			lastDay: 'error_sick_last_day_invalid'
		});
	});
	it('allows lessons 1–12 on a single day only', () => {
		const lessons = { ...base, lastDay: TODAY, lessonFrom: 3, lessonTo: 6 };
		expect(validateSickNote(lessons, TODAY)).toEqual({});
		expect(validateSickNote({ ...lessons, lastDay: '2026-03-17' }, TODAY)).toEqual({
			lastDay: 'error_sick_lessons_one_day'
		});
		expect(validateSickNote({ ...lessons, lastDay: null }, TODAY)).toEqual({
			lastDay: 'error_sick_lessons_one_day'
		});
		expect(validateSickNote({ ...lessons, lessonFrom: 0 }, TODAY)).toEqual({
			lessonFrom: 'error_sick_lesson_invalid'
		});
		expect(validateSickNote({ ...lessons, lessonTo: 13 }, TODAY)).toEqual({
			lessonTo: 'error_sick_lesson_invalid'
		});
		expect(validateSickNote({ ...lessons, lessonFrom: 5, lessonTo: 4 }, TODAY)).toEqual({
			lessonTo: 'error_sick_lesson_to_before_from'
		});
		expect(validateSickNote({ ...lessons, lessonTo: null }, TODAY)).toEqual({
			lessonTo: 'error_sick_lesson_invalid'
		});
	});
	it('keeps the note short', () => {
		expect(validateSickNote({ ...base, note: 'x'.repeat(500) }, TODAY)).toEqual({});
		expect(validateSickNote({ ...base, note: 'x'.repeat(501) }, TODAY)).toEqual({
			note: 'error_sick_note_too_long'
		});
	});
});

describe('reportSickNote', () => {
	it('a guardian reports a minor: case, details, timeline, audit and a mail in one go', async () => {
		const f = await family();
		const actor = await actorFor(f.guardian.accountId);
		const result = await reportSickNote(
			actor,
			input(f.minor.personId, { note: '  Arzttermin um 10 Uhr  ' })
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.created).toBe(true);
		expect(result.value.reference).toMatch(/^S360-2026-\d{6}$/);

		const [row] = await db().select().from(cases).where(eq(cases.id, result.value.caseId));
		expect(row).toMatchObject({
			type: 'sick_note',
			status: 'submitted',
			schoolId: f.schoolId,
			subjectPersonId: f.minor.personId,
			createdByAccountId: f.guardian.accountId
		});
		const [note] = await notesOf(f.minor.personId);
		expect(note).toMatchObject({
			caseId: row.id,
			schoolId: f.schoolId,
			classId: f.classId,
			firstDay: TODAY,
			lastDay: '2026-03-17',
			note: 'Arzttermin um 10 Uhr',
			reportedByAccountId: f.guardian.accountId,
			reportedAs: 'guardian'
		});
		const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
		expect(events.map((e) => e.kind)).toEqual(['created', 'sick_note_reported']);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.report'), eq(auditLog.resourceId, row.id)));
		expect(audit).toHaveLength(1);
		const mails = await mailsTo(f.guardian.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toContain(result.value.reference);
		expect(mails[0].text).toContain('Emre');
		// The guardian sees it in "Meine Anliegen" and on the "Gesendet" page.
		expect((await listMyCases(actor)).map((c) => c.reference)).toContain(result.value.reference);
		expect(await mySickNoteByReference(actor, result.value.reference)).toMatchObject({
			firstDay: TODAY
		});
	});

	it('an adult student reports for themself; a minor does not', async () => {
		const f = await family();
		const adult = await reportSickNote(
			await actorFor(f.adult.accountId),
			input(f.adult.personId, { lastDay: TODAY, lessonFrom: 1, lessonTo: 4 })
		);
		expect(adult.ok).toBe(true);
		const [note] = await notesOf(f.adult.personId);
		expect(note).toMatchObject({ reportedAs: 'student', lessonFrom: 1, lessonTo: 4 });

		const minor = await reportSickNote(await actorFor(f.minor.accountId), input(f.minor.personId));
		expect(minor).toMatchObject({ ok: false, status: 404 });
		expect(await notesOf(f.minor.personId)).toHaveLength(0);
	});

	it('refuses a guardian of an adult (even with consent), another child, a teacher', async () => {
		const f = await family();
		await addConsent(
			f.adult.personId,
			{ guardianPersonId: f.guardianOfAdult.personId },
			'absences'
		);
		const refused = async (accountId: string, personId: string) => {
			const result = await reportSickNote(await actorFor(accountId), input(personId));
			expect(result).toMatchObject({ ok: false, status: 404 });
		};
		await refused(f.guardianOfAdult.accountId, f.adult.personId);
		await refused(f.guardian.accountId, f.adult.personId);
		const other = await family();
		await refused(f.guardian.accountId, other.minor.personId);
		const teacher = await createAccount({ givenNames: 'Katrin' });
		await grantRole(teacher.personId, 'teacher', { schoolId: f.schoolId });
		await addToClass(teacher.personId, f.classId, 'class_teacher');
		await refused(teacher.accountId, f.minor.personId);
		const secretary = await createAccount({ givenNames: 'Sabine' });
		await grantRole(secretary.personId, 'secretary', { schoolId: f.schoolId });
		await refused(secretary.accountId, f.minor.personId);
		expect(await notesOf(f.adult.personId)).toHaveLength(0);
		expect(await notesOf(f.minor.personId)).toHaveLength(0);
		const created = await db()
			.select()
			.from(cases)
			.where(inArray(cases.subjectPersonId, [f.adult.personId, f.minor.personId]));
		expect(created).toHaveLength(0);
	});

	it('decides by the age on the first day of absence, across the 18th birthday', async () => {
		const schoolId = await createSchool();
		const classId = await createClass({ schoolId });
		// Turns 18 on Wednesday, 18 March 2026.
		const student = await createAccount({ givenNames: 'Elif', birthDate: '2008-03-18' });
		await addToClass(student.personId, classId, 'student');
		const guardian = await createAccount({ givenNames: 'Mutter' });
		await addGuardianship(guardian.personId, student.personId);

		// Thursday after the birthday: absent since Tuesday (17, a minor) → the guardian reports.
		setClock(new Date('2026-03-19T08:00:00Z'));
		const guardianActor = await actorFor(guardian.accountId);
		const studentActor = await actorFor(student.accountId);
		const tuesday = input(student.personId, { firstDay: '2026-03-17', lastDay: '2026-03-19' });
		expect(await reportSickNote(studentActor, tuesday)).toMatchObject({ ok: false, status: 404 });
		expect((await reportSickNote(guardianActor, tuesday)).ok).toBe(true);
		// Absent from the birthday on → she reports herself, the guardian no more.
		const wednesday = input(student.personId, { firstDay: '2026-03-18', lastDay: null });
		expect(await reportSickNote(guardianActor, wednesday)).toMatchObject({
			ok: false,
			status: 404
		});
		expect((await reportSickNote(studentActor, wednesday)).ok).toBe(true);
		const rows = await notesOf(student.personId);
		expect(rows.map((r) => [r.firstDay, r.reportedAs]).sort()).toEqual([
			['2026-03-17', 'guardian'],
			['2026-03-18', 'student']
		]);

		// The day before the birthday, a report ahead for the birthday itself: she is 18 then.
		setClock(new Date('2026-03-17T08:00:00Z'));
		const ahead = input(student.personId, { firstDay: '2026-03-18', lastDay: '2026-03-18' });
		expect(await reportSickNote(await actorFor(guardian.accountId), ahead)).toMatchObject({
			ok: false,
			status: 404
		});
	});

	it('is idempotent on the client id per account', async () => {
		const f = await family();
		const actor = await actorFor(f.guardian.accountId);
		const report = input(f.minor.personId);
		const first = await reportSickNote(actor, report);
		const again = await reportSickNote(actor, { ...report, note: 'anders' });
		expect(first.ok && again.ok).toBe(true);
		if (!first.ok || !again.ok) return;
		expect(again.value).toEqual({ ...first.value, created: false });
		expect(await notesOf(f.minor.personId)).toHaveLength(1);
		expect(await mailsTo(f.guardian.email)).toHaveLength(1);
		// Sent twice at once: still one.
		const twice = input(f.minor.personId);
		const both = await Promise.all([reportSickNote(actor, twice), reportSickNote(actor, twice)]);
		expect(both.every((r) => r.ok)).toBe(true);
		expect(await notesOf(f.minor.personId)).toHaveLength(2);
		// The same client id from another account is a different report.
		const adult = await reportSickNote(await actorFor(f.adult.accountId), {
			...input(f.adult.personId),
			clientId: report.clientId
		});
		expect(adult.ok && adult.value.created).toBe(true);
	});

	it('returns field errors and stores nothing for a broken report', async () => {
		const f = await family();
		const actor = await actorFor(f.guardian.accountId);
		const result = await reportSickNote(
			actor,
			input(f.minor.personId, { firstDay: '2026-01-01', lastDay: '2025-12-31' })
		);
		expect(result).toMatchObject({
			ok: false,
			status: 400,
			errors: {
				firstDay: 'error_sick_first_day_too_early',
				lastDay: 'error_sick_last_day_before_first'
			}
		});
		expect(await reportSickNote(actor, input(f.minor.personId, { clientId: ' ' }))).toMatchObject({
			ok: false,
			errors: { form: 'error_sick_client_id' }
		});
		expect(await notesOf(f.minor.personId)).toHaveLength(0);
	});

	it('refuses a student who is in no class', async () => {
		const guardian = await createAccount();
		const child = await createAccount({ birthDate: '2012-01-01' });
		await addGuardianship(guardian.personId, child.personId);
		const result = await reportSickNote(await actorFor(guardian.accountId), input(child.personId));
		expect(result).toMatchObject({ ok: false, errors: { form: 'error_sick_no_class' } });
	});
});

describe('listReportableStudents', () => {
	it('lists minor wards and oneself when of age, with school and class', async () => {
		const f = await family();
		const guardian = await listReportableStudents(await actorFor(f.guardian.accountId));
		expect(guardian).toEqual([
			expect.objectContaining({ personId: f.minor.personId, self: false, className: 'TG11' })
		]);
		const adult = await listReportableStudents(await actorFor(f.adult.accountId));
		expect(adult).toEqual([expect.objectContaining({ personId: f.adult.personId, self: true })]);
		expect(await listReportableStudents(await actorFor(f.minor.accountId))).toEqual([]);
		expect(await listReportableStudents(await actorFor(f.guardianOfAdult.accountId))).toEqual([]);
		// Nobody sees a report they may not: another guardian's reference is not found.
		const result = await reportSickNote(
			await actorFor(f.guardian.accountId),
			input(f.minor.personId)
		);
		if (!result.ok) throw new Error('report failed');
		expect(
			await mySickNoteByReference(
				await actorFor(f.guardianOfAdult.accountId),
				result.value.reference
			)
		).toBeNull();
	});
});
