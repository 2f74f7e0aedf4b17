import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	createAccount,
	TEST_PASSWORD,
	uniqueEmail
} from '../../../../tests/helpers/factories';
import { auditLog } from '../audit/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { runWithRequestContext } from '../http/request-context';
import { accounts } from '../identity/schema';
import { jobs } from '../jobs/schema';
import { oneTimeCodes, sessions } from './schema';
import {
	listSessions,
	requestEmailVerification,
	requestPasswordReset,
	resetPassword,
	revokeOtherSessions,
	revokeSession,
	signIn,
	signOut,
	verifyEmail
} from './service';
import { createSession, sessionIdOf, validateSessionToken } from './session';

useTestDatabase();
const T0 = new Date('2026-03-16T09:00:00Z');
const at = (ms: number) => setClock(new Date(T0.getTime() + ms));
beforeEach(() => at(0));
afterEach(() => setClock(undefined));

const NEW_PASSWORD = 'Neues-Passwort-2026';
const context = (ip: string) => ({ requestId: `req-${ip}`, ip, userAgent: 'Test-Browser/1.0' });

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
const auditActions = async (accountId: string) =>
	(
		await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.actorAccountId, accountId))
			.orderBy(auditLog.id)
	).map((a) => a.action);
const sessionCount = async (accountId: string) =>
	(await db().select().from(sessions).where(eq(sessions.accountId, accountId))).length;

describe('signIn', () => {
	it('opens a session whose stored id is the SHA-256 of the token', async () => {
		const account = await createAccount({ locale: 'en' });
		const result = await signIn(`  ${account.email.toUpperCase()} `, TEST_PASSWORD);
		if (!result.ok) throw new Error(JSON.stringify(result));
		expect(result.value.locale).toBe('en');
		expect(result.value.expiresAt).toEqual(new Date(T0.getTime() + 30 * 24 * 3600 * 1000));
		const session = await validateSessionToken(result.value.token);
		expect(session?.accountId).toBe(account.accountId);
		const [stored] = await db()
			.select()
			.from(sessions)
			.where(eq(sessions.accountId, account.accountId));
		expect(stored.id).toMatch(/^[0-9a-f]{64}$/);
		expect(stored.id).toBe(sessionIdOf(result.value.token));
		expect(stored.id).not.toBe(result.value.token);
		expect(await auditActions(account.accountId)).toEqual(['auth.login']);
	});

	it('answers a wrong password and an unknown e-mail with the same error', async () => {
		const account = await createAccount();
		const wrong = await signIn(account.email, 'Falsches-Passwort-1');
		const unknown = await signIn(uniqueEmail('nobody'), TEST_PASSWORD);
		expect(wrong).toStrictEqual({
			ok: false,
			status: 400,
			errors: { password: 'error_login_invalid' },
			retryAfterSeconds: undefined
		});
		expect(unknown).toStrictEqual(wrong);
		expect(await sessionCount(account.accountId)).toBe(0);
		expect(await auditActions(account.accountId)).toEqual(['auth.login_failed']);
	});

	it('refuses a disabled account with the same error, even with the right password', async () => {
		const account = await createAccount({ disabled: true });
		const result = await signIn(account.email, TEST_PASSWORD);
		expect(result).toStrictEqual(await signIn(uniqueEmail('nobody'), TEST_PASSWORD));
		expect(await sessionCount(account.accountId)).toBe(0);
	});

	it('locks the account for 15 minutes after 10 failures, even for the right password', async () => {
		const account = await createAccount();
		for (let i = 0; i < 10; i++) {
			const result = await signIn(account.email, `Falsch-${i}-Passwort`);
			expect(result).toMatchObject({ ok: false, status: 400 });
		}
		const locked = await signIn(account.email, TEST_PASSWORD);
		expect(locked).toMatchObject({
			ok: false,
			status: 429,
			errors: { form: 'error_login_rate_limited' }
		});
		const wait = locked.ok ? 0 : locked.retryAfterSeconds!;
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(900);
		expect(await sessionCount(account.accountId)).toBe(0);

		at(14 * 60 * 1000);
		expect(await signIn(account.email, TEST_PASSWORD)).toMatchObject({ ok: false, status: 429 });
		at(15 * 60 * 1000);
		expect(await signIn(account.email, TEST_PASSWORD)).toMatchObject({ ok: true });
	});

	it('limits one IP across different e-mails', async () => {
		const account = await createAccount();
		await runWithRequestContext(context('203.0.113.50'), async () => {
			for (let i = 0; i < 50; i++)
				expect(await signIn(uniqueEmail(`spray${i}`), 'Irgendein-Passwort')).toMatchObject({
					status: 400
				});
			const blocked = await signIn(account.email, TEST_PASSWORD);
			expect(blocked).toMatchObject({ ok: false, status: 429 });
		});
		// Another client signs in to the same account at once.
		const fromElsewhere = await runWithRequestContext(context('198.51.100.20'), () =>
			signIn(account.email, TEST_PASSWORD)
		);
		expect(fromElsewhere.ok).toBe(true);
		const [stored] = await db()
			.select()
			.from(sessions)
			.where(eq(sessions.accountId, account.accountId));
		expect(stored).toMatchObject({ ip: '198.51.100.20', userAgent: 'Test-Browser/1.0' });
		const [entry] = await db()
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.actorAccountId, account.accountId), eq(auditLog.action, 'auth.login'))
			);
		expect(entry).toMatchObject({ ip: '198.51.100.20', requestId: 'req-198.51.100.20' });
	});

	it('clears the account failures on success', async () => {
		const account = await createAccount();
		for (let i = 0; i < 9; i++) await signIn(account.email, 'Falsches-Passwort');
		expect((await signIn(account.email, TEST_PASSWORD)).ok).toBe(true);
		for (let i = 0; i < 9; i++) await signIn(account.email, 'Falsches-Passwort');
		// 18 failures in the window, but only 9 since the success
		expect((await signIn(account.email, TEST_PASSWORD)).ok).toBe(true);
	});
});

describe('sessions of an account', () => {
	const signedIn = async () => {
		const account = await createAccount();
		const tokens = [];
		for (let i = 0; i < 3; i++) tokens.push((await createSession(account.accountId, {})).token);
		const actor = await actorFor(account.accountId, sessionIdOf(tokens[0]));
		return { account, tokens, actor };
	};

	it('lists them by handle, marking the current one, without the ids', async () => {
		const { tokens, actor } = await signedIn();
		const list = await listSessions(actor);
		expect(list).toHaveLength(3);
		expect(list.filter((s) => s.current)).toHaveLength(1);
		expect(list.find((s) => s.current)?.handle).toBe(sessionIdOf(tokens[0]).slice(0, 16));
		for (const s of list) {
			expect(s.handle).toHaveLength(16);
			expect(JSON.stringify(s)).not.toContain(sessionIdOf(tokens[1]));
		}
	});

	it('revokes one of the own sessions by its handle', async () => {
		const { tokens, actor } = await signedIn();
		const result = await revokeSession(actor, sessionIdOf(tokens[1]).slice(0, 16));
		expect(result).toEqual({ ok: true, value: undefined });
		expect(await validateSessionToken(tokens[1])).toBeNull();
		expect(await validateSessionToken(tokens[0])).not.toBeNull();
		expect(await validateSessionToken(tokens[2])).not.toBeNull();
	});

	it("answers 404 for another account's session and leaves it alone", async () => {
		const mine = await signedIn();
		const theirs = await signedIn();
		const handle = sessionIdOf(theirs.tokens[0]).slice(0, 16);
		expect(await revokeSession(mine.actor, handle)).toMatchObject({ ok: false, status: 404 });
		// The full id is no handle either.
		expect(await revokeSession(mine.actor, sessionIdOf(mine.tokens[1]))).toMatchObject({
			ok: false,
			status: 404
		});
		expect(await revokeSession(mine.actor, '')).toMatchObject({ ok: false, status: 404 });
		expect(await validateSessionToken(theirs.tokens[0])).not.toBeNull();
		expect(await sessionCount(mine.account.accountId)).toBe(3);
	});

	it('ends all others and keeps the current one', async () => {
		const mine = await signedIn();
		const theirs = await signedIn();
		await revokeOtherSessions(mine.actor);
		expect(await validateSessionToken(mine.tokens[0])).not.toBeNull();
		expect(await validateSessionToken(mine.tokens[1])).toBeNull();
		expect(await validateSessionToken(mine.tokens[2])).toBeNull();
		expect(await sessionCount(theirs.account.accountId)).toBe(3);
	});

	it('signs out of the current session only', async () => {
		const { account, tokens, actor } = await signedIn();
		await signOut(actor);
		expect(await validateSessionToken(tokens[0])).toBeNull();
		expect(await sessionCount(account.accountId)).toBe(2);
		expect(await auditActions(account.accountId)).toContain('auth.logout');
	});
});

describe('password reset', () => {
	const requestCode = async (email: string) => {
		await requestPasswordReset(email);
		const mails = await mailsTo(email);
		return codeIn(mails[mails.length - 1]);
	};

	it('does nothing, quietly, for an unknown or disabled e-mail', async () => {
		const disabled = await createAccount({ disabled: true });
		const jobsBefore = (await db().select().from(jobs)).length;
		await expect(requestPasswordReset(uniqueEmail('nobody'))).resolves.toBeUndefined();
		await expect(requestPasswordReset(disabled.email)).resolves.toBeUndefined();
		expect((await db().select().from(jobs)).length).toBe(jobsBefore);
		expect(
			await db().select().from(oneTimeCodes).where(eq(oneTimeCodes.accountId, disabled.accountId))
		).toEqual([]);
	});

	it('mails an 8-digit code, stored only as a hash', async () => {
		const account = await createAccount({ givenNames: 'Lena' });
		await requestPasswordReset(account.email.toUpperCase());
		const mails = await mailsTo(account.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('Ihr Code zum Zurücksetzen des Passworts');
		expect(mails[0].text).toContain('Hallo Lena');
		const code = codeIn(mails[0]);
		const [stored] = await db()
			.select()
			.from(oneTimeCodes)
			.where(eq(oneTimeCodes.accountId, account.accountId));
		expect(stored).toMatchObject({ purpose: 'password_reset', failedAttempts: 0, usedAt: null });
		expect(stored.codeHash).not.toContain(code);
		expect(stored.expiresAt).toEqual(new Date(T0.getTime() + 30 * 60 * 1000));
		expect(await auditActions(account.accountId)).toEqual(['auth.password_reset_requested']);
	});

	it('sets the new password with the right code, ends all sessions, and tells the owner', async () => {
		const account = await createAccount();
		const oldSession = await signIn(account.email, TEST_PASSWORD);
		if (!oldSession.ok) throw new Error('sign-in failed');
		const code = await requestCode(account.email);

		expect(
			await resetPassword(account.email, code.replace(/(\d{4})/, '$1 '), NEW_PASSWORD)
		).toEqual({
			ok: true,
			value: undefined
		});
		expect(await validateSessionToken(oldSession.value.token)).toBeNull();
		expect(await sessionCount(account.accountId)).toBe(0);
		expect((await signIn(account.email, TEST_PASSWORD)).ok).toBe(false);
		expect((await signIn(account.email, NEW_PASSWORD)).ok).toBe(true);
		const mails = await mailsTo(account.email);
		expect(mails.map((m) => m.subject)).toEqual([
			'Ihr Code zum Zurücksetzen des Passworts',
			'Ihr Passwort wurde geändert'
		]);
		expect(mails[1].text).not.toMatch(/\d{8}/);
		expect(await auditActions(account.accountId)).toContain('auth.password_reset');
		// Used once, the code is spent.
		expect(await resetPassword(account.email, code, 'Noch-ein-Passwort-1')).toMatchObject({
			ok: false,
			errors: { code: 'error_code_invalid' }
		});
		expect((await signIn(account.email, NEW_PASSWORD)).ok).toBe(true);
	});

	it('counts wrong codes and voids the code after five', async () => {
		const account = await createAccount();
		const code = await requestCode(account.email);
		const wrong = code === '00000000' ? '11111111' : '00000000';
		for (let i = 1; i <= 5; i++) {
			expect(await resetPassword(account.email, wrong, NEW_PASSWORD)).toStrictEqual({
				ok: false,
				status: 400,
				errors: { code: 'error_code_invalid' },
				retryAfterSeconds: undefined
			});
			const [stored] = await db()
				.select()
				.from(oneTimeCodes)
				.where(eq(oneTimeCodes.accountId, account.accountId));
			expect(stored.failedAttempts).toBe(i);
		}
		expect(await resetPassword(account.email, code, NEW_PASSWORD)).toMatchObject({
			ok: false,
			status: 400
		});
		expect((await signIn(account.email, TEST_PASSWORD)).ok).toBe(true);
	});

	it('refuses a weak new password without spending the code', async () => {
		const account = await createAccount();
		const code = await requestCode(account.email);
		expect(await resetPassword(account.email, code, 'zu-kurz')).toMatchObject({
			ok: false,
			status: 400,
			errors: { password: 'error_password_too_short' }
		});
		expect(await resetPassword(account.email, code, account.email)).toMatchObject({
			errors: { password: 'error_password_is_email' }
		});
		expect((await resetPassword(account.email, code, NEW_PASSWORD)).ok).toBe(true);
	});

	it('accepts only the newest code, and only for 30 minutes', async () => {
		const account = await createAccount();
		const first = await requestCode(account.email);
		const second = await requestCode(account.email);
		if (first !== second)
			expect((await resetPassword(account.email, first, NEW_PASSWORD)).ok).toBe(false);
		at(31 * 60 * 1000);
		expect((await resetPassword(account.email, second, NEW_PASSWORD)).ok).toBe(false);
		const third = await requestCode(account.email);
		expect((await resetPassword(account.email, third, NEW_PASSWORD)).ok).toBe(true);
	});

	it('answers an unknown e-mail like a wrong code', async () => {
		expect(await resetPassword(uniqueEmail('nobody'), '12345678', NEW_PASSWORD)).toStrictEqual({
			ok: false,
			status: 400,
			errors: { code: 'error_code_invalid' },
			retryAfterSeconds: undefined
		});
	});
});

describe('e-mail verification', () => {
	it('mails a code that marks the address as verified', async () => {
		const account = await createAccount({ verified: false });
		const actor = await actorFor(account.accountId);
		expect(actor.emailVerified).toBe(false);
		await requestEmailVerification(actor);
		const mails = await mailsTo(account.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
		const code = codeIn(mails[0]);

		const wrong = code === '00000000' ? '11111111' : '00000000';
		expect(await verifyEmail(actor, wrong)).toMatchObject({
			ok: false,
			status: 400,
			errors: { code: 'error_code_invalid' }
		});
		expect((await actorFor(account.accountId)).emailVerified).toBe(false);
		expect(await verifyEmail(actor, code)).toEqual({ ok: true, value: undefined });
		expect((await actorFor(account.accountId)).emailVerified).toBe(true);
		const [row] = await db().select().from(accounts).where(eq(accounts.id, account.accountId));
		expect(row.emailVerifiedAt).toEqual(T0);
		expect(await verifyEmail(actor, code)).toMatchObject({ ok: false });
		expect(await auditActions(account.accountId)).toEqual(['auth.email_verified']);
	});

	it("does not accept another purpose's code", async () => {
		const account = await createAccount({ verified: false });
		await requestPasswordReset(account.email);
		const resetCode = codeIn((await mailsTo(account.email))[0]);
		expect(await verifyEmail(await actorFor(account.accountId), resetCode)).toMatchObject({
			ok: false
		});
	});

	it('sends nothing when the address is already verified', async () => {
		const account = await createAccount({ verified: true });
		await requestEmailVerification(await actorFor(account.accountId));
		expect(await mailsTo(account.email)).toEqual([]);
	});
});
