import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { createAccount } from '../../../../tests/helpers/factories';
import { setClock } from '../clock';
import { db } from '../db';
import { accounts } from '../identity/schema';
import { sessions } from './schema';
import {
	createSession,
	invalidateSession,
	SESSION_DAYS,
	sessionIdOf,
	validateSessionToken
} from './session';

useTestDatabase();
const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-03-16T09:00:00Z');
const at = (ms: number) => setClock(new Date(T0.getTime() + ms));
beforeEach(() => at(0));
afterEach(() => setClock(undefined));

const row = async (id: string) =>
	(await db().select().from(sessions).where(eq(sessions.id, id)))[0];

describe('sessions', () => {
	it('keeps only the SHA-256 of the token, for 30 days', async () => {
		const { accountId } = await createAccount();
		const { token, expiresAt } = await createSession(accountId, {
			ip: '192.0.2.7',
			userAgent: 'Firefox'
		});
		expect(token).toMatch(/^[a-z2-7]{32}$/); // 20 random bytes, base32
		expect(expiresAt).toEqual(new Date(T0.getTime() + SESSION_DAYS * DAY));
		const stored = await db().select().from(sessions).where(eq(sessions.accountId, accountId));
		expect(stored).toHaveLength(1);
		expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
		expect(stored[0].id).toBe(sessionIdOf(token));
		expect(stored[0].id).not.toContain(token);
		expect(stored[0]).toMatchObject({ ip: '192.0.2.7', userAgent: 'Firefox', expiresAt });
		expect(await validateSessionToken(token)).toEqual({
			sessionId: stored[0].id,
			accountId,
			expiresAt,
			secondFactorAt: null
		});
		// The stored id is not a token: presenting it finds nothing.
		expect(await validateSessionToken(stored[0].id)).toBeNull();
	});

	it('gives two sessions two tokens', async () => {
		const { accountId } = await createAccount();
		const a = await createSession(accountId, {});
		const b = await createSession(accountId, {});
		expect(a.token).not.toBe(b.token);
	});

	it('renews when fewer than 15 days are left, not before', async () => {
		const { accountId } = await createAccount();
		const { token, expiresAt } = await createSession(accountId, {});
		at(14 * DAY);
		expect((await validateSessionToken(token))?.expiresAt).toEqual(expiresAt);
		expect((await row(sessionIdOf(token))).expiresAt).toEqual(expiresAt);
		at(16 * DAY);
		const renewed = new Date(T0.getTime() + (16 + SESSION_DAYS) * DAY);
		expect((await validateSessionToken(token))?.expiresAt).toEqual(renewed);
		expect(await row(sessionIdOf(token))).toMatchObject({
			expiresAt: renewed,
			lastSeenAt: new Date(T0.getTime() + 16 * DAY)
		});
		// Renewed, it now outlives the first 30 days.
		at(40 * DAY);
		expect(await validateSessionToken(token)).not.toBeNull();
	});

	it('notes when it was last seen, at most every five minutes', async () => {
		const { accountId } = await createAccount();
		const { token } = await createSession(accountId, {});
		at(4 * 60 * 1000);
		await validateSessionToken(token);
		expect((await row(sessionIdOf(token))).lastSeenAt).toEqual(T0);
		at(6 * 60 * 1000);
		await validateSessionToken(token);
		expect((await row(sessionIdOf(token))).lastSeenAt).toEqual(
			new Date(T0.getTime() + 6 * 60 * 1000)
		);
	});

	it('rejects an expired session', async () => {
		const { accountId } = await createAccount();
		const { token } = await createSession(accountId, {});
		const twin = await createSession(accountId, {});
		// A second before the end the twin is still valid (and this check renews it) …
		at(SESSION_DAYS * DAY - 1000);
		expect(await validateSessionToken(twin.token)).not.toBeNull();
		// … while the untouched one ends on the dot.
		at(SESSION_DAYS * DAY);
		expect(await validateSessionToken(token)).toBeNull();
		expect(await validateSessionToken(twin.token)).not.toBeNull();
		at(SESSION_DAYS * DAY + DAY);
		expect(await validateSessionToken(token)).toBeNull();
	});

	it('rejects the session of a disabled account', async () => {
		const { accountId } = await createAccount();
		const { token } = await createSession(accountId, {});
		expect(await validateSessionToken(token)).not.toBeNull();
		await db().update(accounts).set({ disabledAt: T0 }).where(eq(accounts.id, accountId));
		expect(await validateSessionToken(token)).toBeNull();
	});

	it('rejects an unknown and an invalidated token', async () => {
		const { accountId } = await createAccount();
		const { token } = await createSession(accountId, {});
		const keep = await createSession(accountId, {});
		expect(await validateSessionToken('nosuchtokennosuchtokennosuchtoke')).toBeNull();
		await invalidateSession(sessionIdOf(token));
		expect(await validateSessionToken(token)).toBeNull();
		expect(await validateSessionToken(keep.token)).not.toBeNull();
	});
});
