import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	createAccount,
	createCompany,
	createSchool,
	grantRole,
	TEST_PASSWORD,
	uniqueEmail
} from '../../../../../tests/helpers/factories';
import { auditLog } from '../../audit/schema';
import { loginAttempts, sessions } from '../../auth/schema';
import { signIn } from '../../auth/service';
import { createSession, sessionIdOf } from '../../auth/session';
import { setClock } from '../../clock';
import { db } from '../../db';
import { jobs } from '../../jobs/schema';
import { accounts, people, type Role } from '../schema';
import {
	cancelEmailChange,
	confirmEmailChange,
	maskEmail,
	myAccount,
	requestEmailChange,
	updateOwnName
} from './service';

useTestDatabase();
const T0 = new Date('2026-03-16T09:00:00Z');
beforeEach(() => setClock(T0));
afterEach(() => setClock(undefined));

interface Mail {
	to: string;
	subject: string;
	text: string;
}
const mailsTo = async (email: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')).orderBy(jobs.id))
		.map((j) => j.payload as Mail)
		.filter((m) => m.to === email);
const codeIn = (mail: Mail) => {
	const match = /^(\d{8})$/m.exec(mail.text);
	if (!match) throw new Error(`no code in ${mail.text}`);
	return match[1];
};
const auditOf = async (accountId: string, action: string) =>
	db()
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.actorAccountId, accountId), eq(auditLog.action, action)));
const accountRow = async (accountId: string) =>
	(await db().select().from(accounts).where(eq(accounts.id, accountId)))[0];
const personRow = async (personId: string) =>
	(await db().select().from(people).where(eq(people.id, personId)))[0];

/** An account with a role and a signed-in session; the actor is that session's. */
async function user(role: Role | null, values: { givenNames?: string } = {}) {
	const account = await createAccount({ givenNames: values.givenNames ?? 'Erika' });
	if (role === 'guardian' || role === 'student' || role === 'teacher' || role === 'secretary')
		await grantRole(account.personId, role, { schoolId: await createSchool() });
	else if (role === 'company_contact')
		await grantRole(account.personId, role, { companyId: await createCompany() });
	else if (role) await grantRole(account.personId, role);
	const session = await createSession(account.accountId, { userAgent: 'Test', ip: '10.0.0.1' });
	const sessionId = sessionIdOf(session.token);
	return { ...account, sessionId, actor: await actorFor(account.accountId, sessionId) };
}

describe('myAccount', () => {
	it('tells a guardian they may edit their name and change the login address', async () => {
		const guardian = await user('guardian');
		const account = await myAccount(guardian.actor);
		expect(account).toMatchObject({
			email: guardian.email,
			givenNames: 'Erika',
			isGuardian: true,
			isStudent: false,
			mayEditName: true,
			mayChangeEmail: true,
			pendingEmail: null
		});
	});
	it('tells a teacher neither', async () => {
		const teacher = await user('teacher');
		expect(await myAccount(teacher.actor)).toMatchObject({
			mayEditName: false,
			mayChangeEmail: false
		});
	});
});

describe('updateOwnName', () => {
	it.each<Role>(['guardian', 'company_contact'])(
		'lets a %s correct their names, audit-logged with before and after',
		async (role) => {
			const u = await user(role, { givenNames: 'Ayse' });
			const before = await personRow(u.personId);
			const result = await updateOwnName(u.actor, { givenNames: 'Ayşe', familyName: 'Yılmaz' });
			expect(result.ok).toBe(true);
			const after = await personRow(u.personId);
			expect([after.givenNames, after.familyName]).toEqual(['Ayşe', 'Yılmaz']);
			const [entry] = await auditOf(u.accountId, 'account.name_changed');
			expect(entry.resourceType).toBe('person');
			expect(entry.resourceId).toBe(u.personId);
			expect(entry.details).toEqual({
				from: { givenNames: 'Ayse', familyName: before.familyName },
				to: { givenNames: 'Ayşe', familyName: 'Yılmaz' }
			});
		}
	);

	it.each<Role>(['student', 'teacher', 'secretary', 'district_admin'])(
		'refuses a %s (the office keeps the name) and changes nothing',
		async (role) => {
			const u = await user(role, { givenNames: 'Jonas' });
			const result = await updateOwnName(u.actor, { givenNames: 'Jo', familyName: 'Anders' });
			expect(result).toMatchObject({
				ok: false,
				status: 403,
				errors: { form: 'error_name_kept_by_office' }
			});
			expect((await personRow(u.personId)).givenNames).toBe('Jonas');
			expect(await auditOf(u.accountId, 'account.name_changed')).toHaveLength(0);
		}
	);

	it('changes only the actor’s own person, and logs nothing when nothing changed', async () => {
		const a = await user('guardian', { givenNames: 'Anna' });
		const b = await user('guardian', { givenNames: 'Berta' });
		const { familyName } = await personRow(a.personId);
		expect((await updateOwnName(a.actor, { givenNames: 'Anna', familyName })).ok).toBe(true);
		expect(await auditOf(a.accountId, 'account.name_changed')).toHaveLength(0);
		await updateOwnName(a.actor, { givenNames: 'Annika', familyName });
		expect((await personRow(b.personId)).givenNames).toBe('Berta');
	});
});

describe('changing the login e-mail', () => {
	it('needs the right password first: nothing pending, no mail, the failure counts as a sign-in failure', async () => {
		const u = await user('guardian');
		const result = await requestEmailChange(u.actor, {
			newEmail: uniqueEmail('neu'),
			password: 'falsches-Passwort-123'
		});
		expect(result).toMatchObject({
			ok: false,
			status: 400,
			errors: { password: 'error_password_wrong' }
		});
		expect((await accountRow(u.accountId)).pendingEmail).toBeNull();
		expect(await mailsTo(u.email)).toHaveLength(0);
		const attempts = await db()
			.select()
			.from(loginAttempts)
			.where(eq(loginAttempts.key, `email:${u.email}`));
		expect(attempts.map((a) => a.succeeded)).toEqual([false]);
		expect(await auditOf(u.accountId, 'account.email_change_refused')).toHaveLength(1);
	});

	it('tells that an address is taken only after the password was right', async () => {
		const u = await user('guardian');
		const other = await user('guardian');
		const wrong = await requestEmailChange(u.actor, {
			newEmail: other.email,
			password: 'nicht-das-Passwort-1'
		});
		expect(wrong).toMatchObject({ ok: false, errors: { password: 'error_password_wrong' } });
		expect(JSON.stringify(wrong)).not.toContain('taken');

		const right = await requestEmailChange(u.actor, {
			newEmail: other.email.toUpperCase(),
			password: TEST_PASSWORD
		});
		expect(right).toMatchObject({
			ok: false,
			status: 409,
			errors: { newEmail: 'error_email_taken' }
		});
		expect((await accountRow(u.accountId)).pendingEmail).toBeNull();
	});

	it('refuses another person’s school address (their future login) and the current address', async () => {
		const u = await user('guardian');
		const student = await createAccount();
		const schoolEmail = uniqueEmail('schueler');
		await db().update(people).set({ schoolEmail }).where(eq(people.id, student.personId));
		expect(
			await requestEmailChange(u.actor, { newEmail: schoolEmail, password: TEST_PASSWORD })
		).toMatchObject({ ok: false, status: 409, errors: { newEmail: 'error_email_taken' } });
		expect(
			await requestEmailChange(u.actor, { newEmail: u.email, password: TEST_PASSWORD })
		).toMatchObject({ ok: false, status: 400, errors: { newEmail: 'error_email_same' } });
	});

	it('refuses staff and district accounts: they sign in with their official address', async () => {
		for (const role of ['teacher', 'district_admin'] as const) {
			const u = await user(role);
			const result = await requestEmailChange(u.actor, {
				newEmail: uniqueEmail('privat'),
				password: TEST_PASSWORD
			});
			expect(result).toMatchObject({
				ok: false,
				status: 403,
				errors: { form: 'error_email_change_official' }
			});
			expect((await accountRow(u.accountId)).pendingEmail).toBeNull();
		}
	});

	it('stops trying passwords after ten wrong ones, like the sign-in', async () => {
		const u = await user('guardian');
		for (let i = 0; i < 10; i++)
			await requestEmailChange(u.actor, {
				newEmail: uniqueEmail(),
				password: `falsch-${i}-xxxxxxxx`
			});
		const result = await requestEmailChange(u.actor, {
			newEmail: uniqueEmail(),
			password: TEST_PASSWORD
		});
		expect(result).toMatchObject({
			ok: false,
			status: 429,
			errors: { password: 'error_password_rate_limited' }
		});
		expect(result.ok === false && result.retryAfterSeconds).toBeGreaterThan(0);
	});

	it('sends a code to the new address and a notice to the old one; the code makes it the login and ends the other sessions', async () => {
		const u = await user('guardian', { givenNames: 'Ayşe' });
		const otherDevice = await createSession(u.accountId, { userAgent: 'Phone', ip: '10.0.0.2' });
		const newEmail = uniqueEmail('neu');
		const requested = await requestEmailChange(u.actor, {
			newEmail: `  ${newEmail.toUpperCase()} `,
			password: TEST_PASSWORD
		});
		expect(requested).toEqual({ ok: true, value: { pendingEmail: newEmail } });
		expect(await accountRow(u.accountId)).toMatchObject({ email: u.email, pendingEmail: newEmail });

		const [codeMail] = await mailsTo(newEmail);
		expect(codeMail.subject).toBe('Ihre neue Anmelde-Adresse bestätigen');
		const [notice] = await mailsTo(u.email);
		expect(notice.subject).toBe('Änderung Ihrer Anmelde-Adresse angefordert');
		expect(notice.text).toContain(maskEmail(newEmail));
		expect(notice.text).not.toMatch(/^\d{8}$/m); // the code goes to the new address only
		expect(await auditOf(u.accountId, 'account.email_change_requested')).toHaveLength(1);

		// Until confirmed, the old address is still the login.
		expect((await signIn(newEmail, TEST_PASSWORD)).ok).toBe(false);

		expect(await confirmEmailChange(u.actor, '00000000')).toMatchObject({
			ok: false,
			errors: { code: 'error_code_invalid' }
		});
		expect(await confirmEmailChange(u.actor, codeIn(codeMail))).toEqual({
			ok: true,
			value: undefined
		});

		const after = await accountRow(u.accountId);
		expect(after.email).toBe(newEmail);
		expect(after.pendingEmail).toBeNull();
		expect(after.emailVerifiedAt).toEqual(T0);
		const left = await db().select().from(sessions).where(eq(sessions.accountId, u.accountId));
		expect(left.map((s) => s.id)).toEqual([u.sessionId]);
		expect(left.map((s) => s.id)).not.toContain(sessionIdOf(otherDevice.token));

		const mailsToOld = await mailsTo(u.email);
		expect(mailsToOld.map((m) => m.subject)).toEqual([
			'Änderung Ihrer Anmelde-Adresse angefordert',
			'Ihre Anmelde-Adresse wurde geändert'
		]);
		const [changed] = await auditOf(u.accountId, 'account.email_changed');
		expect(changed.details).toEqual({ from: u.email, to: newEmail });

		expect((await signIn(newEmail, TEST_PASSWORD)).ok).toBe(true);
		expect((await signIn(u.email, TEST_PASSWORD)).ok).toBe(false);
		// The code is used up.
		expect((await confirmEmailChange(u.actor, codeIn(codeMail))).ok).toBe(false);
	});

	it('lets a student change the login; the school address stays on the person record', async () => {
		const u = await user('student');
		const schoolEmail = uniqueEmail('schule');
		await db().update(people).set({ schoolEmail }).where(eq(people.id, u.personId));
		const newEmail = uniqueEmail('privat');
		await requestEmailChange(u.actor, { newEmail, password: TEST_PASSWORD });
		const [mail] = await mailsTo(newEmail);
		expect((await confirmEmailChange(u.actor, codeIn(mail))).ok).toBe(true);
		expect((await accountRow(u.accountId)).email).toBe(newEmail);
		expect((await personRow(u.personId)).schoolEmail).toBe(schoolEmail);
	});

	it('does not accept another account’s code', async () => {
		const a = await user('guardian');
		const b = await user('guardian');
		await requestEmailChange(a.actor, { newEmail: uniqueEmail('a'), password: TEST_PASSWORD });
		const bEmail = uniqueEmail('b');
		await requestEmailChange(b.actor, { newEmail: bEmail, password: TEST_PASSWORD });
		const [bMail] = await mailsTo(bEmail);
		expect(await confirmEmailChange(a.actor, codeIn(bMail))).toMatchObject({
			ok: false,
			errors: { code: 'error_code_invalid' }
		});
		expect((await accountRow(a.accountId)).email).toBe(a.email);
	});

	it('refuses at confirmation when the address was taken in the meantime', async () => {
		const u = await user('guardian');
		const newEmail = uniqueEmail('begehrt');
		await requestEmailChange(u.actor, { newEmail, password: TEST_PASSWORD });
		const [mail] = await mailsTo(newEmail);
		await createAccount({ email: newEmail });
		expect(await confirmEmailChange(u.actor, codeIn(mail))).toMatchObject({
			ok: false,
			status: 409,
			errors: { code: 'error_email_taken' }
		});
		expect(await accountRow(u.accountId)).toMatchObject({ email: u.email, pendingEmail: null });
	});

	it('can be discarded: the code no longer leads anywhere', async () => {
		const u = await user('company_contact');
		const newEmail = uniqueEmail('verworfen');
		await requestEmailChange(u.actor, { newEmail, password: TEST_PASSWORD });
		const [mail] = await mailsTo(newEmail);
		await cancelEmailChange(u.actor);
		expect((await accountRow(u.accountId)).pendingEmail).toBeNull();
		expect(await auditOf(u.accountId, 'account.email_change_cancelled')).toHaveLength(1);
		expect(await confirmEmailChange(u.actor, codeIn(mail))).toMatchObject({
			ok: false,
			errors: { code: 'error_email_change_none' }
		});
		expect((await accountRow(u.accountId)).email).toBe(u.email);
	});
});

describe('maskEmail', () => {
	it.each([
		['jonas.weber@example.org', 'j…@example.org'],
		['a@b.de', 'a…@b.de'],
		['kaputt', '…']
	])('%s → %s', (email, masked) => expect(maskEmail(email)).toBe(masked));
});
