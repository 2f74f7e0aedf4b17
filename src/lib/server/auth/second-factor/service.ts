// The second factor: TOTP with single-use recovery codes. Mandatory for school staff and the
// district office (an account with such a role has to pass it in every new session before it may
// do anything), optional for everyone else (once set up, it is asked for too).
// A TOTP code is accepted once (totp_credentials.lastUsedStep), a recovery code once (usedAt);
// 5 wrong codes in 15 minutes make the account wait. Every change is audit-logged.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, count, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { now } from '../../clock';
import { db, type DbOrTx } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { accounts, DISTRICT_ROLES, SCHOOL_STAFF_ROLES, type Role } from '../../identity/schema';
import type { Actor } from '../../policy/actor';
import { loginAttempts, passkeys, recoveryCodes, sessions, totpCredentials } from '../schema';
import { matchTotpStep, normaliseTotp } from './totp';

export const MAX_SECOND_FACTOR_FAILURES = 5;
export const SECOND_FACTOR_WINDOW_MS = 15 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;
/** Renewing or turning off the factor needs a code passed this recently in the session. */
export const REAUTH_MS = 10 * 60 * 1000;

/** Roles whose accounts must use a second factor. */
export const requiresSecondFactor = (roles: readonly { role: Role }[]) =>
	roles.some((r) => SCHOOL_STAFF_ROLES.includes(r.role) || DISTRICT_ROLES.includes(r.role));

const attemptKey = (accountId: string) => `second-factor:${accountId}`;

const hashRecoveryCode = (code: string) =>
	encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseRecoveryCode(code))));
/** Recovery codes are typed by hand: case, spaces and hyphens do not matter. */
const normaliseRecoveryCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/** Ten codes of 10 base32 characters (50 bits each), shown as "ABCDE-FGHIJ". */
export function generateRecoveryCodes(): string[] {
	return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const bytes = new Uint8Array(7);
		crypto.getRandomValues(bytes);
		const raw = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10);
		return `${raw.slice(0, 5)}-${raw.slice(5)}`;
	});
}

/** Whether an account has a confirmed factor, and how many recovery codes are left. */
export async function secondFactorStatus(accountId: string) {
	const [[totp], [codes], [keys]] = await Promise.all([
		db()
			.select({ confirmedAt: totpCredentials.confirmedAt })
			.from(totpCredentials)
			.where(eq(totpCredentials.accountId, accountId)),
		db()
			.select({ n: count() })
			.from(recoveryCodes)
			.where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt))),
		db().select({ n: count() }).from(passkeys).where(eq(passkeys.accountId, accountId))
	]);
	const hasTotp = !!totp?.confirmedAt;
	const passkeyCount = Number(keys.n);
	return {
		totp: hasTotp,
		confirmedAt: totp?.confirmedAt ?? null,
		passkeys: passkeyCount,
		recoveryCodesLeft: Number(codes.n),
		enrolled: hasTotp || passkeyCount > 0
	};
}

/** Whether the account has a confirmed TOTP key or a passkey: one query, asked on requests. */
export async function hasSecondFactor(accountId: string): Promise<boolean> {
	const [row] = await db()
		.select({
			enrolled: sql<boolean>`exists (select 1 from ${totpCredentials} where ${totpCredentials.accountId} = ${accountId} and ${totpCredentials.confirmedAt} is not null) or exists (select 1 from ${passkeys} where ${passkeys.accountId} = ${accountId})`
		})
		.from(accounts)
		.where(eq(accounts.id, accountId));
	return !!row?.enrolled;
}

/** Seconds the account has to wait before the next code is checked, else 0. */
export async function secondFactorWaitSeconds(accountId: string): Promise<number> {
	const since = new Date(now().getTime() - SECOND_FACTOR_WINDOW_MS);
	const failures = and(
		eq(loginAttempts.key, attemptKey(accountId)),
		eq(loginAttempts.succeeded, false),
		gt(loginAttempts.at, since)
	);
	const [{ n }] = await db().select({ n: count() }).from(loginAttempts).where(failures);
	if (Number(n) < MAX_SECOND_FACTOR_FAILURES) return 0;
	const [oldest] = await db()
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(failures)
		.orderBy(asc(loginAttempts.at))
		.limit(1);
	const freeAt = oldest.at.getTime() + SECOND_FACTOR_WINDOW_MS;
	return Math.max(1, Math.ceil((freeAt - now().getTime()) / 1000));
}

export async function recordSecondFactorFailure(accountId: string, reason: string) {
	await db()
		.insert(loginAttempts)
		.values({ key: attemptKey(accountId), succeeded: false, at: now() });
	await recordAudit(db(), {
		actorAccountId: accountId,
		action: 'auth.second_factor_failed',
		details: { reason }
	});
}

export async function clearSecondFactorFailures(tx: DbOrTx, accountId: string) {
	await tx
		.delete(loginAttempts)
		.where(and(eq(loginAttempts.key, attemptKey(accountId)), eq(loginAttempts.succeeded, false)));
}

/**
 * Checks a TOTP or recovery code of the account's current factor and uses it up (a TOTP step
 * or a recovery code is never accepted twice, also not by two requests at once).
 */
async function consumeCode(
	tx: DbOrTx,
	accountId: string,
	code: string
): Promise<'totp' | 'recovery_code' | null> {
	const typed = normaliseTotp(code);
	if (/^\d{6}$/.test(typed)) {
		const [credential] = await tx
			.select()
			.from(totpCredentials)
			.where(eq(totpCredentials.accountId, accountId));
		if (!credential?.confirmedAt) return null;
		const step = matchTotpStep(credential.secret, typed, credential.lastUsedStep);
		if (step === null) return null;
		const used = await tx
			.update(totpCredentials)
			.set({ lastUsedStep: step })
			.where(
				and(
					eq(totpCredentials.accountId, accountId),
					or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step))
				)
			)
			.returning({ accountId: totpCredentials.accountId });
		return used.length ? 'totp' : null;
	}
	if (normaliseRecoveryCode(code).length !== 10) return null;
	const used = await tx
		.update(recoveryCodes)
		.set({ usedAt: now() })
		.where(
			and(
				eq(recoveryCodes.accountId, accountId),
				eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
				isNull(recoveryCodes.usedAt)
			)
		)
		.returning({ id: recoveryCodes.id });
	return used.length ? 'recovery_code' : null;
}

/** Rate limit, check, use up, record: the common part of every step that asks for a code. */
async function withCode<T>(
	actor: Pick<Actor, 'accountId'>,
	code: string,
	then: (tx: DbOrTx, method: 'totp' | 'recovery_code') => Promise<T>
): Promise<Result<T>> {
	const wait = await secondFactorWaitSeconds(actor.accountId);
	if (wait > 0) return failure(429, { code: 'error_second_factor_rate_limited' }, wait);
	const outcome = await db().transaction(async (tx) => {
		const method = await consumeCode(tx, actor.accountId, code);
		if (!method) return null;
		await clearSecondFactorFailures(tx, actor.accountId);
		if (method === 'recovery_code')
			await recordAudit(tx, { actorAccountId: actor.accountId, action: 'auth.recovery_code_used' });
		return { value: await then(tx, method) };
	});
	if (!outcome) {
		await recordSecondFactorFailure(actor.accountId, 'wrong_code');
		return failure(400, { code: 'error_second_factor_invalid' });
	}
	return ok(outcome.value);
}

async function markSessionPassed(tx: DbOrTx, sessionId: string) {
	await tx.update(sessions).set({ secondFactorAt: now() }).where(eq(sessions.id, sessionId));
}

/** The sign-in's second step: a TOTP or recovery code marks the session as passed. */
export async function verifySecondFactor(
	actor: Pick<Actor, 'accountId' | 'sessionId'>,
	code: string
): Promise<Result<{ method: 'totp' | 'recovery_code' }>> {
	return withCode(actor, code, async (tx, method) => {
		await markSessionPassed(tx, actor.sessionId);
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'auth.second_factor_verified',
			details: { method }
		});
		return { method };
	});
}

async function passedRecently(sessionId: string) {
	const [session] = await db()
		.select({ secondFactorAt: sessions.secondFactorAt })
		.from(sessions)
		.where(eq(sessions.id, sessionId));
	return (
		!!session?.secondFactorAt && now().getTime() - session.secondFactorAt.getTime() <= REAUTH_MS
	);
}

async function replaceRecoveryCodes(tx: DbOrTx, accountId: string) {
	const codes = generateRecoveryCodes();
	await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
	await tx
		.insert(recoveryCodes)
		.values(codes.map((c) => ({ accountId, codeHash: hashRecoveryCode(c), createdAt: now() })));
	return codes;
}

/**
 * Confirms a new TOTP key with its first code and hands out fresh recovery codes (shown once).
 * Replacing an existing key needs a code of the old one within the last minutes
 * (`startTotpRenewal`).
 */
export async function confirmTotp(
	actor: Pick<Actor, 'accountId' | 'sessionId'>,
	secret: string,
	code: string
): Promise<Result<{ recoveryCodes: string[] }>> {
	const status = await secondFactorStatus(actor.accountId);
	if (status.totp && !(await passedRecently(actor.sessionId)))
		return failure(403, { code: 'error_second_factor_reauth' });
	const wait = await secondFactorWaitSeconds(actor.accountId);
	if (wait > 0) return failure(429, { code: 'error_second_factor_rate_limited' }, wait);
	const step = /^[A-Z2-7]{32}$/.test(secret) ? matchTotpStep(secret, code, null) : null;
	if (step === null) {
		await recordSecondFactorFailure(actor.accountId, 'wrong_setup_code');
		return failure(400, { code: 'error_second_factor_invalid' });
	}
	const codes = await db().transaction(async (tx) => {
		const at = now();
		await tx
			.insert(totpCredentials)
			.values({
				accountId: actor.accountId,
				secret,
				confirmedAt: at,
				lastUsedStep: step,
				createdAt: at
			})
			.onConflictDoUpdate({
				target: totpCredentials.accountId,
				set: { secret, confirmedAt: at, lastUsedStep: step, createdAt: at }
			});
		const fresh = await replaceRecoveryCodes(tx, actor.accountId);
		await clearSecondFactorFailures(tx, actor.accountId);
		await markSessionPassed(tx, actor.sessionId);
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: status.totp ? 'auth.totp_renewed' : 'auth.totp_enabled',
			resourceType: 'account',
			resourceId: actor.accountId
		});
		return fresh;
	});
	return ok({ recoveryCodes: codes });
}

/** The first step of renewing the key: a current code of the old one. */
export async function startTotpRenewal(
	actor: Pick<Actor, 'accountId' | 'sessionId'>,
	code: string
): Promise<Result<undefined>> {
	return withCode(actor, code, async (tx) => {
		await markSessionPassed(tx, actor.sessionId);
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'auth.totp_renewal_started',
			resourceType: 'account',
			resourceId: actor.accountId
		});
		return undefined;
	});
}

/** New recovery codes (the old ones stop working), with a current code. */
export async function renewRecoveryCodes(
	actor: Pick<Actor, 'accountId' | 'sessionId'>,
	code: string
): Promise<Result<{ recoveryCodes: string[] }>> {
	return withCode(actor, code, async (tx) => {
		const codes = await replaceRecoveryCodes(tx, actor.accountId);
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'auth.recovery_codes_renewed',
			resourceType: 'account',
			resourceId: actor.accountId
		});
		return { recoveryCodes: codes };
	});
}

/**
 * Turns TOTP off, with a current code. Staff and district accounts must keep a factor: they can
 * renew it, not remove it (unless a passkey remains).
 */
export async function disableTotp(
	actor: Pick<Actor, 'accountId' | 'sessionId' | 'roles'>,
	code: string
): Promise<Result<undefined>> {
	const status = await secondFactorStatus(actor.accountId);
	if (!status.totp) return failure(404, { form: 'error_not_found' });
	if (requiresSecondFactor(actor.roles) && status.passkeys === 0)
		return failure(403, { form: 'error_second_factor_mandatory' });
	return withCode(actor, code, async (tx) => {
		await tx.delete(totpCredentials).where(eq(totpCredentials.accountId, actor.accountId));
		await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, actor.accountId));
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'auth.totp_disabled',
			resourceType: 'account',
			resourceId: actor.accountId
		});
		return undefined;
	});
}
