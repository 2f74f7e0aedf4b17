// Sign-in attempts are limited per account e-mail and per client IP, counted in the database so
// the limit holds across processes and nodes.
import { and, asc, count, eq, gt, lt } from 'drizzle-orm';
import { now } from '../clock';
import { db } from '../db';
import { loginAttempts } from './schema';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_IP = 50;

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Seconds to wait when the key is over its limit, else 0. */
async function waitSeconds(key: string, max: number): Promise<number> {
	const since = new Date(now().getTime() - LOGIN_WINDOW_MS);
	const [{ n }] = await db()
		.select({ n: count() })
		.from(loginAttempts)
		.where(
			and(
				eq(loginAttempts.key, key),
				eq(loginAttempts.succeeded, false),
				gt(loginAttempts.at, since)
			)
		);
	if (Number(n) < max) return 0;
	// The window frees a slot when the oldest counted failure leaves it.
	const [oldest] = await db()
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(
			and(
				eq(loginAttempts.key, key),
				eq(loginAttempts.succeeded, false),
				gt(loginAttempts.at, since)
			)
		)
		.orderBy(asc(loginAttempts.at))
		.limit(1);
	const freeAt = oldest.at.getTime() + LOGIN_WINDOW_MS;
	return Math.max(1, Math.ceil((freeAt - now().getTime()) / 1000));
}

export async function loginWaitSeconds(email: string, ip: string | null) {
	const perAccount = await waitSeconds(accountKey(email), MAX_FAILURES_PER_ACCOUNT);
	const perIp = ip ? await waitSeconds(ipKey(ip), MAX_FAILURES_PER_IP) : 0;
	return Math.max(perAccount, perIp);
}

export async function recordLoginAttempt(email: string, ip: string | null, succeeded: boolean) {
	const at = now();
	const rows = [{ key: accountKey(email), succeeded, at }];
	if (ip) rows.push({ key: ipKey(ip), succeeded, at });
	await db().insert(loginAttempts).values(rows);
	if (succeeded) {
		// A successful sign-in clears the account's failures, not the IP's.
		await db()
			.delete(loginAttempts)
			.where(and(eq(loginAttempts.key, accountKey(email)), eq(loginAttempts.succeeded, false)));
	}
}

/**
 * The same window for other doors that must not be probed (account activation, invitation codes):
 * seconds to wait for `key` once it has `max` failures in the window, else 0.
 */
export const attemptWaitSeconds = (key: string, max: number) => waitSeconds(key, max);

/** Counts one failed (or, for requests that send mail, any) attempt under `key`. */
export async function recordFailedAttempt(key: string) {
	await db().insert(loginAttempts).values({ key, succeeded: false, at: now() });
}

/** Housekeeping: attempts older than a day are no longer needed. */
export async function pruneLoginAttempts() {
	await db()
		.delete(loginAttempts)
		.where(lt(loginAttempts.at, new Date(now().getTime() - 24 * 60 * 60 * 1000)));
}
