import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { uniqueEmail } from '../../../../tests/helpers/factories';
import { setClock } from '../clock';
import { db } from '../db';
import {
	accountKey,
	LOGIN_WINDOW_MS,
	loginWaitSeconds,
	MAX_FAILURES_PER_ACCOUNT,
	MAX_FAILURES_PER_IP,
	pruneLoginAttempts,
	recordLoginAttempt
} from './rate-limit';
import { loginAttempts } from './schema';

useTestDatabase();
const T0 = new Date('2026-03-16T09:00:00Z');
const at = (ms: number) => setClock(new Date(T0.getTime() + ms));
beforeEach(() => at(0));
afterEach(() => setClock(undefined));

const fail = async (email: string, ip: string | null, times: number) => {
	for (let i = 0; i < times; i++) await recordLoginAttempt(email, ip, false);
};

describe('login rate limit', () => {
	it('lets 9 failures pass and blocks at the 10th for the window', async () => {
		const email = uniqueEmail();
		await fail(email, null, MAX_FAILURES_PER_ACCOUNT - 1);
		expect(await loginWaitSeconds(email, null)).toBe(0);
		await fail(email, null, 1);
		expect(await loginWaitSeconds(email, null)).toBe(900);
		// Same account however the address is typed
		expect(await loginWaitSeconds(`  ${email.toUpperCase()} `, null)).toBe(900);
		at(10 * 60 * 1000);
		expect(await loginWaitSeconds(email, null)).toBe(300);
		at(LOGIN_WINDOW_MS - 500);
		expect(await loginWaitSeconds(email, null)).toBe(1);
		at(LOGIN_WINDOW_MS);
		expect(await loginWaitSeconds(email, null)).toBe(0);
	});

	it('frees a slot when the oldest counted failure leaves the window', async () => {
		const email = uniqueEmail();
		await fail(email, null, 1);
		at(5 * 60 * 1000);
		await fail(email, null, MAX_FAILURES_PER_ACCOUNT - 1);
		expect(await loginWaitSeconds(email, null)).toBe(600);
		at(LOGIN_WINDOW_MS + 1000); // the first failure is out; nine remain
		expect(await loginWaitSeconds(email, null)).toBe(0);
	});

	it('limits an IP across e-mails, and not other IPs', async () => {
		for (let i = 0; i < MAX_FAILURES_PER_IP - 1; i++)
			await recordLoginAttempt(uniqueEmail('spray'), '203.0.113.9', false);
		const fresh = uniqueEmail();
		expect(await loginWaitSeconds(fresh, '203.0.113.9')).toBe(0);
		await recordLoginAttempt(uniqueEmail('spray'), '203.0.113.9', false);
		expect(await loginWaitSeconds(fresh, '203.0.113.9')).toBe(900);
		expect(await loginWaitSeconds(fresh, '198.51.100.4')).toBe(0);
		expect(await loginWaitSeconds(fresh, null)).toBe(0);
	});

	it('clears the account failures on success, but not the IP failures', async () => {
		const email = uniqueEmail();
		await fail(email, '192.0.2.1', MAX_FAILURES_PER_ACCOUNT - 1);
		await recordLoginAttempt(email, '192.0.2.1', true);
		const left = await db()
			.select()
			.from(loginAttempts)
			.where(eq(loginAttempts.key, accountKey(email)));
		expect(left.map((r) => r.succeeded)).toEqual([true]);
		const ipRows = await db()
			.select()
			.from(loginAttempts)
			.where(eq(loginAttempts.key, 'ip:192.0.2.1'));
		expect(ipRows.filter((r) => !r.succeeded)).toHaveLength(MAX_FAILURES_PER_ACCOUNT - 1);
		await fail(email, null, MAX_FAILURES_PER_ACCOUNT - 1);
		expect(await loginWaitSeconds(email, null)).toBe(0);
	});

	it('prunes attempts older than a day', async () => {
		const email = uniqueEmail('old');
		await fail(email, null, 2);
		at(24 * 60 * 60 * 1000 + 1000);
		await fail(email, null, 1);
		await pruneLoginAttempts();
		const left = await db()
			.select()
			.from(loginAttempts)
			.where(like(loginAttempts.key, `%${email}`));
		expect(left).toHaveLength(1);
	});
});
