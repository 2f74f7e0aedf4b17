// Sign-in, sign-out, password reset and e-mail verification. Answers never tell whether an account
// exists (same message, same work); attempts are rate-limited (rate-limit.ts); every outcome that
// matters is audit-logged.
import { and, desc, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { now } from '../clock';
import { db, type DbOrTx } from '../db';
import { failure, ok, type Result } from '../errors';
import { requestContext } from '../http/request-context';
import { accounts, people, type Locale } from '../identity/schema';
import { queueMail } from '../mail/service';
import { authorize, type Actor } from '../policy';
import { CODE_MINUTES, consumeCode, issueCode } from './codes';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password';
import { loginWaitSeconds, recordLoginAttempt } from './rate-limit';
import { sessions } from './schema';
import { createSession, invalidateSession } from './session';

const normaliseEmail = (email: string) => email.trim().toLowerCase();

async function findAccountByEmail(email: string) {
	const [row] = await db()
		.select({
			id: accounts.id,
			email: accounts.email,
			passwordHash: accounts.passwordHash,
			locale: accounts.locale,
			disabledAt: accounts.disabledAt,
			givenNames: people.givenNames
		})
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(eq(accounts.email, normaliseEmail(email)));
	return row;
}

export async function signIn(
	email: string,
	password: string
): Promise<Result<{ token: string; expiresAt: Date; locale: Locale }>> {
	const ip = requestContext()?.ip ?? null;
	const wait = await loginWaitSeconds(email, ip);
	if (wait > 0) return failure(429, { form: 'error_login_rate_limited' }, wait);

	const account = await findAccountByEmail(email);
	const valid = account?.passwordHash
		? await verifyPassword(account.passwordHash, password)
		: (await verifyPassword(await dummyPasswordHash(), password), false);
	if (!account || !valid || account.disabledAt) {
		await recordLoginAttempt(email, ip, false);
		await recordAudit(db(), {
			actorAccountId: account?.id ?? null,
			action: 'auth.login_failed',
			details: { email: normaliseEmail(email).slice(0, 200) }
		});
		return failure(400, { password: 'error_login_invalid' });
	}
	await recordLoginAttempt(email, ip, true);
	const session = await createSession(account.id, { ip, userAgent: requestContext()?.userAgent });
	await recordAudit(db(), { actorAccountId: account.id, action: 'auth.login' });
	return ok({ ...session, locale: account.locale });
}

export async function signOut(actor: Actor) {
	await invalidateSession(actor.sessionId);
	await recordAudit(db(), { actorAccountId: actor.accountId, action: 'auth.logout' });
}

/** Sends a reset code if the account exists; the caller shows the same answer either way. */
export async function requestPasswordReset(email: string) {
	const account = await findAccountByEmail(email);
	if (!account || account.disabledAt) return;
	await db().transaction(async (tx) => {
		const code = await issueCode(tx, account.id, 'password_reset');
		await queueMail(tx, account.email, account.locale, {
			kind: 'password_reset_code',
			name: account.givenNames,
			code,
			minutes: CODE_MINUTES
		});
		await recordAudit(tx, { actorAccountId: account.id, action: 'auth.password_reset_requested' });
	});
}

export async function resetPassword(
	email: string,
	code: string,
	newPassword: string
): Promise<Result<undefined>> {
	const problem = passwordProblem(newPassword, email);
	if (problem) return failure(400, { password: problem });
	const account = await findAccountByEmail(email);
	if (!account || account.disabledAt) return failure(400, { code: 'error_code_invalid' });
	const passwordHash = await hashPassword(newPassword);
	const done = await db().transaction(async (tx) => {
		if (!(await consumeCode(tx, account.id, 'password_reset', code))) return false;
		await tx
			.update(accounts)
			.set({ passwordHash, emailVerifiedAt: now() })
			.where(eq(accounts.id, account.id));
		// A new password ends every session: whoever knew the old one is out.
		await tx.delete(sessions).where(eq(sessions.accountId, account.id));
		await queueMail(tx, account.email, account.locale, {
			kind: 'password_changed',
			name: account.givenNames
		});
		await recordAudit(tx, { actorAccountId: account.id, action: 'auth.password_reset' });
		return true;
	});
	return done ? ok(undefined) : failure(400, { code: 'error_code_invalid' });
}

export async function requestEmailVerification(actor: Actor) {
	if (actor.emailVerified) return;
	const [person] = await db()
		.select({ givenNames: people.givenNames })
		.from(people)
		.where(eq(people.id, actor.personId));
	await db().transaction(async (tx) => {
		const code = await issueCode(tx, actor.accountId, 'email_verification');
		await queueMail(tx, actor.email, actor.locale, {
			kind: 'email_verification_code',
			name: person.givenNames,
			code,
			minutes: CODE_MINUTES
		});
	});
}

export async function verifyEmail(actor: Actor, code: string): Promise<Result<undefined>> {
	const done = await db().transaction(async (tx) => {
		if (!(await consumeCode(tx, actor.accountId, 'email_verification', code))) return false;
		await tx
			.update(accounts)
			.set({ emailVerifiedAt: now() })
			.where(eq(accounts.id, actor.accountId));
		await recordAudit(tx, { actorAccountId: actor.accountId, action: 'auth.email_verified' });
		return true;
	});
	return done ? ok(undefined) : failure(400, { code: 'error_code_invalid' });
}

export async function listSessions(actor: Actor) {
	const rows = await db()
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt,
			userAgent: sessions.userAgent,
			ip: sessions.ip
		})
		.from(sessions)
		.where(eq(sessions.accountId, actor.accountId))
		.orderBy(desc(sessions.lastSeenAt));
	// The session id is the key in the database: hand out a short handle, never the id itself.
	return rows.map((r) => ({
		handle: r.id.slice(0, 16),
		createdAt: r.createdAt,
		lastSeenAt: r.lastSeenAt,
		userAgent: r.userAgent,
		ip: r.ip,
		current: r.id === actor.sessionId
	}));
}

/** Ends one of the actor's own sessions, named by its handle from `listSessions`. */
export async function revokeSession(actor: Actor, handle: string): Promise<Result<undefined>> {
	const own = await db()
		.select({ id: sessions.id, accountId: sessions.accountId })
		.from(sessions)
		.where(eq(sessions.accountId, actor.accountId));
	const target = own.find((s) => handle.length === 16 && s.id.startsWith(handle));
	if (!target) return failure(404, { form: 'error_not_found' });
	authorize(actor, 'session.revoke', { type: 'session', accountId: target.accountId });
	await db().delete(sessions).where(eq(sessions.id, target.id));
	await recordAudit(db(), { actorAccountId: actor.accountId, action: 'auth.session_revoked' });
	return ok(undefined);
}

/** Ends every session of the account but this one; inside the caller's transaction when given. */
export async function revokeOtherSessions(actor: Actor, tx: DbOrTx = db()) {
	await tx
		.delete(sessions)
		.where(and(eq(sessions.accountId, actor.accountId), ne(sessions.id, actor.sessionId)));
	await recordAudit(tx, { actorAccountId: actor.accountId, action: 'auth.sessions_revoked' });
}

export async function setLocale(actor: Actor, locale: Locale) {
	await db().update(accounts).set({ locale }).where(eq(accounts.id, actor.accountId));
}
