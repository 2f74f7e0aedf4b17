// The passkey ceremonies themselves run in the browser test (Chromium's virtual authenticator,
// tests/e2e/staff-second-factor.e2e.ts); here: the rules around them.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { createAccount, createSchool, grantRole } from '../../../../../tests/helpers/factories';
import { setClock } from '../../clock';
import { db } from '../../db';
import { loadActor } from '../../identity/actor';
import { passkeys } from '../schema';
import { createSession, validateSessionToken } from '../session';
import {
	passkeyAuthenticationOptions,
	passkeyRegistrationOptions,
	registerPasskey,
	removePasskey,
	verifyPasskey
} from './passkeys';
import { MAX_SECOND_FACTOR_FAILURES } from './service';

useTestDatabase();
beforeEach(() => setClock(new Date('2026-11-23T09:00:00Z')));
afterEach(() => setClock(undefined));

async function staffWithPasskey() {
	const schoolId = await createSchool();
	const account = await createAccount();
	await grantRole(account.personId, 'teacher', { schoolId });
	const id = `cred-${account.accountId}`;
	await db()
		.insert(passkeys)
		.values({ id, accountId: account.accountId, publicKey: 'AAAA', name: 'Laptop' });
	const { token } = await createSession(account.accountId, {});
	const session = (await validateSessionToken(token))!;
	const actor = (await loadActor(account.accountId, session.sessionId, session))!;
	return { ...account, actor, passkeyId: id };
}

const fakeAssertion = (id: string) =>
	({
		id,
		rawId: id,
		type: 'public-key',
		clientExtensionResults: {},
		response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' }
	}) as AuthenticationResponseJSON;

describe('passkeys', () => {
	it('a passkey alone makes a new session owe the second factor', async () => {
		const { actor } = await staffWithPasskey();
		expect(actor.secondFactorPending).toBe('verify');
	});

	it('offers only the account’s own passkeys, and excludes them from a new registration', async () => {
		const { actor, passkeyId } = await staffWithPasskey();
		const auth = await passkeyAuthenticationOptions(actor);
		expect(auth.allowCredentials?.map((c) => c.id)).toEqual([passkeyId]);
		expect(auth.challenge.length).toBeGreaterThan(20);
		const reg = await passkeyRegistrationOptions(actor);
		expect(reg.excludeCredentials?.map((c) => c.id)).toEqual([passkeyId]);
		expect(reg.rp.id).toBe('localhost');
	});

	it('a session that owes its factor cannot register another one', async () => {
		const { actor } = await staffWithPasskey();
		const result = await registerPasskey(actor, {} as RegistrationResponseJSON, 'challenge', 'x');
		expect(result).toMatchObject({ ok: false, status: 403 });
	});

	it('a wrong or foreign answer is refused and counted; after 5 the account waits', async () => {
		const { actor } = await staffWithPasskey();
		const other = await staffWithPasskey();
		// Another account's credential id: not found for this account.
		expect(await verifyPasskey(actor, fakeAssertion(other.passkeyId), 'c')).toMatchObject({
			ok: false,
			errors: { form: 'error_passkey_failed' }
		});
		for (let i = 1; i < MAX_SECOND_FACTOR_FAILURES; i++)
			await verifyPasskey(actor, fakeAssertion(`cred-${actor.accountId}`), 'c');
		expect(await verifyPasskey(actor, fakeAssertion(`cred-${actor.accountId}`), 'c')).toMatchObject(
			{ ok: false, status: 429 }
		);
	});

	it('staff cannot remove their only factor; a second one can go', async () => {
		const { actor, passkeyId, accountId } = await staffWithPasskey();
		expect(await removePasskey(actor, passkeyId)).toMatchObject({
			ok: false,
			errors: { form: 'error_second_factor_mandatory' }
		});
		await db()
			.insert(passkeys)
			.values({ id: `second-${accountId}`, accountId, publicKey: 'AAAA', name: 'Phone' });
		// Someone else's passkey is not found.
		const other = await staffWithPasskey();
		expect(await removePasskey(actor, other.passkeyId)).toMatchObject({ ok: false, status: 404 });
		expect((await removePasskey(actor, passkeyId)).ok).toBe(true);
		const left = await db().select().from(passkeys).where(eq(passkeys.accountId, accountId));
		expect(left.map((p) => p.name)).toEqual(['Phone']);
	});
});
