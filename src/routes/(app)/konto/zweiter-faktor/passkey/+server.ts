import { json } from '@sveltejs/kit';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { keepChallenge, takeChallenge } from '$lib/server/auth/second-factor/passkey-cookie';
import {
	passkeyRegistrationOptions,
	registerPasskey
} from '$lib/server/auth/second-factor/passkeys';
import { requireActor } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

/** Registers a passkey: `?schritt=optionen` gives the options, then the browser's answer. */
export const POST: RequestHandler = async (event) => {
	const actor = requireActor(event, { pendingSecondFactor: true });
	if (actor.secondFactorPending === 'verify')
		return json({ error: 'error_second_factor_reauth' }, { status: 403 });
	if (event.url.searchParams.get('schritt') === 'optionen') {
		const options = await passkeyRegistrationOptions(actor);
		keepChallenge(event.cookies, options.challenge);
		return json(options);
	}
	const body = (await event.request.json().catch(() => null)) as {
		response?: RegistrationResponseJSON;
		name?: string;
	} | null;
	if (!body?.response) return json({ error: 'error_passkey_failed' }, { status: 400 });
	const result = await registerPasskey(
		actor,
		body.response,
		takeChallenge(event.cookies),
		String(body.name ?? '')
	);
	if (!result.ok) return json({ error: result.errors.form }, { status: result.status });
	return json({ ok: true });
};
