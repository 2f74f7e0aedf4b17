// "Konto aktivieren": people the school already knows (students from the roster with their school
// e-mail; staff and company contacts created without a password) set their password with a code
// sent to that address. Every address gets the same answer, so nobody learns who is on a roster;
// requests are rate-limited per address and per IP like sign-in.
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { CODE_MINUTES, consumeCode, issueCode } from '../../auth/codes';
import { hashPassword, passwordProblem } from '../../auth/password';
import { attemptWaitSeconds, LOGIN_WINDOW_MS, recordFailedAttempt } from '../../auth/rate-limit';
import { createSession } from '../../auth/session';
import { now } from '../../clock';
import { db, type Tx } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { requestContext } from '../../http/request-context';
import { queueMail } from '../../mail/service';
import { accounts, people, type Locale } from '../schema';

/** Requests per address and per IP within the sign-in window (15 minutes). */
export const MAX_REQUESTS_PER_ADDRESS = 5;
export const MAX_REQUESTS_PER_IP = 30;
export const ACTIVATION_WINDOW_MS = LOGIN_WINDOW_MS;

const normalise = (email: string) => email.trim().toLowerCase();
const addressKey = (email: string) => `activation:email:${normalise(email)}`;
const ipKey = (ip: string) => `activation:ip:${ip}`;

interface Target {
	accountId: string;
	email: string;
	locale: Locale;
	givenNames: string;
}

/** The account waiting for activation under this address, created for a roster person if needed. */
async function activationTarget(tx: Tx, email: string): Promise<Target | null> {
	const [pending] = await tx
		.select({
			accountId: accounts.id,
			email: accounts.email,
			locale: accounts.locale,
			passwordHash: accounts.passwordHash,
			disabledAt: accounts.disabledAt,
			givenNames: people.givenNames
		})
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(eq(accounts.email, email));
	if (pending) return pending.passwordHash || pending.disabledAt ? null : pending;

	// A school e-mail from the roster: the person may have no account yet, or one under another
	// address (then that one is the login and the school address says nothing more).
	const [person] = await tx
		.select({ id: people.id, givenNames: people.givenNames, accountId: accounts.id })
		.from(people)
		.leftJoin(accounts, eq(accounts.personId, people.id))
		.where(and(eq(people.schoolEmail, email), isNull(people.mergedIntoPersonId)));
	if (!person || person.accountId) return null;
	const [created] = await tx
		.insert(accounts)
		.values({ personId: person.id, email, passwordHash: null, createdAt: now() })
		.returning({ id: accounts.id, locale: accounts.locale });
	await recordAudit(tx, {
		actorAccountId: created.id,
		action: 'identity.account_created_for_activation',
		resourceType: 'person',
		resourceId: person.id
	});
	return { accountId: created.id, email, locale: created.locale, givenNames: person.givenNames };
}

/**
 * Sends an activation code if the address belongs to someone the school knows who has no password
 * yet. The caller shows the same answer either way; only the rate limit answers differently (for
 * every address alike).
 */
export async function requestActivation(emailInput: string): Promise<Result<undefined>> {
	const email = normalise(emailInput);
	const ip = requestContext()?.ip ?? null;
	const wait = Math.max(
		await attemptWaitSeconds(addressKey(email), MAX_REQUESTS_PER_ADDRESS),
		ip ? await attemptWaitSeconds(ipKey(ip), MAX_REQUESTS_PER_IP) : 0
	);
	if (wait > 0) return failure(429, { form: 'activation_error_rate_limited' }, wait);
	// Every request counts, found or not: the limit must not tell the two apart.
	await recordFailedAttempt(addressKey(email));
	if (ip) await recordFailedAttempt(ipKey(ip));

	await db().transaction(async (tx) => {
		const target = await activationTarget(tx, email);
		if (!target) return;
		const code = await issueCode(tx, target.accountId, 'account_activation');
		await queueMail(tx, target.email, target.locale, {
			kind: 'account_activation_code',
			name: target.givenNames,
			code,
			minutes: CODE_MINUTES
		});
		await recordAudit(tx, {
			actorAccountId: target.accountId,
			action: 'identity.activation_requested'
		});
	});
	return ok(undefined);
}

/**
 * Checks the code, sets the password, marks the address verified (the code came to it) and signs
 * in. An account that has a password already is answered like a wrong code.
 */
export async function activateAccount(
	emailInput: string,
	code: string,
	password: string
): Promise<Result<{ token: string; expiresAt: Date; locale: Locale }>> {
	const email = normalise(emailInput);
	const problem = passwordProblem(password, email);
	if (problem) return failure(400, { password: problem });
	const [account] = await db()
		.select({
			id: accounts.id,
			locale: accounts.locale,
			passwordHash: accounts.passwordHash,
			disabledAt: accounts.disabledAt
		})
		.from(accounts)
		.where(eq(accounts.email, email));
	if (!account || account.passwordHash || account.disabledAt)
		return failure(400, { code: 'error_code_invalid' });
	const passwordHash = await hashPassword(password);
	const done = await db().transaction(async (tx) => {
		if (!(await consumeCode(tx, account.id, 'account_activation', code))) return false;
		// The row is re-checked under the update: two tabs with two codes cannot both set it.
		const updated = await tx
			.update(accounts)
			.set({ passwordHash, emailVerifiedAt: now() })
			.where(and(eq(accounts.id, account.id), isNull(accounts.passwordHash)))
			.returning({ id: accounts.id });
		if (updated.length === 0) return false;
		await recordAudit(tx, { actorAccountId: account.id, action: 'identity.account_activated' });
		return true;
	});
	if (!done) return failure(400, { code: 'error_code_invalid' });
	const ctx = requestContext();
	const session = await createSession(account.id, {
		ip: ctx?.ip ?? null,
		userAgent: ctx?.userAgent
	});
	return ok({ ...session, locale: account.locale });
}
