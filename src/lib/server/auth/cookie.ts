import { config } from '../config';
import { SESSION_DAYS } from './session';

/** httpOnly, SameSite=Lax, Secure whenever the site is served over https. */
export const sessionCookieOptions = (expires: Date) => ({
	path: '/',
	httpOnly: true,
	sameSite: 'lax' as const,
	secure: !config.origin.startsWith('http://'),
	expires,
	maxAge: SESSION_DAYS * 24 * 60 * 60
});
