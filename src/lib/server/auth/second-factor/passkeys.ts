// Passkeys (WebAuthn) as second factor, with @simplewebauthn/server. The challenge of a ceremony
// waits in a short-lived httpOnly cookie (the route sets it); the credential's public key is
// stored, never a secret. Registering needs a session that passed its factor or an account that
// has none yet (first setup); signing in with one marks the session passed. Audit-logged.
import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type AuthenticatorTransport,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { now } from '../../clock';
import { config } from '../../config';
import { db } from '../../db';
import { failure, ok, type Result } from '../../errors';
import type { Actor } from '../../policy/actor';
import { passkeys, sessions } from '../schema';
import {
	clearSecondFactorFailures,
	recordSecondFactorFailure,
	requiresSecondFactor,
	secondFactorStatus,
	secondFactorWaitSeconds
} from './service';

export const PASSKEY_CHALLENGE_COOKIE = 's360_webauthn';
export const PASSKEY_CHALLENGE_SECONDS = 5 * 60;

const rp = () => ({ rpID: new URL(config.origin).hostname, origin: config.origin });

type PasskeyActor = Pick<Actor, 'accountId' | 'sessionId' | 'email' | 'displayName'> &
	Partial<Pick<Actor, 'secondFactorPending' | 'roles'>>;

export async function listPasskeys(accountId: string) {
	return db()
		.select({
			id: passkeys.id,
			name: passkeys.name,
			createdAt: passkeys.createdAt,
			lastUsedAt: passkeys.lastUsedAt
		})
		.from(passkeys)
		.where(eq(passkeys.accountId, accountId));
}

/** Options for the browser's `startRegistration`; the caller keeps `challenge` in the cookie. */
export async function passkeyRegistrationOptions(actor: PasskeyActor) {
	const existing = await db()
		.select({ id: passkeys.id, transports: passkeys.transports })
		.from(passkeys)
		.where(eq(passkeys.accountId, actor.accountId));
	return generateRegistrationOptions({
		rpName: 'Schule 360°',
		rpID: rp().rpID,
		userName: actor.email,
		userDisplayName: actor.displayName,
		userID: new TextEncoder().encode(actor.accountId),
		attestationType: 'none',
		excludeCredentials: existing.map((p) => ({
			id: p.id,
			transports: (p.transports ?? undefined) as AuthenticatorTransport[] | undefined
		})),
		authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' }
	});
}

export async function registerPasskey(
	actor: PasskeyActor,
	response: RegistrationResponseJSON,
	expectedChallenge: string | undefined,
	name: string
): Promise<Result<{ id: string }>> {
	// A session that still owes its factor may only register the first one (setup).
	if (actor.secondFactorPending === 'verify')
		return failure(403, { form: 'error_second_factor_reauth' });
	if (!expectedChallenge) return failure(400, { form: 'error_passkey_failed' });
	let verification;
	try {
		verification = await verifyRegistrationResponse({
			response,
			expectedChallenge,
			expectedOrigin: rp().origin,
			expectedRPID: rp().rpID,
			requireUserVerification: false
		});
	} catch {
		return failure(400, { form: 'error_passkey_failed' });
	}
	if (!verification.verified || !verification.registrationInfo)
		return failure(400, { form: 'error_passkey_failed' });
	const { credential } = verification.registrationInfo;
	const firstFactor = !(await secondFactorStatus(actor.accountId)).enrolled;
	await db().transaction(async (tx) => {
		await tx.insert(passkeys).values({
			id: credential.id,
			accountId: actor.accountId,
			publicKey: encodeBase64urlNoPadding(credential.publicKey),
			counter: credential.counter,
			transports: credential.transports ?? null,
			name: name.trim().slice(0, 100) || 'Passkey',
			createdAt: now()
		});
		// Registering proves the new authenticator, like the first TOTP code does.
		await tx
			.update(sessions)
			.set({ secondFactorAt: now() })
			.where(eq(sessions.id, actor.sessionId));
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'auth.passkey_added',
			resourceType: 'account',
			resourceId: actor.accountId,
			details: { firstFactor }
		});
	});
	return ok({ id: credential.id });
}

/** Options for the browser's `startAuthentication`, limited to the account's passkeys. */
export async function passkeyAuthenticationOptions(actor: Pick<Actor, 'accountId'>) {
	const keys = await db()
		.select({ id: passkeys.id, transports: passkeys.transports })
		.from(passkeys)
		.where(eq(passkeys.accountId, actor.accountId));
	return generateAuthenticationOptions({
		rpID: rp().rpID,
		allowCredentials: keys.map((p) => ({
			id: p.id,
			transports: (p.transports ?? undefined) as AuthenticatorTransport[] | undefined
		})),
		userVerification: 'preferred'
	});
}

/** The sign-in's second step with a passkey: marks the session passed. Rate-limited like codes. */
export async function verifyPasskey(
	actor: Pick<Actor, 'accountId' | 'sessionId'>,
	response: AuthenticationResponseJSON,
	expectedChallenge: string | undefined
): Promise<Result<undefined>> {
	const wait = await secondFactorWaitSeconds(actor.accountId);
	if (wait > 0) return failure(429, { form: 'error_second_factor_rate_limited' }, wait);
	const [key] = await db()
		.select()
		.from(passkeys)
		.where(and(eq(passkeys.id, response.id), eq(passkeys.accountId, actor.accountId)));
	let verified = false;
	let newCounter = 0;
	if (key && expectedChallenge) {
		try {
			const result = await verifyAuthenticationResponse({
				response,
				expectedChallenge,
				expectedOrigin: rp().origin,
				expectedRPID: rp().rpID,
				credential: {
					id: key.id,
					publicKey: new Uint8Array(decodeBase64urlIgnorePadding(key.publicKey)),
					counter: key.counter,
					transports: (key.transports ?? undefined) as AuthenticatorTransport[] | undefined
				},
				requireUserVerification: false
			});
			verified = result.verified;
			newCounter = result.authenticationInfo.newCounter;
		} catch {
			verified = false;
		}
	}
	if (!verified || !key) {
		await recordSecondFactorFailure(actor.accountId, 'passkey');
		return failure(400, { form: 'error_passkey_failed' });
	}
	await db().transaction(async (tx) => {
		await tx
			.update(passkeys)
			.set({ counter: newCounter, lastUsedAt: now() })
			.where(eq(passkeys.id, key.id));
		await tx
			.update(sessions)
			.set({ secondFactorAt: now() })
			.where(eq(sessions.id, actor.sessionId));
		await clearSecondFactorFailures(tx, actor.accountId);
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'auth.second_factor_verified',
			details: { method: 'passkey' }
		});
	});
	return ok(undefined);
}

/** Removes one of the account's passkeys; staff keep at least one factor. */
export async function removePasskey(
	actor: Pick<Actor, 'accountId' | 'roles'>,
	id: string
): Promise<Result<undefined>> {
	const status = await secondFactorStatus(actor.accountId);
	if (requiresSecondFactor(actor.roles) && !status.totp && status.passkeys <= 1)
		return failure(403, { form: 'error_second_factor_mandatory' });
	const removed = await db().transaction(async (tx) => {
		const rows = await tx
			.delete(passkeys)
			.where(and(eq(passkeys.id, id), eq(passkeys.accountId, actor.accountId)))
			.returning({ id: passkeys.id });
		if (rows.length)
			await recordAudit(tx, {
				actorAccountId: actor.accountId,
				action: 'auth.passkey_removed',
				resourceType: 'account',
				resourceId: actor.accountId
			});
		return rows.length > 0;
	});
	return removed ? ok(undefined) : failure(404, { form: 'error_not_found' });
}
