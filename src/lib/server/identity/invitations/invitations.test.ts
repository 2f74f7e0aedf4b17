import { isHttpError } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createPerson,
	createSchool,
	grantRole,
	uniqueEmail
} from '../../../../../tests/helpers/factories';
import { letterCodesIn } from '../../../../../tests/helpers/pdf-text';
import { auditLog } from '../../audit/schema';
import { validateSessionToken } from '../../auth/session';
import { signIn } from '../../auth/service';
import { setClock } from '../../clock';
import { db } from '../../db';
import { runWithRequestContext } from '../../http/request-context';
import { jobs } from '../../jobs/schema';
import { myChildren } from '../children';
import { accounts, guardianInvitations, people, personMerges, roleMemberships } from '../schema';
import { CODE_ALPHABET, formatLetterCode, hashLetterCode, newLetterCode } from './code';
import { letterText } from './letter-text';
import { createLetters, listLetterCandidates } from './letters';
import { renderLettersPdf } from './letters-pdf';
import {
	MAX_CODE_FAILURES_PER_IP,
	previewInvitation,
	redeemForAccount,
	redeemWithNewAccount
} from './redeem';
import { printLetters } from './service';

useTestDatabase();
const T0 = new Date('2026-11-23T09:00:00Z');
const DAY = 86_400_000;
beforeEach(() => setClock(T0));
afterEach(() => setClock(undefined));
const PASSWORD = 'Apfelbaum-Garten-2026';

interface World {
	schoolA: string;
	schoolB: string;
	secretaryA: Awaited<ReturnType<typeof createAccount>>;
	secretaryB: Awaited<ReturnType<typeof createAccount>>;
	teacherA: Awaited<ReturnType<typeof createAccount>>;
	classA: string;
	classB: string;
}
let w: World;

beforeAll(async () => {
	setClock(T0);
	const schoolA = await createSchool({ name: 'Gewerbliche Schule Testdorf' });
	const schoolB = await createSchool({ name: 'Kaufmännische Schule Testdorf' });
	const secretaryA = await createAccount({ givenNames: 'Petra' });
	await grantRole(secretaryA.personId, 'secretary', { schoolId: schoolA });
	const secretaryB = await createAccount({ givenNames: 'Monika' });
	await grantRole(secretaryB.personId, 'secretary', { schoolId: schoolB });
	const teacherA = await createAccount({ givenNames: 'Katrin' });
	await grantRole(teacherA.personId, 'teacher', { schoolId: schoolA });
	w = {
		schoolA,
		schoolB,
		secretaryA,
		secretaryB,
		teacherA,
		classA: await createClass({ schoolId: schoolA, name: 'TG11' }),
		classB: await createClass({ schoolId: schoolB, name: 'WG11' })
	};
	setClock(undefined);
});

/** A guardian without account and a child in the class; returns both person ids. */
async function family(classId: string, guardianName = 'Sandra', childName = 'Paul') {
	const guardian = await createPerson({ givenNames: guardianName, birthDate: '1983-02-11' });
	await db()
		.update(people)
		.set({ contactEmail: uniqueEmail('eltern') })
		.where(eq(people.id, guardian));
	const child = await createPerson({ givenNames: childName, birthDate: '2010-06-03' });
	await addToClass(child, classId, 'student');
	await addGuardianship(guardian, child);
	return { guardian, child };
}

const personName = async (id: string) => {
	const [p] = await db().select().from(people).where(eq(people.id, id));
	return `${p.givenNames} ${p.familyName}`;
};

async function letterFor(guardian: string, schoolId = w.schoolA, secretary = w.secretaryA) {
	const result = await createLetters(await actorFor(secretary.accountId), schoolId, [guardian]);
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result.value.letters[0];
}

const refusedWith = async (promise: Promise<unknown>, status: number) => {
	try {
		await promise;
	} catch (e) {
		expect(isHttpError(e) && e.status).toBe(status);
		return;
	}
	throw new Error('not refused');
};

describe('letter codes', () => {
	it('are 12 characters of the unambiguous alphabet in groups of four', () => {
		const codes = Array.from({ length: 200 }, newLetterCode);
		for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){2}$/);
		expect(new Set(codes).size).toBe(200);
		expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
		expect(formatLetterCode(' abcd efgh-jkmn ')).toBe('ABCD-EFGH-JKMN');
		expect(hashLetterCode('abcd-efgh-jkmn')).toBe(hashLetterCode('ABCDEFGHJKMN'));
	});
});

describe('listLetterCandidates', () => {
	it("lists the school's guardians without an account, with their children at that school", async () => {
		const { guardian, child } = await family(w.classA);
		const withAccount = await family(w.classA);
		await createAccount({ personId: withAccount.guardian });
		const elsewhere = await family(w.classB);

		const list = await listLetterCandidates(await actorFor(w.secretaryA.accountId), w.schoolA);
		const ids = list.map((c) => c.guardianPersonId);
		expect(ids).toContain(guardian);
		expect(ids).not.toContain(withAccount.guardian);
		expect(ids).not.toContain(elsewhere.guardian);
		expect(list.find((c) => c.guardianPersonId === guardian)).toMatchObject({
			children: [{ name: await personName(child), className: 'TG11' }],
			letter: { status: 'none', expiresAt: null }
		});
	});

	it("refuses a teacher and another school's secretary (403)", async () => {
		await refusedWith(listLetterCandidates(await actorFor(w.teacherA.accountId), w.schoolA), 403);
		await refusedWith(listLetterCandidates(await actorFor(w.secretaryB.accountId), w.schoolA), 403);
		const { guardian } = await family(w.classA);
		await refusedWith(
			createLetters(await actorFor(w.secretaryB.accountId), w.schoolA, [guardian]),
			403
		);
		await refusedWith(createLetters(await actorFor(w.teacherA.accountId), w.schoolA, 'all'), 403);
		await refusedWith(printLetters(await actorFor(w.teacherA.accountId), w.schoolA, 'all'), 403);
		const stored = await db()
			.select()
			.from(guardianInvitations)
			.where(eq(guardianInvitations.guardianPersonId, guardian));
		expect(stored).toEqual([]);
	});
});

describe('createLetters', () => {
	it('stores only the hash, valid for 60 days, audited; a new letter revokes the older one', async () => {
		const { guardian } = await family(w.classA);
		const first = await letterFor(guardian);
		expect(first.expiresAt).toEqual(new Date(T0.getTime() + 60 * DAY));
		const [row] = await db()
			.select()
			.from(guardianInvitations)
			.where(eq(guardianInvitations.guardianPersonId, guardian));
		expect(row.codeHash).toBe(hashLetterCode(first.code));
		expect(JSON.stringify(row)).not.toContain(first.code.replace(/-/g, ''));
		expect(row.createdByAccountId).toBe(w.secretaryA.accountId);

		setClock(new Date(T0.getTime() + DAY));
		const second = await letterFor(guardian);
		expect(await previewInvitation(first.code)).toMatchObject({
			ok: false,
			errors: { code: 'invitation_error_code_replaced' }
		});
		expect(await previewInvitation(second.code)).toMatchObject({ ok: true });
		const audit = await db()
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.action, 'identity.guardian_letter_created'),
					eq(auditLog.resourceId, guardian)
				)
			);
		expect(audit).toHaveLength(2);
	});

	it('"all" skips guardians with a valid letter; refuses ids not on the list', async () => {
		const a = await family(w.classA);
		const b = await family(w.classA);
		await letterFor(a.guardian);
		const actor = await actorFor(w.secretaryA.accountId);
		const all = await createLetters(actor, w.schoolA, 'all');
		if (!all.ok) throw new Error(JSON.stringify(all));
		const names = all.value.letters.map((l) => l.guardianName);
		expect(names).toContain(await personName(b.guardian));
		expect(names).not.toContain(await personName(a.guardian));

		const other = await family(w.classB);
		expect(await createLetters(actor, w.schoolA, [other.guardian])).toMatchObject({
			ok: false,
			status: 404
		});
		expect(await createLetters(actor, w.schoolA, [])).toMatchObject({ ok: false, status: 400 });
	});

	it('expires after 60 days and shows as expired in the list', async () => {
		const { guardian } = await family(w.classA);
		const letter = await letterFor(guardian);
		setClock(new Date(T0.getTime() + 60 * DAY - 1000));
		expect(await previewInvitation(letter.code)).toMatchObject({ ok: true });
		setClock(new Date(T0.getTime() + 60 * DAY));
		expect(await previewInvitation(letter.code)).toMatchObject({
			ok: false,
			errors: { code: 'invitation_error_code_expired' }
		});
		const list = await listLetterCandidates(await actorFor(w.secretaryA.accountId), w.schoolA);
		expect(list.find((c) => c.guardianPersonId === guardian)?.letter.status).toBe('expired');
	});
});

describe('the printed letters', () => {
	it('has the name, children, code, link and date in plain German', async () => {
		const text = letterText(
			{
				guardianName: 'Ayşe Yılmaz',
				contactEmail: 'ayse@example.org',
				children: [{ name: 'Emre Yılmaz', className: 'TG11' }],
				code: 'ABCD-EFGH-JKMN',
				expiresAt: new Date('2027-01-22T09:00:00Z')
			},
			{
				name: 'Gewerbliche Schule Seeburg',
				address: 'Am See 1',
				email: 's@x.example',
				phone: null
			},
			'https://schule360.example',
			T0
		);
		expect(text.recipient).toEqual(['Ayşe Yılmaz', 'ayse@example.org']);
		expect(text.children).toEqual(['Emre Yılmaz (Klasse TG11)']);
		expect(text.code).toBe('ABCD-EFGH-JKMN');
		expect(text.url).toBe('https://schule360.example/einladung?code=ABCD-EFGH-JKMN');
		expect(text.validUntil).toContain('22.01.2027');
		expect(text.intro[0]).toBe('Ihr Kind besucht die Gewerbliche Schule Seeburg.');
	});

	it('prints one page per guardian with each code on its page', async () => {
		const families = [await family(w.classA), await family(w.classA), await family(w.classA)];
		const result = await printLetters(
			await actorFor(w.secretaryA.accountId),
			w.schoolA,
			families.map((f) => f.guardian)
		);
		if (!result.ok) throw new Error(JSON.stringify(result));
		const doc = await PDFDocument.load(result.value.pdf);
		expect(doc.getPageCount()).toBe(3);
		const codes = await letterCodesIn(result.value.pdf);
		expect(codes).toHaveLength(3);
		for (const code of codes) expect(await previewInvitation(code)).toMatchObject({ ok: true });
		expect(result.value.fileName).toBe('elternbriefe-2026-11-23.pdf');
	});

	it('draws names outside Latin-1 (Noto Sans)', async () => {
		const pdf = await renderLettersPdf(
			{ name: 'Schule', address: 'Weg 1', email: 's@x.example', phone: '07000 1234' },
			[
				{
					guardianName: 'Ayşe Yılmaz',
					contactEmail: null,
					children: [{ name: 'Elif Yılmaz', className: 'BK1' }],
					code: 'ABCD-EFGH-JKMN',
					expiresAt: T0
				}
			],
			'http://localhost',
			T0
		);
		expect(await letterCodesIn(pdf)).toEqual(['ABCD-EFGH-JKMN']);
	});
});

describe('redemption with a new account', () => {
	it('shows school and children, creates the account for the invited guardian and signs in', async () => {
		const { guardian, child } = await family(w.classA);
		const letter = await letterFor(guardian);
		expect(await previewInvitation(letter.code.toLowerCase())).toEqual({
			ok: true,
			value: { schoolName: 'Gewerbliche Schule Testdorf', children: [await personName(child)] }
		});
		const email = uniqueEmail('sandra');
		const result = await redeemWithNewAccount(letter.code, ` ${email} `, PASSWORD, 'de');
		if (!result.ok) throw new Error(JSON.stringify(result));
		const session = await validateSessionToken(result.value.token);
		const [account] = await db().select().from(accounts).where(eq(accounts.email, email));
		expect(session?.accountId).toBe(account.id);
		expect(account.personId).toBe(guardian);
		expect(account.emailVerifiedAt).toBeNull();
		const actor = await actorFor(account.id);
		expect(actor.wards.map((x) => x.studentPersonId)).toEqual([child]);
		expect(actor.roles).toContainEqual({ role: 'guardian', schoolId: w.schoolA, companyId: null });
		// The address is confirmed with the usual code.
		const mails = (await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1'))).map(
			(j) => j.payload as { to: string; subject: string }
		);
		expect(mails.filter((m) => m.to === email).map((m) => m.subject)).toEqual([
			'Bitte bestätigen Sie Ihre E-Mail-Adresse'
		]);
		const [row] = await db()
			.select()
			.from(guardianInvitations)
			.where(eq(guardianInvitations.guardianPersonId, guardian));
		expect(row).toMatchObject({ redeemedByAccountId: account.id });
		expect(row.redeemedAt).toEqual(T0);

		// Used once only.
		expect(await redeemWithNewAccount(letter.code, uniqueEmail(), PASSWORD, 'de')).toMatchObject({
			ok: false,
			errors: { code: 'invitation_error_code_used' }
		});
		expect(await signIn(email, PASSWORD)).toMatchObject({ ok: true });
	});

	it('asks to sign in instead when the address has an account; refuses weak passwords', async () => {
		const { guardian } = await family(w.classA);
		const letter = await letterFor(guardian);
		const existing = await createAccount();
		expect(await redeemWithNewAccount(letter.code, existing.email, PASSWORD, 'de')).toMatchObject({
			ok: false,
			status: 409,
			errors: { email: 'invitation_error_email_taken' }
		});
		expect(await redeemWithNewAccount(letter.code, uniqueEmail(), 'kurz', 'de')).toMatchObject({
			ok: false,
			errors: { password: 'error_password_too_short' }
		});
		expect(await previewInvitation(letter.code)).toMatchObject({ ok: true });
	});

	it('counts wrong codes per IP and closes the door after the limit', async () => {
		const { guardian } = await family(w.classA);
		const letter = await letterFor(guardian);
		const ctx = { requestId: 'r', ip: '203.0.113.77', userAgent: 'Test' };
		await runWithRequestContext(ctx, async () => {
			for (let i = 0; i < MAX_CODE_FAILURES_PER_IP; i++)
				expect(await previewInvitation('AAAA-BBBB-CCCC')).toMatchObject({
					errors: { code: 'invitation_error_code_invalid' }
				});
			expect(await previewInvitation(letter.code)).toMatchObject({
				ok: false,
				status: 429,
				errors: { code: 'invitation_error_rate_limited' }
			});
		});
		expect(
			await runWithRequestContext({ ...ctx, ip: '198.51.100.7' }, () =>
				previewInvitation(letter.code)
			)
		).toMatchObject({ ok: true });
	});
});

describe('redemption for an existing account', () => {
	it('merges the invited record into the account person: one account, children at two schools', async () => {
		// The mother already has an account from the other school, with her daughter there.
		const mother = await createAccount({ givenNames: 'Sandra', birthDate: '1983-02-11' });
		const daughter = await createPerson({ givenNames: 'Lena', birthDate: '2009-10-21' });
		await addToClass(daughter, w.classB, 'student');
		await addGuardianship(mother.personId, daughter);
		await grantRole(mother.personId, 'guardian', { schoolId: w.schoolB });
		// School A's roster knows her as a separate record, with her son.
		const { guardian: record, child: son } = await family(w.classA, 'Sandra', 'Paul');
		await grantRole(record, 'guardian', { schoolId: w.schoolA });
		const letter = await letterFor(record);

		const actor = await actorFor(mother.accountId);
		expect(await redeemForAccount(actor, letter.code)).toEqual({
			ok: true,
			value: { merged: true }
		});

		const children = await myChildren(await actorFor(mother.accountId));
		expect(children.map((c) => c.places)).toEqual(
			expect.arrayContaining([
				[{ schoolName: 'Gewerbliche Schule Testdorf', className: 'TG11' }],
				[{ schoolName: 'Kaufmännische Schule Testdorf', className: 'WG11' }]
			])
		);
		expect(children.map((c) => c.personId).sort()).toEqual([daughter, son].sort());
		const after = await actorFor(mother.accountId);
		expect(after.roles).toContainEqual({ role: 'guardian', schoolId: w.schoolA, companyId: null });

		const [merged] = await db().select().from(people).where(eq(people.id, record));
		expect(merged.mergedIntoPersonId).toBe(mother.personId);
		const [merge] = await db()
			.select()
			.from(personMerges)
			.where(eq(personMerges.mergedPersonId, record));
		expect(merge).toMatchObject({ keptPersonId: mother.personId, accountId: mother.accountId });
		expect(merge.details).toMatchObject({
			reason: 'guardian_invitation',
			merged: { givenNames: 'Sandra', birthDate: '1983-02-11' }
		});
		expect(
			(merge.details as { moved: { guardianships: string[] } }).moved.guardianships
		).toHaveLength(1);
		const audit = await db()
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(eq(auditLog.actorAccountId, mother.accountId));
		expect(audit.map((a) => a.action)).toEqual(
			expect.arrayContaining(['identity.person_merged', 'identity.invitation_redeemed'])
		);
		// Only one active guardian role at school A (the moved one), none left on the old record.
		const roles = await db()
			.select()
			.from(roleMemberships)
			.where(and(eq(roleMemberships.role, 'guardian'), eq(roleMemberships.schoolId, w.schoolA)));
		expect(roles.filter((r) => r.personId === mother.personId)).toHaveLength(1);
		expect(roles.filter((r) => r.personId === record)).toHaveLength(0);
	});

	it("follows a merge: the other school's letter for the merged record also lands in the account", async () => {
		const mother = await createAccount({ givenNames: 'Sandra' });
		const { guardian: record, child: son } = await family(w.classA);
		const daughter = await createPerson({ givenNames: 'Lena', birthDate: '2009-10-21' });
		await addToClass(daughter, w.classB, 'student');
		await addGuardianship(record, daughter);
		const letterA = await letterFor(record);
		const letterB = await letterFor(record, w.schoolB, w.secretaryB);

		await redeemForAccount(await actorFor(mother.accountId), letterA.code);
		expect(await previewInvitation(letterB.code)).toMatchObject({
			ok: true,
			value: { children: [await personName(daughter)] }
		});
		expect(await redeemForAccount(await actorFor(mother.accountId), letterB.code)).toEqual({
			ok: true,
			value: { merged: false }
		});
		const actor = await actorFor(mother.accountId);
		expect(actor.wards.map((x) => x.studentPersonId).sort()).toEqual([daughter, son].sort());
		expect(actor.roles).toContainEqual({ role: 'guardian', schoolId: w.schoolB, companyId: null });
	});

	it('the guardian with an account of their own redeems without a merge', async () => {
		const { guardian, child } = await family(w.classA);
		const letter = await letterFor(guardian);
		const own = await createAccount({ personId: guardian });
		expect(await redeemWithNewAccount(letter.code, uniqueEmail(), PASSWORD, 'de')).toMatchObject({
			ok: false,
			errors: { form: 'invitation_error_has_account' }
		});
		expect(await redeemForAccount(await actorFor(own.accountId), letter.code)).toEqual({
			ok: true,
			value: { merged: false }
		});
		expect((await actorFor(own.accountId)).wards.map((x) => x.studentPersonId)).toEqual([child]);
	});

	it("never joins two accounts: a letter for someone else's account is refused", async () => {
		const { guardian } = await family(w.classA);
		const letter = await letterFor(guardian);
		await createAccount({ personId: guardian });
		const stranger = await createAccount();
		expect(await redeemForAccount(await actorFor(stranger.accountId), letter.code)).toMatchObject({
			ok: false,
			status: 409,
			errors: { code: 'invitation_error_other_account' }
		});
		expect((await actorFor(stranger.accountId)).wards).toEqual([]);
	});

	it('a student cannot redeem their own guardian’s letter', async () => {
		const { guardian, child } = await family(w.classA);
		const letter = await letterFor(guardian);
		const student = await createAccount({ personId: child });
		expect(await redeemForAccount(await actorFor(student.accountId), letter.code)).toMatchObject({
			ok: false,
			status: 409
		});
		const [p] = await db().select().from(people).where(eq(people.id, guardian));
		expect(p.mergedIntoPersonId).toBeNull();
	});
});
