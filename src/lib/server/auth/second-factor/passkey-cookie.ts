import type { Cookies } from '@sveltejs/kit';
import { config } from '../../config';
import { PASSKEY_CHALLENGE_COOKIE, PASSKEY_CHALLENGE_SECONDS } from './passkeys';

/** The WebAuthn challenge between options and answer: httpOnly, 5 minutes, used once. */
export function keepChallenge(cookies: Cookies, challenge: string) {
	cookies.set(PASSKEY_CHALLENGE_COOKIE, challenge, {
		path: '/',
		httpOnly: true,
		sameSite: 'strict',
		secure: !config.origin.startsWith('http://'),
		maxAge: PASSKEY_CHALLENGE_SECONDS
	});
}

export function takeChallenge(cookies: Cookies) {
	const challenge = cookies.get(PASSKEY_CHALLENGE_COOKIE);
	cookies.delete(PASSKEY_CHALLENGE_COOKIE, { path: '/' });
	return challenge;
}
