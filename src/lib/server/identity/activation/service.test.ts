import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	createAccount,
	createPerson,
	createSchool,
	grantRole,
	TEST_PASSWORD,
	uniqueEmail
} from '../../../../../tests/helpers/factories';
import { auditLog } from '../../audit/schema';
import { validateSessionToken } from '../../auth/session';
import { signIn } from '../../auth/service';
import { setClock } from '../../clock';
import { db } from '../../db';
import { runWithRequestContext } from '../../http/request-context';
import { jobs } from '../../jobs/schema';
import { accounts, people } from '../schema';
import { activateAccount, MAX_REQUESTS_PER_ADDRESS, requestActivation } from './service';

useTestDatabase();
const T0 = new Date('2026-11-23T09:00:00Z');
beforeEach(() => setClock(T0));
afterEach(() => setClock(undefined));

const NEW_PASSWORD = 'Sonnenblume-Wiese-2026';
const context = (ip: string) => ({ requestId: `req-${ip}`, ip, userAgent: 'Test/1.0' });

interface Mail {
	to: string;
	subject: string;
	text: string;
}
const allMails = async () =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')).orderBy(jobs.id)).map(
		(j) => j.payload as Mail
	);
const mailsTo = async (email: string) => (await allMails()).filter((m) => m.to === email);
const codeIn = (mail: Mail) => {
	const match = /^(\d{8})$/m.exec(mail.text);
	if (!match) throw new Error(`no code in ${mail.text}`);
	return match[1];
};

/** A student from the roster: school e-mail, student role, no account. */
async function rosterStudent(givenNames = 'Mara') {
	const schoolId = await createSchool();
	const personId = await createPerson({ givenNames, birthDate: '2007-04-18' });
	const schoolEmail = uniqueEmail('schueler');
	await db().update(people).set({ schoolEmail }).where(eq(people.id, personId));
	await grantRole(personId, 'student', { schoolId });
	return { personId, schoolEmail };
}

const accountOf = async (personId: string) =>
	(await db().select().from(accounts).where(eq(accounts.personId, personId)))[0];

describe('requestActivation', () => {
	it('sends a code to a roster school e-mail and creates the account without a password', async () => {
		const { personId, schoolEmail } = await rosterStudent();
		expect(await requestActivation(` ${schoolEmail.toUpperCase()} `)).toEqual({
			ok: true,
			value: undefined
		});
		const account = await accountOf(personId);
		expect(account).toMatchObject({
			email: schoolEmail,
			passwordHash: null,
			emailVerifiedAt: null
		});
		const [mail] = await mailsTo(schoolEmail);
		expect(mail.subject).toBe('Ihr Code zum Aktivieren des Kontos');
		expect(mail.text).toContain('Hallo Mara');
		expect(codeIn(mail)).toMatch(/^\d{8}$/);
	});

	it('answers an unknown address exactly like a known one, and sends nothing', async () => {
		const { schoolEmail } = await rosterStudent();
		const before = (await allMails()).length;
		const known = await requestActivation(schoolEmail);
		const unknown = await requestActivation(uniqueEmail('niemand'));
		expect(unknown).toStrictEqual(known);
		expect((await allMails()).length).toBe(before + 1);
	});

	it('sends nothing for an account that has a password already (it uses password reset)', async () => {
		const active = await createAccount();
		const { personId, schoolEmail } = await rosterStudent();
		await createAccount({ personId, email: uniqueEmail('privat') });
		expect(await requestActivation(active.email)).toMatchObject({ ok: true });
		expect(await requestActivation(schoolEmail)).toMatchObject({ ok: true });
		expect(await mailsTo(active.email)).toEqual([]);
		expect(await mailsTo(schoolEmail)).toEqual([]);
	});

	it('sends a code to an account created without a password (staff, company contacts)', async () => {
		const person = await createPerson({ givenNames: 'Birgit' });
		const email = uniqueEmail('staff');
		await db().insert(accounts).values({ personId: person, email, passwordHash: null });
		await requestActivation(email);
		expect(codeIn((await mailsTo(email))[0])).toMatch(/^\d{8}$/);
	});

	it('limits requests per address, for known and unknown addresses alike', async () => {
		const { schoolEmail } = await rosterStudent();
		const unknown = uniqueEmail('niemand');
		for (let i = 0; i < MAX_REQUESTS_PER_ADDRESS; i++) {
			expect(await requestActivation(schoolEmail)).toMatchObject({ ok: true });
			expect(await requestActivation(unknown)).toMatchObject({ ok: true });
		}
		const known = await requestActivation(schoolEmail);
		expect(known).toMatchObject({
			ok: false,
			status: 429,
			errors: { form: 'activation_error_rate_limited' }
		});
		expect(await requestActivation(unknown)).toStrictEqual(known);
		setClock(new Date(T0.getTime() + 15 * 60 * 1000 + 1000));
		expect(await requestActivation(schoolEmail)).toMatchObject({ ok: true });
	});

	it('limits requests per IP across addresses', async () => {
		await runWithRequestContext(context('203.0.113.9'), async () => {
			for (let i = 0; i < 30; i++)
				expect(await requestActivation(uniqueEmail(`spray${i}`))).toMatchObject({ ok: true });
			expect(await requestActivation(uniqueEmail('more'))).toMatchObject({ status: 429 });
		});
		expect(
			await runWithRequestContext(context('198.51.100.1'), () =>
				requestActivation(uniqueEmail('other'))
			)
		).toMatchObject({ ok: true });
	});
});

describe('activateAccount', () => {
	it('sets the password with the mailed code, verifies the address and signs in', async () => {
		const { personId, schoolEmail } = await rosterStudent();
		await requestActivation(schoolEmail);
		const code = codeIn((await mailsTo(schoolEmail))[0]);

		const result = await activateAccount(schoolEmail, code, NEW_PASSWORD);
		if (!result.ok) throw new Error(JSON.stringify(result));
		const session = await validateSessionToken(result.value.token);
		const account = await accountOf(personId);
		expect(session?.accountId).toBe(account.id);
		expect(account.emailVerifiedAt).toEqual(T0);
		expect(account.passwordHash).not.toBeNull();
		const actor = await actorFor(account.id);
		expect(actor.personId).toBe(personId);
		expect(await signIn(schoolEmail, NEW_PASSWORD)).toMatchObject({ ok: true });
		const audit = await db().select().from(auditLog).where(eq(auditLog.actorAccountId, account.id));
		expect(audit.map((a) => a.action)).toEqual([
			'identity.account_created_for_activation',
			'identity.activation_requested',
			'identity.account_activated',
			'auth.login'
		]);
	});

	it('refuses a wrong code, a weak password, and a second activation', async () => {
		const { schoolEmail } = await rosterStudent();
		await requestActivation(schoolEmail);
		const code = codeIn((await mailsTo(schoolEmail))[0]);
		const wrong = code === '00000000' ? '11111111' : '00000000';
		expect(await activateAccount(schoolEmail, wrong, NEW_PASSWORD)).toMatchObject({
			ok: false,
			errors: { code: 'error_code_invalid' }
		});
		expect(await activateAccount(schoolEmail, code, 'kurz')).toMatchObject({
			ok: false,
			errors: { password: 'error_password_too_short' }
		});
		expect(await activateAccount(schoolEmail, code, NEW_PASSWORD)).toMatchObject({ ok: true });

		// Already activated: a new request sends nothing and the old code does not work again.
		await requestActivation(schoolEmail);
		expect(await mailsTo(schoolEmail)).toHaveLength(1);
		expect(await activateAccount(schoolEmail, code, 'Noch-ein-Passwort-2026')).toMatchObject({
			ok: false,
			errors: { code: 'error_code_invalid' }
		});
		expect(await signIn(schoolEmail, NEW_PASSWORD)).toMatchObject({ ok: true });
	});

	it('refuses an address that was never asked for, like a wrong code', async () => {
		const active = await createAccount();
		expect(await activateAccount(active.email, '12345678', NEW_PASSWORD)).toMatchObject({
			ok: false,
			errors: { code: 'error_code_invalid' }
		});
		expect(await signIn(active.email, TEST_PASSWORD)).toMatchObject({ ok: true });
	});
});
