import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import { caseEvents, cases } from '../cases/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { jobs } from '../jobs/schema';
import { can } from '../policy';
import { addCompanyNote, companiesSeeingAbsences, listCompanyAbsences } from './company';
import { sickNotes } from './schema';
import { loadSickNote } from './sick-note-record';
import { extendSickNote } from './family';
import { reportSickNote } from './sick-notes';

useTestDatabase();

/** Monday, 16 March 2026, 09:00 in Germany. */
const NOW = new Date('2026-03-16T08:00:00Z');
beforeEach(() => setClock(NOW));
afterEach(() => setClock(undefined));

let n = 0;
const report = async (
	accountId: string,
	studentPersonId: string,
	extra: { firstDay?: string; lastDay?: string | null; note?: string } = {}
) => {
	const result = await reportSickNote(await actorFor(accountId), {
		studentPersonId,
		firstDay: extra.firstDay ?? '2026-03-16',
		lastDay: extra.lastDay === undefined ? '2026-03-17' : extra.lastDay,
		lessonFrom: null,
		lessonTo: null,
		note: extra.note ?? null,
		clientId: `company-${++n}`
	});
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.value;
};

const mails = async () =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1'))).map(
		(j) => j.payload as { to: string; subject: string; text: string }
	);

/**
 * A part-time class with a minor apprentice (Mia, guardian Anna) and an adult one (Ben) at
 * Autohaus; Ben consented only to Seewerk, where he also trains. A bakery once trained Mia.
 */
async function world() {
	const schoolId = await createSchool();
	const classId = await createClass({ schoolId, name: 'KFZ1' });
	const mia = await createAccount({ givenNames: 'Mia', birthDate: '2010-05-01' });
	await addToClass(mia.personId, classId, 'student');
	const anna = await createAccount({ givenNames: 'Anna', birthDate: '1980-01-01' });
	await addGuardianship(anna.personId, mia.personId);
	const ben = await createAccount({ givenNames: 'Ben', birthDate: '2005-01-10' });
	await addToClass(ben.personId, classId, 'student');

	const autohaus = await createCompany({ name: 'Autohaus Test' });
	const seewerk = await createCompany({ name: 'Seewerk Test' });
	const bakery = await createCompany({ name: 'Bäckerei Test' });
	await addApprenticeship(mia.personId, autohaus);
	await addApprenticeship(ben.personId, autohaus);
	await addApprenticeship(ben.personId, seewerk);
	await addApprenticeship(mia.personId, bakery, { startsOn: '2024-09-01', endsOn: '2025-08-31' });
	await addConsent(ben.personId, { companyId: seewerk }, 'absences');

	const contact = async (
		companyId: string,
		values: { disabled?: boolean; validTo?: string } = {}
	) => {
		const account = await createAccount({ disabled: values.disabled });
		await grantRole(account.personId, 'company_contact', { companyId, validTo: values.validTo });
		return account;
	};
	return {
		schoolId,
		classId,
		mia,
		anna,
		ben,
		companies: { autohaus, seewerk, bakery },
		autohausContact: await contact(autohaus),
		autohausDisabled: await contact(autohaus, { disabled: true }),
		autohausFormer: await contact(autohaus, { validTo: '2025-12-31' }),
		seewerkContact: await contact(seewerk),
		bakeryContact: await contact(bakery)
	};
}

describe('queueCompanyNotices (through reportSickNote)', () => {
	it('mails the current, enabled contacts of a company that may see the absence, without the note', async () => {
		const w = await world();
		const before = (await mails()).length;
		await report(w.anna.accountId, w.mia.personId, { note: 'Magen-Darm, bitte nicht weitersagen' });
		const sent = (await mails()).slice(before);
		const toCompanies = sent.filter((m) => m.subject.startsWith('Fehlzeit:'));
		expect(toCompanies.map((m) => m.to)).toEqual([w.autohausContact.email]);
		expect(toCompanies[0].text).toContain('Mia');
		expect(toCompanies[0].text).toContain('16.03.2026 – 17.03.2026');
		expect(toCompanies[0].text).toContain('/betrieb');
		expect(toCompanies[0].text).not.toContain('Magen');
	});

	it('mails the company again when the family extends the absence, and nobody else', async () => {
		const w = await world();
		const { reference } = await report(w.anna.accountId, w.mia.personId);
		const before = (await mails()).length;
		const extended = await extendSickNote(
			await actorFor(w.anna.accountId),
			reference,
			'2026-03-20'
		);
		expect(extended.ok).toBe(true);
		const sent = (await mails()).slice(before);
		expect(sent.map((m) => m.to)).toEqual([w.autohausContact.email]);
		expect(sent[0].subject).toMatch(/^Fehlzeit verlängert: Mia /);
		expect(sent[0].text).toContain('länger krank als zuerst gemeldet');
		expect(sent[0].text).toContain('16.03.2026 – 20.03.2026');
	});

	it('mails an adult apprentice’s company only where he consented', async () => {
		const w = await world();
		const before = (await mails()).length;
		await report(w.ben.accountId, w.ben.personId, { lastDay: null });
		const toCompanies = (await mails())
			.slice(before)
			.filter((m) => m.subject.startsWith('Fehlzeit:'));
		expect(toCompanies.map((m) => m.to)).toEqual([w.seewerkContact.email]);
		expect(toCompanies[0].text).toContain('ab 16.03.2026 (Ende noch unbekannt)');
	});

	it('decides as the policy does for each company contact', async () => {
		const w = await world();
		for (const student of [w.mia, w.ben]) {
			const { caseId } = await report(
				student === w.mia ? w.anna.accountId : w.ben.accountId,
				student.personId
			);
			const resource = (await loadSickNote({ caseId }))!.resource;
			const seeing = (await companiesSeeingAbsences(db(), student.personId)).map(
				(c) => c.companyId
			);
			for (const [companyId, contact] of [
				[w.companies.autohaus, w.autohausContact],
				[w.companies.seewerk, w.seewerkContact],
				[w.companies.bakery, w.bakeryContact]
			] as const) {
				const allowed = can(await actorFor(contact.accountId), 'sickNote.companyNote', resource);
				expect(seeing.includes(companyId), `${companyId} for ${student.personId}`).toBe(allowed);
			}
		}
	});
});

describe('listCompanyAbsences', () => {
	it('lists what the company may see, without the family’s note', async () => {
		const w = await world();
		const mia = await report(w.anna.accountId, w.mia.personId, { note: 'geheim' });
		const ben = await report(w.ben.accountId, w.ben.personId);

		const autohaus = await listCompanyAbsences(await actorFor(w.autohausContact.accountId));
		expect(autohaus.map((a) => a.caseId)).toEqual([mia.caseId]);
		expect(autohaus[0]).toMatchObject({
			reference: mia.reference,
			className: 'KFZ1',
			firstDay: '2026-03-16',
			lastDay: '2026-03-17',
			status: 'submitted',
			companyNote: null
		});
		expect(JSON.stringify(autohaus)).not.toContain('geheim');
		expect(Object.keys(autohaus[0])).not.toContain('note');

		const seewerk = await listCompanyAbsences(await actorFor(w.seewerkContact.accountId));
		expect(seewerk.map((a) => a.caseId)).toEqual([ben.caseId]);
		// A former training company and a student's guardian get nothing here.
		expect(await listCompanyAbsences(await actorFor(w.bakeryContact.accountId))).toEqual([]);
		expect(await listCompanyAbsences(await actorFor(w.anna.accountId))).toEqual([]);
	});

	it('shows eight weeks back and everything still open', async () => {
		const w = await world();
		setClock(new Date('2026-02-16T08:00:00Z'));
		const old = await report(w.anna.accountId, w.mia.personId, {
			firstDay: '2026-01-19',
			lastDay: '2026-01-20'
		});
		const oldOpen = await report(w.anna.accountId, w.mia.personId, {
			firstDay: '2026-01-21',
			lastDay: '2026-01-21'
		});
		const recent = await report(w.anna.accountId, w.mia.personId, {
			firstDay: '2026-02-16',
			lastDay: '2026-02-16'
		});
		await db().update(cases).set({ status: 'closed' }).where(eq(cases.id, old.caseId));
		await db().update(cases).set({ status: 'closed' }).where(eq(cases.id, recent.caseId));
		setClock(NOW); // 16 March: eight weeks back is 19 January
		const listed = (await listCompanyAbsences(await actorFor(w.autohausContact.accountId))).map(
			(a) => a.caseId
		);
		expect(listed).toContain(recent.caseId);
		expect(listed).toContain(oldOpen.caseId);
		setClock(new Date('2026-03-18T08:00:00Z')); // now 21 January is the limit
		const later = (await listCompanyAbsences(await actorFor(w.autohausContact.accountId))).map(
			(a) => a.caseId
		);
		expect(later).not.toContain(old.caseId);
		expect(later).toContain(oldOpen.caseId);
	});

	it('leaves out absences before the apprenticeship began', async () => {
		const w = await world();
		const newcomer = await createCompany({ name: 'Neu GmbH' });
		await addApprenticeship(w.mia.personId, newcomer, { startsOn: '2026-03-12' });
		const contact = await createAccount();
		await grantRole(contact.personId, 'company_contact', { companyId: newcomer });
		const before = await report(w.anna.accountId, w.mia.personId, {
			firstDay: '2026-03-09',
			lastDay: '2026-03-10'
		});
		const during = await report(w.anna.accountId, w.mia.personId, {
			firstDay: '2026-03-11',
			lastDay: '2026-03-13'
		});
		const listed = (await listCompanyAbsences(await actorFor(contact.accountId))).map(
			(a) => a.caseId
		);
		expect(listed).toEqual([during.caseId]);
		// The company that trained her all along sees both.
		const autohaus = (await listCompanyAbsences(await actorFor(w.autohausContact.accountId))).map(
			(a) => a.caseId
		);
		expect(autohaus).toEqual(expect.arrayContaining([before.caseId, during.caseId]));
	});
});

describe('addCompanyNote', () => {
	it('records the note, an event and an audit entry, and leaves the status alone', async () => {
		const w = await world();
		const { caseId } = await report(w.anna.accountId, w.mia.personId);
		const actor = await actorFor(w.autohausContact.accountId);
		expect(await addCompanyNote(actor, caseId, 'informed')).toEqual({
			ok: true,
			value: { kind: 'informed' }
		});
		const [note] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
		expect(note.companyNote).toBe('informed');
		expect(note.companyNoteByAccountId).toBe(w.autohausContact.accountId);
		expect(note.companyNoteAt).toEqual(NOW);
		expect(note.decision).toBeNull();
		const [c] = await db().select().from(cases).where(eq(cases.id, caseId));
		expect(c.status).toBe('submitted');
		const events = await db()
			.select()
			.from(caseEvents)
			.where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'sick_note_company_note')));
		expect(events.map((e) => e.data)).toEqual([{ kind: 'informed' }]);
		const audits = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, caseId), eq(auditLog.action, 'sick_note.company_note')));
		expect(audits).toHaveLength(1);

		await addCompanyNote(actor, caseId, 'excused_by_company');
		const [changed] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
		expect(changed.companyNote).toBe('excused_by_company');
		expect((await listCompanyAbsences(actor))[0].companyNote).toBe('excused_by_company');
	});

	it('refuses a company without consent, a former company and the family with 404', async () => {
		const w = await world();
		const { caseId } = await report(w.ben.accountId, w.ben.personId);
		for (const account of [w.autohausContact, w.bakeryContact, w.ben, w.anna]) {
			const actor = await actorFor(account.accountId);
			await expect(addCompanyNote(actor, caseId, 'informed')).rejects.toMatchObject({
				status: 404
			});
		}
		const seewerk = await actorFor(w.seewerkContact.accountId);
		await expect(addCompanyNote(seewerk, 'not-a-uuid', 'informed')).rejects.toMatchObject({
			status: 404
		});
		await expect(
			addCompanyNote(seewerk, '00000000-0000-4000-8000-000000000000', 'informed')
		).rejects.toMatchObject({ status: 404 });
		const [note] = await db().select().from(sickNotes).where(eq(sickNotes.caseId, caseId));
		expect(note.companyNote).toBeNull();
	});

	it('refuses an unknown kind and a closed case', async () => {
		const w = await world();
		const { caseId } = await report(w.ben.accountId, w.ben.personId);
		const seewerk = await actorFor(w.seewerkContact.accountId);
		expect(await addCompanyNote(seewerk, caseId, 'decided')).toMatchObject({
			ok: false,
			status: 400,
			errors: { kind: 'company_abs_error_kind' }
		});
		await db().update(cases).set({ status: 'closed' }).where(eq(cases.id, caseId));
		expect(await addCompanyNote(seewerk, caseId, 'informed')).toMatchObject({
			ok: false,
			status: 409
		});
	});
});
