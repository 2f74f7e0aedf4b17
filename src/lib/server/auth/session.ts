// Sessions as the lucia-auth.com guide describes them: a random token in the cookie, its SHA-256
// in the database, 30 days sliding (renewed when fewer than 15 are left).
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { now } from '../clock';
import { db, type Database } from '../db';
import { accounts } from '../identity/schema';
import { sessions } from './schema';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_DAYS = 30;
export const SESSION_COOKIE = 's360_session';

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export const sessionIdOf = (token: string) =>
	encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function createSession(
	accountId: string,
	meta: { userAgent?: string | null; ip?: string | null }
) {
	const token = generateSessionToken();
	const expiresAt = new Date(now().getTime() + SESSION_DAYS * DAY_MS);
	await db()
		.insert(sessions)
		.values({
			id: sessionIdOf(token),
			accountId,
			expiresAt,
			createdAt: now(),
			lastSeenAt: now(),
			userAgent: meta.userAgent?.slice(0, 300) ?? null,
			ip: meta.ip ?? null
		});
	return { token, expiresAt };
}

// Drizzle runs an unprepared query with parameters as two round trips (postgres.js describes it
// first) and builds its SQL anew each time; the lookup made on every request is prepared once per
// database (postgres.js then keeps the statement on each connection).
const lookups = new WeakMap<Database, ReturnType<typeof prepareLookup>>();
const prepareLookup = (database: Database) =>
	database
		.select({
			sessionId: sessions.id,
			expiresAt: sessions.expiresAt,
			lastSeenAt: sessions.lastSeenAt,
			secondFactorAt: sessions.secondFactorAt,
			accountId: accounts.id
		})
		.from(sessions)
		.innerJoin(accounts, eq(accounts.id, sessions.accountId))
		.where(
			and(
				eq(sessions.id, sql.placeholder('id')),
				gt(sessions.expiresAt, sql.placeholder('now')),
				isNull(accounts.disabledAt)
			)
		)
		.prepare('session_lookup');

function sessionLookup() {
	const database = db();
	let lookup = lookups.get(database);
	if (!lookup) lookups.set(database, (lookup = prepareLookup(database)));
	return lookup;
}

/** The session and its account for a cookie token, or null; renews the expiry when due. */
export async function validateSessionToken(token: string) {
	const id = sessionIdOf(token);
	const [row] = await sessionLookup().execute({ id, now: now().toISOString() });
	if (!row) return null;
	const at = now();
	let expiresAt = row.expiresAt;
	if (expiresAt.getTime() - at.getTime() < 15 * DAY_MS) {
		expiresAt = new Date(at.getTime() + SESSION_DAYS * DAY_MS);
		await db().update(sessions).set({ expiresAt, lastSeenAt: at }).where(eq(sessions.id, id));
	} else if (at.getTime() - row.lastSeenAt.getTime() > 5 * 60 * 1000) {
		await db().update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
	}
	return {
		sessionId: id,
		accountId: row.accountId,
		expiresAt,
		secondFactorAt: row.secondFactorAt
	};
}

export async function invalidateSession(sessionId: string) {
	await db().delete(sessions).where(eq(sessions.id, sessionId));
}
