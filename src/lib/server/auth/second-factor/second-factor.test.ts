import { isRedirect } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { createAccount, createSchool, grantRole } from '../../../../../tests/helpers/factories';
import { auditLog } from '../../audit/schema';
import { setClock } from '../../clock';
import { db } from '../../db';
import { requireActor, requireStaff } from '../../http/guards';
import { loadActor } from '../../identity/actor';
import { can, isStaff } from '../../policy';
import { recoveryCodes, sessions, totpCredentials } from '../schema';
import { createSession, validateSessionToken } from '../session';
import { secondFactorGate, secondFactorMayPass } from './paths';
import {
	confirmTotp,
	disableTotp,
	MAX_SECOND_FACTOR_FAILURES,
	renewRecoveryCodes,
	secondFactorWaitSeconds,
	startTotpRenewal,
	verifySecondFactor
} from './service';
import { currentStep, generateTotpSecret, matchTotpStep, totpAt } from './totp';

useTestDatabase();
const T0 = new Date('2026-11-23T09:00:10Z');
const at = (ms: number) => setClock(new Date(T0.getTime() + ms));
beforeEach(() => at(0));
afterEach(() => setClock(undefined));

const codeNow = (secret: string, offset = 0) => totpAt(secret, currentStep() + offset);

/** A signed-in session as the hooks see it: the actor with its second-factor state. */
async function signedIn(accountId: string) {
	const { token } = await createSession(accountId, {});
	const session = (await validateSessionToken(token))!;
	const actor = (await loadActor(accountId, session.sessionId, session))!;
	return { actor, sessionId: session.sessionId };
}
const reload = async (accountId: string, sessionId: string) => {
	const [row] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
	return (await loadActor(accountId, sessionId, row))!;
};

async function staffAccount() {
	const schoolId = await createSchool();
	const account = await createAccount();
	await grantRole(account.personId, 'secretary', { schoolId });
	return { ...account, schoolId };
}

/** A staff account with a confirmed TOTP key; returns the key and its recovery codes. */
async function staffWithTotp() {
	const account = await staffAccount();
	const { actor, sessionId } = await signedIn(account.accountId);
	const secret = generateTotpSecret();
	const result = await confirmTotp(actor, secret, codeNow(secret));
	if (!result.ok) throw new Error('setup failed');
	at(60_000); // a new step: the setup code is used up
	return { ...account, secret, codes: result.value.recoveryCodes, sessionId };
}

const auditActions = async (accountId: string) =>
	(
		await db()
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(eq(auditLog.actorAccountId, accountId))
	).map((r) => r.action);

describe('TOTP codes', () => {
	it('matches the current step and one step either side, nothing further', () => {
		const secret = generateTotpSecret();
		const step = currentStep();
		expect(matchTotpStep(secret, totpAt(secret, step), null)).toBe(step);
		expect(matchTotpStep(secret, totpAt(secret, step - 1), null)).toBe(step - 1);
		expect(matchTotpStep(secret, totpAt(secret, step + 1), null)).toBe(step + 1);
		expect(matchTotpStep(secret, totpAt(secret, step + 2), null)).toBeNull();
		expect(matchTotpStep(secret, totpAt(secret, step - 2), null)).toBeNull();
		// Not again after it was used, nor an older one.
		expect(matchTotpStep(secret, totpAt(secret, step), step)).toBeNull();
		expect(matchTotpStep(secret, totpAt(secret, step - 1), step)).toBeNull();
		expect(matchTotpStep(secret, 'abcdef', null)).toBeNull();
	});
});

describe('second factor', () => {
	it('a staff session must set one up first; the first code confirms it and gives 10 codes once', async () => {
		const account = await staffAccount();
		const { actor, sessionId } = await signedIn(account.accountId);
		expect(actor.secondFactorPending).toBe('setup');
		const secret = generateTotpSecret();

		const wrong = await confirmTotp(actor, secret, '000000');
		expect(wrong.ok).toBe(false);
		const result = await confirmTotp(actor, secret, codeNow(secret));
		expect(result.ok).toBe(true);
		const codes = result.ok ? result.value.recoveryCodes : [];
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		const stored = await db()
			.select()
			.from(recoveryCodes)
			.where(eq(recoveryCodes.accountId, account.accountId));
		expect(stored).toHaveLength(10);
		// Only hashes are kept.
		for (const c of codes) expect(stored.some((s) => s.codeHash.includes(c))).toBe(false);
		const [credential] = await db()
			.select()
			.from(totpCredentials)
			.where(eq(totpCredentials.accountId, account.accountId));
		expect(credential.confirmedAt).not.toBeNull();
		expect(credential.lastUsedStep).toBe(currentStep());
		// The session passed; the actor is no longer pending.
		expect((await reload(account.accountId, sessionId)).secondFactorPending).toBeUndefined();
		expect(await auditActions(account.accountId)).toContain('auth.totp_enabled');
	});

	it('a new session has to pass it; a code is accepted once; one step of drift is fine', async () => {
		const { accountId, secret } = await staffWithTotp();
		const first = await signedIn(accountId);
		expect(first.actor.secondFactorPending).toBe('verify');
		const code = codeNow(secret);
		expect((await verifySecondFactor(first.actor, code)).ok).toBe(true);
		expect((await reload(accountId, first.sessionId)).secondFactorPending).toBeUndefined();

		// The same code in a second session: refused (replay).
		const second = await signedIn(accountId);
		const replay = await verifySecondFactor(second.actor, code);
		expect(replay).toMatchObject({ ok: false, errors: { code: 'error_second_factor_invalid' } });
		expect((await reload(accountId, second.sessionId)).secondFactorPending).toBe('verify');
		// The next step's code (a phone clock slightly ahead) is accepted.
		expect((await verifySecondFactor(second.actor, codeNow(secret, 1))).ok).toBe(true);
		// Two steps ahead is too far.
		const third = await signedIn(accountId);
		at(60_000 + 30_000);
		expect((await verifySecondFactor(third.actor, codeNow(secret, 2))).ok).toBe(false);
		expect(await auditActions(accountId)).toEqual(
			expect.arrayContaining(['auth.second_factor_verified', 'auth.second_factor_failed'])
		);
	});

	it('a recovery code works once, in any case and spacing', async () => {
		const { accountId, codes } = await staffWithTotp();
		const one = await signedIn(accountId);
		expect((await verifySecondFactor(one.actor, codes[3].toLowerCase())).ok).toBe(true);
		const two = await signedIn(accountId);
		expect((await verifySecondFactor(two.actor, codes[3])).ok).toBe(false);
		expect((await verifySecondFactor(two.actor, codes[4].replace('-', ' '))).ok).toBe(true);
		expect(await auditActions(accountId)).toContain('auth.recovery_code_used');
	});

	it('after 5 wrong codes even the right one has to wait', async () => {
		const { accountId, secret } = await staffWithTotp();
		const { actor } = await signedIn(accountId);
		for (let i = 0; i < MAX_SECOND_FACTOR_FAILURES; i++)
			expect(await verifySecondFactor(actor, '000000')).toMatchObject({ status: 400 });
		const refused = await verifySecondFactor(actor, codeNow(secret));
		expect(refused).toMatchObject({
			ok: false,
			status: 429,
			errors: { code: 'error_second_factor_rate_limited' }
		});
		expect(await secondFactorWaitSeconds(accountId)).toBeGreaterThan(0);
		// 15 minutes later it works again.
		at(60_000 + 15 * 60_000 + 1_000);
		expect((await verifySecondFactor(actor, codeNow(secret))).ok).toBe(true);
	});

	it('renewing the key needs a current code of the old one', async () => {
		const { accountId, secret } = await staffWithTotp();
		at(30 * 60_000); // the setup was a while ago
		const { actor } = await signedIn(accountId);
		expect((await verifySecondFactor(actor, codeNow(secret))).ok).toBe(true);
		at(30 * 60_000 + 11 * 60_000); // the session's code is older than 10 minutes
		const fresh = generateTotpSecret();
		const refused = await confirmTotp(actor, fresh, codeNow(fresh));
		expect(refused).toMatchObject({ ok: false, errors: { code: 'error_second_factor_reauth' } });
		expect((await startTotpRenewal(actor, '123456')).ok).toBe(false);
		expect((await startTotpRenewal(actor, codeNow(secret))).ok).toBe(true);
		const renewed = await confirmTotp(actor, fresh, codeNow(fresh));
		expect(renewed.ok).toBe(true);
		const [credential] = await db()
			.select()
			.from(totpCredentials)
			.where(eq(totpCredentials.accountId, accountId));
		expect(credential.secret).toBe(fresh);
		expect(await auditActions(accountId)).toEqual(
			expect.arrayContaining(['auth.totp_renewal_started', 'auth.totp_renewed'])
		);
	});

	it('new recovery codes need a code and replace the old ones', async () => {
		const { accountId, secret, codes, sessionId } = await staffWithTotp();
		const actor = await reload(accountId, sessionId);
		expect((await renewRecoveryCodes(actor, 'AAAAA-BBBBB')).ok).toBe(false);
		const result = await renewRecoveryCodes(actor, codeNow(secret));
		expect(result.ok).toBe(true);
		const other = await signedIn(accountId);
		expect((await verifySecondFactor(other.actor, codes[0])).ok).toBe(false);
		if (result.ok)
			expect((await verifySecondFactor(other.actor, result.value.recoveryCodes[0])).ok).toBe(true);
	});

	it('staff cannot turn it off; a student can, with a code, and is then not asked', async () => {
		const staff = await staffWithTotp();
		const staffActor = await reload(staff.accountId, staff.sessionId);
		expect(await disableTotp(staffActor, codeNow(staff.secret))).toMatchObject({
			ok: false,
			status: 403,
			errors: { form: 'error_second_factor_mandatory' }
		});

		const student = await createAccount();
		const fresh = await signedIn(student.accountId);
		expect(fresh.actor.secondFactorPending).toBeUndefined(); // optional for students
		const secret = generateTotpSecret();
		expect((await confirmTotp(fresh.actor, secret, codeNow(secret))).ok).toBe(true);
		// Set up: the next session of the student is asked too.
		const next = await signedIn(student.accountId);
		expect(next.actor.secondFactorPending).toBe('verify');
		at(120_000); // the next step: the setup code is used up
		const actor = await reload(student.accountId, fresh.sessionId);
		expect((await disableTotp(actor, '111111')).ok).toBe(false);
		expect(await disableTotp(actor, codeNow(secret))).toEqual({ ok: true, value: undefined });
		expect((await signedIn(student.accountId)).actor.secondFactorPending).toBeUndefined();
		const left = await db()
			.select()
			.from(recoveryCodes)
			.where(and(eq(recoveryCodes.accountId, student.accountId)));
		expect(left).toHaveLength(0);
		expect(await auditActions(student.accountId)).toContain('auth.totp_disabled');
	});
});

describe('a session that skipped the second factor', () => {
	const event = (actor: Awaited<ReturnType<typeof loadActor>>, path: string) => ({
		locals: { actor, requestId: 'test' },
		url: new URL(`http://localhost${path}`)
	});

	it('is refused by the policy, the area checks and the guards', async () => {
		const { accountId, schoolId } = await staffWithTotp();
		const { actor } = await signedIn(accountId);
		expect(actor.secondFactorPending).toBe('verify');
		expect(actor.roles.some((r) => r.role === 'secretary')).toBe(true);
		expect(isStaff(actor)).toBe(false);
		expect(can(actor, 'school.view', { type: 'school', schoolId })).toBe(false);
		expect(can(actor, 'roster.import', { type: 'school', schoolId })).toBe(false);

		let thrown: unknown;
		try {
			requireStaff(event(actor, '/sekretariat'));
		} catch (e) {
			thrown = e;
		}
		expect(isRedirect(thrown) && thrown.location).toBe(
			'/anmelden/zweiter-faktor?next=%2Fsekretariat'
		);
		// Pages that are part of the step let it in.
		expect(requireActor(event(actor, '/abmelden'), { pendingSecondFactor: true })).toBe(actor);

		// The same actor with the session passed: allowed.
		const passed = { ...actor, secondFactorPending: undefined };
		expect(isStaff(passed)).toBe(true);
		expect(can(passed, 'school.view', { type: 'school', schoolId })).toBe(true);
	});

	it('reaches only the second-factor pages, sign-out and static files (hooks)', () => {
		const pass = (path: string, routeId: string | null, pending: 'verify' | 'setup') =>
			secondFactorMayPass(path, routeId, pending);
		expect(pass('/anmelden/zweiter-faktor', '/(public)/anmelden/zweiter-faktor', 'verify')).toBe(
			true
		);
		expect(pass('/abmelden', '/(app)/abmelden', 'verify')).toBe(true);
		expect(pass('/_app/immutable/x.js', null, 'verify')).toBe(true);
		expect(pass('/favicon.svg', null, 'verify')).toBe(true);
		expect(pass('/start', '/(app)/start', 'verify')).toBe(false);
		expect(pass('/sekretariat', '/(staff)/sekretariat', 'verify')).toBe(false);
		expect(pass('/kreis', '/(district)/kreis', 'setup')).toBe(false);
		expect(pass('/konto', '/(app)/konto', 'setup')).toBe(false);
		expect(pass('/anmelden/zweiter-faktorx', '/(public)/anmelden', 'verify')).toBe(false);
		// Setting up is open only to an account without a factor.
		expect(pass('/konto/zweiter-faktor', '/(app)/konto/zweiter-faktor', 'setup')).toBe(true);
		expect(pass('/konto/zweiter-faktor', '/(app)/konto/zweiter-faktor', 'verify')).toBe(false);
	});

	it('is sent to the step (GET) or refused (POST); a passed session goes through', () => {
		const request = (method: string, path: string, routeId: string | null) => ({
			method,
			url: new URL(`http://localhost${path}`),
			routeId
		});
		const toStep = secondFactorGate(
			'verify',
			request('GET', '/sekretariat?x=1', '/(staff)/sekretariat')
		);
		expect(toStep?.status).toBe(303);
		expect(toStep?.headers.get('location')).toBe(
			'/anmelden/zweiter-faktor?next=%2Fsekretariat%3Fx%3D1'
		);
		const toSetup = secondFactorGate('setup', request('GET', '/start', '/(app)/start'));
		expect(toSetup?.headers.get('location')).toBe('/konto/zweiter-faktor');
		const post = secondFactorGate(
			'verify',
			request('POST', '/kreis/auftraege', '/(district)/kreis/auftraege')
		);
		expect(post?.status).toBe(403);
		expect(secondFactorGate('verify', request('POST', '/abmelden', '/(app)/abmelden'))).toBeNull();
		expect(secondFactorGate(undefined, request('GET', '/kreis', '/(district)/kreis'))).toBeNull();
	});
});
