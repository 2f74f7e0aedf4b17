import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addApprenticeship,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createCompany,
	createSchool,
	grantRole
} from '../../../../tests/helpers/factories';
import { pdfTextLines } from '../../../../tests/helpers/pdf-text';
import { auditLog } from '../audit/schema';
import { readAttachment, storeAttachment } from '../cases/attachment-store';
import { attachments, caseEvents, cases } from '../cases/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { efileDeliveryKind, type EfilePayload } from '../efile/jobs';
import { queueCaseForEfile } from '../efile/queue';
import { people, schools } from '../identity/schema';
import { jobs } from '../jobs/schema';
import type { Actor } from '../policy';
import { closeSickNote } from './close';
import { sickNotes } from './schema';
import { reportSickNote } from './sick-notes';

useTestDatabase();
beforeAll(() => {
	process.env.FILES_DIR = mkdtempSync(path.join(os.tmpdir(), 's360-close-'));
});

/** Monday, 16 March 2026, 10:00 in Germany. */
const NOW = new Date('2026-03-16T09:00:00Z');
beforeEach(() => setClock(NOW));
afterEach(() => setClock(undefined));

let n = 0;
const rename = (personId: string, givenNames: string, familyName: string, asvId?: string) =>
	db()
		.update(people)
		.set({ givenNames, familyName, asvId: asvId ?? null })
		.where(eq(people.id, personId));

/** A school with class TG11 and its class teacher, a minor with his guardian, staff around them. */
async function school() {
	const k = ++n;
	const schoolName = `Gewerbliche Schule Seeburg ${k}`;
	const schoolId = await createSchool({ name: schoolName });
	await db()
		.update(schools)
		.set({ code: `04${k}123`, address: 'Am Seeufer 3, 78000 Seeburg' })
		.where(eq(schools.id, schoolId));
	const classId = await createClass({ schoolId, name: 'TG11' });
	const otherClassId = await createClass({ schoolId, name: 'KFZ2' });

	const minor = await createAccount({ birthDate: '2010-05-01' });
	await rename(minor.personId, 'Emre', 'Yılmaz', `ASV-${k}-4711`);
	await addToClass(minor.personId, classId, 'student');
	const guardian = await createAccount({ birthDate: '1980-01-01' });
	await rename(guardian.personId, 'Ayşe', 'Yılmaz');
	await addGuardianship(guardian.personId, minor.personId);
	const adult = await createAccount({ birthDate: '2005-01-10' });
	await rename(adult.personId, 'Jonas', 'Weber');
	await addToClass(adult.personId, classId, 'student');
	const formerGuardian = await createAccount({ birthDate: '1975-01-01' });
	await addGuardianship(formerGuardian.personId, adult.personId);

	const staff = async (role: 'teacher' | 'secretary' | 'school_admin', inSchool = schoolId) => {
		const a = await createAccount();
		await grantRole(a.personId, role, { schoolId: inSchool });
		return a;
	};
	const classTeacher = await staff('teacher');
	await rename(classTeacher.personId, 'Katrin', 'Hoffmann');
	await addToClass(classTeacher.personId, classId, 'class_teacher');
	const otherClassTeacher = await staff('teacher');
	await addToClass(otherClassTeacher.personId, otherClassId, 'class_teacher');
	const subjectTeacher = await staff('teacher');
	await addToClass(subjectTeacher.personId, classId, 'teacher');
	const secretary = await staff('secretary');
	const head = await staff('school_admin');
	const otherSecretary = await staff('secretary', await createSchool());
	const companyId = await createCompany();
	await addApprenticeship(minor.personId, companyId);
	const companyContact = await createAccount();
	await grantRole(companyContact.personId, 'company_contact', { companyId });
	const finance = await createAccount();
	await grantRole(finance.personId, 'district_finance');

	const actors = {
		guardian: await actorFor(guardian.accountId),
		adult: await actorFor(adult.accountId),
		classTeacher: await actorFor(classTeacher.accountId),
		otherClassTeacher: await actorFor(otherClassTeacher.accountId),
		subjectTeacher: await actorFor(subjectTeacher.accountId),
		secretary: await actorFor(secretary.accountId),
		head: await actorFor(head.accountId),
		otherSecretary: await actorFor(otherSecretary.accountId),
		companyContact: await actorFor(companyContact.accountId),
		finance: await actorFor(finance.accountId)
	};
	return { schoolId, schoolName, classId, minor, guardian, adult, formerGuardian, actors };
}

async function report(actor: Actor, studentPersonId: string, note: string | null = null) {
	const result = await reportSickNote(actor, {
		studentPersonId,
		firstDay: '2026-03-16',
		lastDay: '2026-03-18',
		lessonFrom: null,
		lessonTo: null,
		note,
		clientId: `close-${++n}`
	});
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.value;
}

const efileJobs = (caseId: string) =>
	db()
		.select()
		.from(jobs)
		.where(
			and(eq(jobs.name, efileDeliveryKind.name), eq(jobs.singletonKey, `s360:case:${caseId}`))
		);
const closedMails = async (reference: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')))
		.map((j) => j.payload as { to: string; subject: string; text: string })
		.filter((m) => m.subject.includes(reference) && /abgeschlossen|closed/.test(m.subject));
const summaries = (caseId: string) =>
	db()
		.select()
		.from(attachments)
		.where(and(eq(attachments.caseId, caseId), eq(attachments.kind, 'summary')));
const stateOf = async (caseId: string) => {
	const [c] = await db().select().from(cases).where(eq(cases.id, caseId));
	const [s] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
	const events = await db()
		.select({ kind: caseEvents.kind })
		.from(caseEvents)
		.where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'sick_note_closed')));
	return {
		status: c.status,
		caseClosedAt: c.closedAt,
		decision: s.decision,
		closedAt: s.closedAt,
		closeEvents: events.length,
		summaries: (await summaries(caseId)).length,
		efileJobs: (await efileJobs(caseId)).length
	};
};
const untouched = {
	status: 'submitted',
	caseClosedAt: null,
	decision: null,
	closedAt: null,
	closeEvents: 0,
	summaries: 0,
	efileJobs: 0
};

describe('closeSickNote', () => {
	it('the class teacher closes: case closed, PDF summary with the facts, one e-file job, mail to the guardian', async () => {
		const s = await school();
		const note = 'Termin beim Kinderarzt am Dienstag';
		const { caseId, reference } = await report(s.actors.guardian, s.minor.personId, note);
		const attest = await storeAttachment(db(), {
			caseId,
			uploadedByAccountId: s.guardian.accountId,
			fileName: 'Attest Emre.pdf',
			mimeType: 'application/pdf',
			bytes: new TextEncoder().encode('%PDF-1.7 attest'),
			kind: 'attest'
		});

		const result = await closeSickNote(s.actors.classTeacher, caseId, 'excused');
		expect(result).toEqual({ ok: true, value: { reference } });

		const state = await stateOf(caseId);
		expect(state).toMatchObject({ status: 'closed', decision: 'excused', closeEvents: 1 });
		expect(state.caseClosedAt).toEqual(NOW);
		expect(state.closedAt).toEqual(NOW);
		const [audit] = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.close'), eq(auditLog.resourceId, caseId)));
		expect(audit.actorAccountId).toBe(s.actors.classTeacher.accountId);
		expect(audit.details).toMatchObject({ reference, decision: 'excused' });

		// The summary PDF: stored as an attachment of kind "summary", with the facts in its text.
		const [summary] = await summaries(caseId);
		expect(summary).toMatchObject({
			mimeType: 'application/pdf',
			fileName: `Krankmeldung-${reference}-Zusammenfassung.pdf`
		});
		const pdf = (await readAttachment(db(), summary.id))!;
		expect(new TextDecoder().decode(pdf.bytes.subarray(0, 5))).toBe('%PDF-');
		const text = (await pdfTextLines(pdf.bytes)).flat().join(' ');
		for (const fact of [
			s.schoolName,
			'Am Seeufer 3, 78000 Seeburg',
			`Aktenzeichen ${reference}`,
			'Emre Yılmaz',
			'01.05.2010',
			'TG11',
			'16.03.2026 bis 18.03.2026',
			'Erziehungsberechtigte/r: Ayşe Yılmaz, im Portal',
			note,
			'entschuldigt',
			'von Katrin Hoffmann',
			'Krankmeldung eingegangen – Ayşe Yılmaz (Familie)',
			'Abgeschlossen – Katrin Hoffmann (Schule) · entschuldigt',
			`Attest Emre.pdf · 15 B · application/pdf · SHA-256 ${attest.sha256.slice(0, 16)}`
		])
			expect(text).toContain(fact);
		expect(text).not.toContain('nicht entschuldigt');

		// Exactly one e-file job, waiting: no handler is registered for it yet.
		const queued = await efileJobs(caseId);
		expect(queued).toHaveLength(1);
		expect(queued[0].state).toBe('pending');
		const payload = queued[0].payload as EfilePayload;
		const [schoolRow] = await db().select().from(schools).where(eq(schools.id, s.schoolId));
		expect(payload).toMatchObject({
			externalId: `s360:case:${caseId}`,
			reference,
			caseType: 'sick_note',
			closedAt: NOW.toISOString(),
			school: { id: s.schoolId, code: schoolRow.code },
			student: {
				personId: s.minor.personId,
				asvId: expect.stringMatching(/^ASV-\d+-4711$/),
				givenNames: 'Emre',
				familyName: 'Yılmaz',
				birthDate: '2010-05-01'
			}
		});
		expect(payload.documents).toEqual([
			{
				attachmentId: summary.id,
				kind: 'summary',
				fileName: summary.fileName,
				mimeType: 'application/pdf',
				sha256: summary.sha256,
				sizeBytes: summary.sizeBytes
			},
			{
				attachmentId: attest.id,
				kind: 'attest',
				fileName: 'Attest Emre.pdf',
				mimeType: 'application/pdf',
				sha256: attest.sha256,
				sizeBytes: 15
			}
		]);

		const mails = await closedMails(reference);
		expect(mails.map((m) => m.to)).toEqual([s.guardian.email]);
		expect(mails[0].text).toContain('Hallo Ayşe Yılmaz');
		expect(mails[0].text).toContain('„entschuldigt“');
		expect(mails[0].text).toContain(`/anliegen/${reference}`);
	});

	it('an adult reports for himself: "nicht entschuldigt", mailed to him, not to his former guardian', async () => {
		const s = await school();
		const { caseId, reference } = await report(s.actors.adult, s.adult.personId);
		expect((await closeSickNote(s.actors.classTeacher, caseId, 'unexcused')).ok).toBe(true);
		const mails = await closedMails(reference);
		expect(mails.map((m) => m.to)).toEqual([s.adult.email]);
		expect(mails[0].text).toContain('„nicht entschuldigt“');
		const [summary] = await summaries(caseId);
		const text = (await pdfTextLines((await readAttachment(db(), summary.id))!.bytes))
			.flat()
			.join(' ');
		expect(text).toContain('Schüler/in selbst: Jonas Weber, im Portal');
		expect(text).toContain('nicht entschuldigt');
		expect(text).toContain('Hinweis der Familie');
		const [payload] = (await efileJobs(caseId)).map((j) => j.payload as EfilePayload);
		expect(payload.documents.map((d) => d.kind)).toEqual(['summary']);
		expect(payload.student.asvId).toBeNull();
	});

	it('the head of school may stand in for the class teacher', async () => {
		const s = await school();
		const { caseId } = await report(s.actors.guardian, s.minor.personId);
		expect((await closeSickNote(s.actors.head, caseId, 'excused')).ok).toBe(true);
		expect((await stateOf(caseId)).status).toBe('closed');
	});

	it.each([
		['attachments', `new.kind = 'summary'`],
		['jobs', `new.name = 'efile.deliver.v1'`]
	])(
		'a failure inside the transaction (insert into %s) leaves no job, no PDF row, no mail and no status change',
		async (table, condition) => {
			const s = await school();
			const { caseId, reference } = await report(s.actors.guardian, s.minor.personId);
			await db().execute(
				sql.raw(`create or replace function close_test_fail() returns trigger language plpgsql as $$
					begin if ${condition} then raise exception 'provoked failure'; end if; return new; end $$`)
			);
			await db().execute(
				sql.raw(`create trigger close_test_fail before insert on ${table}
					for each row execute function close_test_fail()`)
			);
			try {
				// drizzle wraps the database error ("Failed query: …") and keeps it as the cause.
				await expect(closeSickNote(s.actors.classTeacher, caseId, 'excused')).rejects.toMatchObject(
					{
						cause: { message: expect.stringContaining('provoked failure') }
					}
				);
			} finally {
				await db().execute(sql.raw(`drop trigger close_test_fail on ${table}`));
			}
			expect(await stateOf(caseId)).toEqual(untouched);
			expect(await closedMails(reference)).toEqual([]);
			const audits = await db()
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'sick_note.close'), eq(auditLog.resourceId, caseId)));
			expect(audits).toEqual([]);
			// Nothing was half done: the same close now goes through.
			expect((await closeSickNote(s.actors.classTeacher, caseId, 'excused')).ok).toBe(true);
			expect(await stateOf(caseId)).toMatchObject({ status: 'closed', summaries: 1, efileJobs: 1 });
		}
	);

	it.each([
		'otherClassTeacher',
		'subjectTeacher',
		'secretary',
		'otherSecretary',
		'guardian',
		'companyContact',
		'finance'
	] as const)('refuses %s with 404 and changes nothing', async (who) => {
		const s = await school();
		const { caseId, reference } = await report(s.actors.guardian, s.minor.personId);
		expect(await closeSickNote(s.actors[who], caseId, 'excused')).toEqual({
			ok: false,
			status: 404,
			errors: { form: 'error_not_found' }
		});
		expect(await stateOf(caseId)).toEqual(untouched);
		expect(await closedMails(reference)).toEqual([]);
	});

	it('answers an unknown case like a refused one (404)', async () => {
		const s = await school();
		const result = await closeSickNote(
			s.actors.classTeacher,
			'00000000-0000-4000-8000-000000000000',
			'excused'
		);
		expect(result).toMatchObject({ ok: false, status: 404 });
	});

	it('refuses a decision that is neither excused nor unexcused (400)', async () => {
		const s = await school();
		const { caseId } = await report(s.actors.guardian, s.minor.personId);
		const result = await closeSickNote(s.actors.classTeacher, caseId, 'maybe' as 'excused');
		expect(result).toEqual({
			ok: false,
			status: 400,
			errors: { decision: 'close_error_decision' }
		});
		expect(await stateOf(caseId)).toEqual(untouched);
	});

	it('closing twice answers 409 and keeps one job, one PDF and the first decision', async () => {
		const s = await school();
		const { caseId, reference } = await report(s.actors.guardian, s.minor.personId);
		expect((await closeSickNote(s.actors.classTeacher, caseId, 'excused')).ok).toBe(true);
		expect(await closeSickNote(s.actors.head, caseId, 'unexcused')).toEqual({
			ok: false,
			status: 409,
			errors: { form: 'close_error_already_closed' }
		});
		expect(await stateOf(caseId)).toMatchObject({
			status: 'closed',
			decision: 'excused',
			closeEvents: 1,
			summaries: 1,
			efileJobs: 1
		});
		expect(await closedMails(reference)).toHaveLength(1);
		// Queueing the case again (a retried close, another module) keeps the one job.
		await db().transaction((tx) => queueCaseForEfile(tx, caseId));
		expect(await efileJobs(caseId)).toHaveLength(1);
	});

	it('two closes at the same moment: one wins, the other gets 409', async () => {
		const s = await school();
		const { caseId } = await report(s.actors.guardian, s.minor.personId);
		const results = await Promise.all([
			closeSickNote(s.actors.classTeacher, caseId, 'excused'),
			closeSickNote(s.actors.head, caseId, 'unexcused')
		]);
		expect(results.map((r) => (r.ok ? 200 : r.status)).sort()).toEqual([200, 409]);
		expect(await stateOf(caseId)).toMatchObject({ closeEvents: 1, summaries: 1, efileJobs: 1 });
	});
});
