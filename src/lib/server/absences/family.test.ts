import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addApprenticeship,
	addConsent,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createCompany,
	createSchool,
	grantRole
} from '../../../../tests/helpers/factories';
import { auditLog } from '../audit/schema';
import { attachments, caseEvents, cases } from '../cases/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { jobs } from '../jobs/schema';
import { downloadAttachment } from './attachment-download';
import { extendSickNote, familySickNoteView, uploadSickNoteDocument } from './family';
import { familyCaseList } from './family-list';
import { storePendingUpload } from './pending-upload';
import { sickNotes } from './schema';
import { reportSickNote, type SickNoteInput } from './sick-notes';

useTestDatabase();
beforeAll(() => {
	process.env.FILES_DIR = mkdtempSync(path.join(os.tmpdir(), 's360-family-'));
});

/** Tuesday, 1 December 2026, 09:00 in Germany. */
const TODAY = '2026-12-01';
beforeEach(() => setClock(new Date('2026-12-01T08:00:00Z')));
afterEach(() => setClock(undefined));

const PDF = new TextEncoder().encode('%PDF-1.7\n% Attest\n');
const EXE = new TextEncoder().encode('MZ\x90\x00 This program cannot be run in DOS mode');
const pdf = (name = 'attest.pdf') => new File([PDF], name, { type: 'application/pdf' });
let n = 0;

/**
 * A class with its teacher and secretary; a minor with a guardian; an adult apprentice whose
 * former guardian holds the 'absences' consent, and another whose guardian holds none; a second
 * family; a company contact of the adult's training company.
 */
async function world() {
	const schoolId = await createSchool();
	const classId = await createClass({ schoolId, name: 'BK1' });
	const teacher = await createAccount({ givenNames: 'Klara' });
	await grantRole(teacher.personId, 'teacher', { schoolId });
	await addToClass(teacher.personId, classId, 'class_teacher');
	const secretary = await createAccount();
	await grantRole(secretary.personId, 'secretary', { schoolId });
	const minor = await createAccount({ givenNames: 'Mia', birthDate: '2011-04-01' });
	await addToClass(minor.personId, classId, 'student');
	const guardian = await createAccount({ givenNames: 'Gerda', birthDate: '1980-01-01' });
	await addGuardianship(guardian.personId, minor.personId);
	const adult = await createAccount({ givenNames: 'Alex', birthDate: '2005-02-02' });
	await addToClass(adult.personId, classId, 'student');
	const consented = await createAccount({ givenNames: 'Conny', birthDate: '1975-01-01' });
	await addGuardianship(consented.personId, adult.personId);
	await addConsent(adult.personId, { guardianPersonId: consented.personId }, 'absences');
	const companyId = await createCompany();
	await addApprenticeship(adult.personId, companyId);
	const company = await createAccount({ birthDate: null });
	await grantRole(company.personId, 'company_contact', { companyId });
	const otherChild = await createAccount({ birthDate: '2011-06-01' });
	await addToClass(otherChild.personId, classId, 'student');
	const otherGuardian = await createAccount({ birthDate: '1981-01-01' });
	await addGuardianship(otherGuardian.personId, otherChild.personId);
	const noConsentAdult = await createAccount({ birthDate: '2005-03-03' });
	await addToClass(noConsentAdult.personId, classId, 'student');
	const noConsentGuardian = await createAccount({ birthDate: '1976-01-01' });
	await addGuardianship(noConsentGuardian.personId, noConsentAdult.personId);
	const a = async (x: { accountId: string }) => actorFor(x.accountId);
	return {
		classId,
		teacher,
		minor,
		adult,
		noConsentAdult,
		otherChild,
		actors: {
			teacher: await a(teacher),
			secretary: await a(secretary),
			guardian: await a(guardian),
			adult: await a(adult),
			consented: await a(consented),
			company: await a(company),
			otherGuardian: await a(otherGuardian),
			noConsentGuardian: await a(noConsentGuardian),
			noConsentAdult: await a(noConsentAdult)
		}
	};
}

async function report(
	actor: Awaited<ReturnType<typeof actorFor>>,
	studentPersonId: string,
	extra: Partial<SickNoteInput> = {}
) {
	const result = await reportSickNote(actor, {
		studentPersonId,
		firstDay: TODAY,
		lastDay: '2026-12-02',
		lessonFrom: null,
		lessonTo: null,
		note: null,
		clientId: `family-${++n}`,
		attachmentId: null,
		...extra
	});
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result.value;
}

/** What the class teacher's "demand an Attest" leaves behind (attest.ts, another module). */
async function demandAttest(caseId: string, dueOn = '2026-12-08') {
	await db().update(cases).set({ status: 'attest_requested' }).where(eq(cases.id, caseId));
	await db()
		.update(sickNotes)
		.set({ attestRequestedAt: new Date(), attestDueOn: dueOn, attestReason: 'long_absence' })
		.where(eq(sickNotes.caseId, caseId));
}

const eventsOf = (caseId: string) =>
	db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
const mailsTo = async (email: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')))
		.map((j) => j.payload as { to: string; subject: string })
		.filter((m) => m.to === email);
const refusal = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ status: 404 });

describe('familySickNoteView', () => {
	it('shows the guardian status, period, reporter, needs and actions', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId);
		await demandAttest(caseId);
		const view = await familySickNoteView(w.actors.guardian, reference);
		expect(view).toMatchObject({
			reference,
			status: 'attest_requested',
			studentName: expect.stringMatching(/^Mia /),
			className: 'BK1',
			firstDay: TODAY,
			lastDay: '2026-12-02',
			reportedBy: expect.stringMatching(/^Gerda /),
			reportedAs: 'guardian',
			needs: { attest: { dueOn: '2026-12-08', overdue: false }, excuse: null },
			actions: { extend: true, uploadAttest: true, uploadExcuse: false },
			latestLastDay: '2026-12-15'
		});
		expect(view.timeline.map((e) => e.kind)).toEqual(['created', 'sick_note_reported']);
		expect(JSON.stringify(view)).not.toContain('@');
	});

	it('lets a former guardian with the adult’s consent read, without any action', async () => {
		const w = await world();
		const { reference } = await report(w.actors.adult, w.adult.personId);
		const view = await familySickNoteView(w.actors.consented, reference);
		expect(view.actions).toEqual({ extend: false, uploadAttest: false, uploadExcuse: false });
		await refusal(extendSickNote(w.actors.consented, reference, '2026-12-04'));
		await refusal(uploadSickNoteDocument(w.actors.consented, reference, 'excuse', pdf()));
	});

	it('refuses another guardian, a guardian of an adult without consent, a company and staff', async () => {
		const w = await world();
		const minorNote = await report(w.actors.guardian, w.minor.personId);
		const adultNote = await report(w.actors.noConsentAdult, w.noConsentAdult.personId);
		const apprenticeNote = await report(w.actors.adult, w.adult.personId);
		await refusal(familySickNoteView(w.actors.otherGuardian, minorNote.reference));
		await refusal(familySickNoteView(w.actors.noConsentGuardian, adultNote.reference));
		await refusal(familySickNoteView(w.actors.company, apprenticeNote.reference));
		// Staff read the case on their own, audit-logged page.
		await refusal(familySickNoteView(w.actors.secretary, minorNote.reference));
		await refusal(familySickNoteView(w.actors.guardian, 'S360-2026-999999'));
	});
});

describe('extendSickNote', () => {
	it('sets a new last day on the same case, with an event and an audit entry', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId);
		expect(await extendSickNote(w.actors.guardian, reference, '2026-12-04')).toEqual({
			ok: true,
			value: { reference }
		});
		const [note] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
		expect(note.lastDay).toBe('2026-12-04');
		const events = await eventsOf(caseId);
		expect(events.at(-1)).toMatchObject({
			kind: 'sick_note_extended',
			data: { from: '2026-12-02', to: '2026-12-04' }
		});
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.extend'), eq(auditLog.resourceId, caseId)));
		expect(audit).toHaveLength(1);
		expect(
			await db().select().from(cases).where(eq(cases.subjectPersonId, w.minor.personId))
		).toHaveLength(1);
		// "noch unbekannt" is an extension too.
		expect((await extendSickNote(w.actors.guardian, reference, null)).ok).toBe(true);
	});

	it('turns a lessons-only day into whole days once the report spans more days', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId, {
			lastDay: TODAY,
			lessonFrom: 3,
			lessonTo: 5
		});
		expect((await extendSickNote(w.actors.guardian, reference, '2026-12-02')).ok).toBe(true);
		const [note] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
		expect(note).toMatchObject({ lastDay: '2026-12-02', lessonFrom: null, lessonTo: null });
	});

	it.each([
		['not a day', '2026-12-32', 'sickcase_error_last_day_invalid'],
		['before the first day', '2026-11-30', 'sickcase_error_last_day_before_first'],
		['before the old last day', TODAY, 'sickcase_error_last_day_before_old'],
		['more than 14 days ahead', '2026-12-16', 'sickcase_error_last_day_too_late'],
		['unchanged', '2026-12-02', 'sickcase_error_unchanged']
	])('refuses a last day %s', async (_, lastDay, key) => {
		const w = await world();
		const { reference } = await report(w.actors.guardian, w.minor.personId);
		expect(await extendSickNote(w.actors.guardian, reference, lastDay)).toMatchObject({
			ok: false,
			errors: { lastDay: key }
		});
	});

	it('refuses a closed report and another family', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId);
		await refusal(extendSickNote(w.actors.otherGuardian, reference, '2026-12-04'));
		await refusal(extendSickNote(w.actors.teacher, reference, '2026-12-04'));
		await db().update(cases).set({ status: 'closed' }).where(eq(cases.id, caseId));
		expect(await extendSickNote(w.actors.guardian, reference, '2026-12-04')).toMatchObject({
			ok: false,
			status: 409,
			errors: { form: 'sickcase_error_closed' }
		});
	});
});

describe('uploadSickNoteDocument', () => {
	it('takes the demanded Attest: status, time, attachment, event, mail to the class teacher', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId);
		await demandAttest(caseId);
		const result = await uploadSickNoteDocument(
			w.actors.guardian,
			reference,
			'attest',
			pdf('Attest Mia.pdf')
		);
		expect(result.ok).toBe(true);
		const [c] = await db().select().from(cases).where(eq(cases.id, caseId));
		expect(c.status).toBe('attest_received');
		const [note] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
		expect(note.attestReceivedAt).not.toBeNull();
		const [file] = await db().select().from(attachments).where(eq(attachments.caseId, caseId));
		expect(file).toMatchObject({
			kind: 'attest',
			mimeType: 'application/pdf',
			fileName: 'Attest Mia.pdf'
		});
		expect((await eventsOf(caseId)).at(-1)?.kind).toBe('sick_note_attest_uploaded');
		expect((await mailsTo(w.teacher.email)).map((m) => m.subject)).toEqual([
			`Attest eingegangen: ${(await familySickNoteView(w.actors.guardian, reference)).studentName} (${reference})`
		]);
		// Not twice.
		expect(
			await uploadSickNoteDocument(w.actors.guardian, reference, 'attest', pdf())
		).toMatchObject({ ok: false, status: 409 });
	});

	it('refuses a renamed program and an Attest nobody asked for, storing nothing', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId);
		expect(
			await uploadSickNoteDocument(w.actors.guardian, reference, 'attest', pdf())
		).toMatchObject({
			ok: false,
			errors: { form: 'sickcase_error_attest_not_requested' }
		});
		await demandAttest(caseId);
		const exe = new File([EXE], 'attest.pdf', { type: 'application/pdf' });
		expect(await uploadSickNoteDocument(w.actors.guardian, reference, 'attest', exe)).toEqual({
			ok: false,
			status: 415,
			errors: { attest: 'upload_error_type' }
		});
		expect(await db().select().from(attachments).where(eq(attachments.caseId, caseId))).toEqual([]);
		await refusal(uploadSickNoteDocument(w.actors.otherGuardian, reference, 'attest', pdf()));
		await refusal(uploadSickNoteDocument(w.actors.company, reference, 'attest', pdf()));
	});

	it('takes a signed excuse only while one is due', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId);
		expect(
			await uploadSickNoteDocument(w.actors.guardian, reference, 'excuse', pdf())
		).toMatchObject({
			ok: false,
			errors: { form: 'sickcase_error_excuse_not_due' }
		});
		await db()
			.update(sickNotes)
			.set({ excuseDueOn: '2026-12-04' })
			.where(eq(sickNotes.caseId, caseId));
		expect((await familySickNoteView(w.actors.guardian, reference)).needs.excuse).toEqual({
			dueOn: '2026-12-04',
			overdue: false
		});
		expect(
			(await uploadSickNoteDocument(w.actors.guardian, reference, 'excuse', pdf('e.pdf'))).ok
		).toBe(true);
		const [note] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
		expect(note.excuseReceivedAt).not.toBeNull();
		const view = await familySickNoteView(w.actors.guardian, reference);
		expect(view.needs.excuse).toBeNull();
		expect(view.attachments.map((a) => a.kind)).toEqual(['excuse']);
		expect(view.timeline.at(-1)?.kind).toBe('sick_note_excuse_uploaded');
	});
});

describe('a file chosen with the report', () => {
	it('is attached to the new case, and only by the account that uploaded it', async () => {
		const w = await world();
		const pending = await storePendingUpload(
			w.actors.guardian,
			w.minor.personId,
			pdf('Befund.pdf')
		);
		if (!pending.ok) throw new Error('upload refused');
		// Another family cannot use the id for its own report.
		const other = await reportSickNote(w.actors.otherGuardian, {
			studentPersonId: w.otherChild.personId,
			firstDay: TODAY,
			lastDay: null,
			lessonFrom: null,
			lessonTo: null,
			note: null,
			clientId: `family-${++n}`,
			attachmentId: pending.value.id
		});
		expect(other).toMatchObject({ ok: false, errors: { attachment: 'upload_error_expired' } });
		const { caseId } = await report(w.actors.guardian, w.minor.personId, {
			attachmentId: pending.value.id
		});
		const [file] = await db()
			.select()
			.from(attachments)
			.where(eq(attachments.id, pending.value.id));
		expect(file.caseId).toBe(caseId);
		// Used once: a second report cannot take it again.
		await expect(
			reportSickNote(w.actors.guardian, {
				studentPersonId: w.minor.personId,
				firstDay: TODAY,
				lastDay: null,
				lessonFrom: null,
				lessonTo: null,
				note: null,
				clientId: `family-${++n}`,
				attachmentId: pending.value.id
			})
		).resolves.toMatchObject({ ok: false, errors: { attachment: 'upload_error_expired' } });
	});

	it('is refused for a student the actor may not report for, and when it is not allowed', async () => {
		const w = await world();
		expect(await storePendingUpload(w.actors.otherGuardian, w.minor.personId, pdf())).toMatchObject(
			{
				ok: false,
				status: 404
			}
		);
		const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'x.pdf');
		expect(await storePendingUpload(w.actors.guardian, w.minor.personId, big)).toMatchObject({
			ok: false,
			errors: { attachment: 'upload_error_too_large' }
		});
	});
});

describe('downloadAttachment', () => {
	it('serves the family and the class teacher (audit-logged), nobody else', async () => {
		const w = await world();
		const { reference, caseId } = await report(w.actors.guardian, w.minor.personId);
		await demandAttest(caseId);
		await uploadSickNoteDocument(w.actors.guardian, reference, 'attest', pdf('Attest.pdf'));
		const [file] = await db().select().from(attachments).where(eq(attachments.caseId, caseId));
		const got = await downloadAttachment(w.actors.guardian, file.id);
		expect(got).toMatchObject({ fileName: 'Attest.pdf', mimeType: 'application/pdf' });
		expect(got.bytes).toEqual(PDF);
		await downloadAttachment(w.actors.teacher, file.id);
		const reads = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'attachment.read'), eq(auditLog.resourceId, file.id)));
		expect(reads.map((r) => r.actorAccountId)).toEqual([w.actors.teacher.accountId]);
		await refusal(downloadAttachment(w.actors.otherGuardian, file.id));
		await refusal(downloadAttachment(w.actors.company, file.id));
		await refusal(downloadAttachment(w.actors.noConsentGuardian, file.id));
		await refusal(downloadAttachment(w.actors.guardian, 'not-an-id'));
		await refusal(downloadAttachment(w.actors.guardian, '00000000-0000-4000-8000-000000000000'));
	});

	it('never serves a pending upload, not even to its uploader', async () => {
		const w = await world();
		const pending = await storePendingUpload(w.actors.guardian, w.minor.personId, pdf());
		if (!pending.ok) throw new Error('upload refused');
		await refusal(downloadAttachment(w.actors.guardian, pending.value.id));
	});
});

describe('familyCaseList', () => {
	it('lists own and ward cases with their period, and consented sick notes', async () => {
		const w = await world();
		const minorNote = await report(w.actors.guardian, w.minor.personId);
		const adultNote = await report(w.actors.adult, w.adult.personId, { lastDay: null });
		const guardianList = await familyCaseList(w.actors.guardian);
		expect(guardianList.map((c) => c.reference)).toEqual([minorNote.reference]);
		expect(guardianList[0]).toMatchObject({
			status: 'submitted',
			period: { firstDay: TODAY, lastDay: '2026-12-02' }
		});
		expect((await familyCaseList(w.actors.consented)).map((c) => c.reference)).toEqual([
			adultNote.reference
		]);
		expect(await familyCaseList(w.actors.noConsentGuardian)).toEqual([]);
		expect(await familyCaseList(w.actors.otherGuardian)).toEqual([]);
	});
});
