import { fail, redirect, type Cookies } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { safeNext } from '$lib/server/auth/forms';
import { SecondFactorCodeForm } from '$lib/server/auth/second-factor/forms';
import {
	confirmTotp,
	disableTotp,
	renewRecoveryCodes,
	requiresSecondFactor,
	secondFactorStatus,
	startTotpRenewal
} from '$lib/server/auth/second-factor/service';
import { generateTotpSecret, groupedSecret, totpKeyUri } from '$lib/server/auth/second-factor/totp';
import { listPasskeys, removePasskey } from '$lib/server/auth/second-factor/passkeys';
import { config } from '$lib/server/config';
import { parseForm } from '$lib/server/http/form';
import { requireActor } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

// The key being set up waits in a short-lived httpOnly cookie until its first code confirms it:
// a reload or a wrong code shows the same key again, and nothing is stored before it works.
const SETUP_COOKIE = 's360_totp_setup';
const setupCookieOptions = () => ({
	path: '/konto/zweiter-faktor',
	httpOnly: true,
	sameSite: 'strict' as const,
	secure: !config.origin.startsWith('http://'),
	maxAge: 15 * 60
});
const setupSecret = (cookies: Cookies) => {
	const secret = cookies.get(SETUP_COOKIE);
	return secret && /^[A-Z2-7]{32}$/.test(secret) ? secret : null;
};
const newSetupSecret = (cookies: Cookies) => {
	const secret = generateTotpSecret();
	cookies.set(SETUP_COOKIE, secret, setupCookieOptions());
	return secret;
};

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event, { pendingSecondFactor: true });
	const status = await secondFactorStatus(actor.accountId);
	let secret = setupSecret(event.cookies);
	// No factor yet: set one up right away. With one, only after a current code (renewal).
	if (!status.totp && !secret) secret = newSetupSecret(event.cookies);
	const setup = secret
		? {
				secret: groupedSecret(secret),
				// An image, not inline markup: the page never inserts HTML it did not write itself.
				qrImage: `data:image/svg+xml;base64,${Buffer.from(
					await QRCode.toString(totpKeyUri(secret, actor.email), {
						type: 'svg',
						margin: 1,
						errorCorrectionLevel: 'M'
					})
				).toString('base64')}`,
				renewal: status.totp
			}
		: null;
	return {
		status,
		passkeys: await listPasskeys(actor.accountId),
		setup,
		mandatory: requiresSecondFactor(actor.roles),
		pending: actor.secondFactorPending ?? null,
		next: safeNext(event.url.searchParams.get('next'))
	};
};

const codeForm = async (request: Request) =>
	parseForm(SecondFactorCodeForm, await request.formData());

export const actions: Actions = {
	confirm: async (event) => {
		const actor = requireActor(event, { pendingSecondFactor: true });
		const form = await codeForm(event.request);
		if (!form.ok) return fail(400, { action: 'confirm', errors: form.errors });
		const secret = setupSecret(event.cookies);
		if (!secret)
			return fail(400, { action: 'confirm', errors: { code: 'error_second_factor_expired' } });
		const result = await confirmTotp(actor, secret, form.data.code);
		if (!result.ok) return fail(result.status, { action: 'confirm', errors: result.errors });
		event.cookies.delete(SETUP_COOKIE, { path: setupCookieOptions().path });
		return { action: 'confirm', recoveryCodes: result.value.recoveryCodes };
	},
	renew: async (event) => {
		const actor = requireActor(event);
		const form = await codeForm(event.request);
		if (!form.ok) return fail(400, { action: 'renew', errors: form.errors });
		const result = await startTotpRenewal(actor, form.data.code);
		if (!result.ok) return fail(result.status, { action: 'renew', errors: result.errors });
		newSetupSecret(event.cookies);
		return { action: 'renew', started: true };
	},
	cancelRenewal: async (event) => {
		requireActor(event);
		event.cookies.delete(SETUP_COOKIE, { path: setupCookieOptions().path });
		redirect(303, '/konto/zweiter-faktor');
	},
	recoveryCodes: async (event) => {
		const actor = requireActor(event);
		const form = await codeForm(event.request);
		if (!form.ok) return fail(400, { action: 'recoveryCodes', errors: form.errors });
		const result = await renewRecoveryCodes(actor, form.data.code);
		if (!result.ok) return fail(result.status, { action: 'recoveryCodes', errors: result.errors });
		return { action: 'recoveryCodes', recoveryCodes: result.value.recoveryCodes };
	},
	removePasskey: async (event) => {
		const actor = requireActor(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		const result = await removePasskey(actor, id);
		if (!result.ok) return fail(result.status, { action: 'removePasskey', errors: result.errors });
		return { action: 'removePasskey', removed: true };
	},
	disable: async (event) => {
		const actor = requireActor(event);
		const form = await codeForm(event.request);
		if (!form.ok) return fail(400, { action: 'disable', errors: form.errors });
		const result = await disableTotp(actor, form.data.code);
		if (!result.ok) return fail(result.status, { action: 'disable', errors: result.errors });
		return { action: 'disable', disabled: true };
	}
};
