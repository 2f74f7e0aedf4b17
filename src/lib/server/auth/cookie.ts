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

/** The language cookie: read by Paraglide on server and client, so not httpOnly. */
export const languageCookieOptions = () => ({
	path: '/',
	httpOnly: false,
	sameSite: 'lax' as const,
	secure: !config.origin.startsWith('http://'),
	maxAge: 400 * 24 * 60 * 60
});
