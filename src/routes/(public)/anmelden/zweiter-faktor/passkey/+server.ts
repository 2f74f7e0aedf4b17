import { json } from '@sveltejs/kit';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { keepChallenge, takeChallenge } from '$lib/server/auth/second-factor/passkey-cookie';
import {
	passkeyAuthenticationOptions,
	verifyPasskey
} from '$lib/server/auth/second-factor/passkeys';
import { allowGuest } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

/** The sign-in's second step with a passkey: `?schritt=optionen`, then the browser's answer. */
export const POST: RequestHandler = async (event) => {
	const actor = allowGuest(event);
	if (!actor || actor.secondFactorPending !== 'verify')
		return json({ error: 'error_not_found' }, { status: 404 });
	if (event.url.searchParams.get('schritt') === 'optionen') {
		const options = await passkeyAuthenticationOptions(actor);
		keepChallenge(event.cookies, options.challenge);
		return json(options);
	}
	const body = (await event.request.json().catch(() => null)) as {
		response?: AuthenticationResponseJSON;
	} | null;
	if (!body?.response) return json({ error: 'error_passkey_failed' }, { status: 400 });
	const result = await verifyPasskey(actor, body.response, takeChallenge(event.cookies));
	if (!result.ok) return json({ error: result.errors.form }, { status: result.status });
	return json({ ok: true });
};
