import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { sessionCookieOptions } from '$lib/server/auth/cookie';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { config } from '$lib/server/config';
import { areaRefusal } from '$lib/server/http/area-refusal';
import { secondFactorGate } from '$lib/server/auth/second-factor/paths';
import { runWithRequestContext } from '$lib/server/http/request-context';
import { loadActor } from '$lib/server/identity/actor';
import { log } from '$lib/server/log';
import { isDistrict, isStaff } from '$lib/server/policy';
import { startServer } from '$lib/server/startup';

export const init: ServerInit = startServer;

const withRequestContext: Handle = async ({ event, resolve }) => {
	const requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
	event.locals.requestId = requestId;
	let ip: string | null;
	try {
		ip = event.getClientAddress();
	} catch {
		// Not available outside a real HTTP server (e.g. during prerendering).
		ip = null;
	}
	const context = { requestId, ip, userAgent: event.request.headers.get('user-agent') };
	return runWithRequestContext(context, async () => {
		const started = performance.now();
		const response = await resolve(event);
		response.headers.set('x-request-id', requestId);
		log.info(
			{
				method: event.request.method,
				path: event.url.pathname,
				route: event.route.id,
				status: response.status,
				ms: Math.round(performance.now() - started)
			},
			'request'
		);
		return response;
	});
};

const withLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', locale).replace('%dir%', 'ltr')
		});
	});

/** Turns the session cookie into `locals.actor`. Nothing else: access is decided per route. */
const withActor: Handle = async ({ event, resolve }) => {
	event.locals.actor = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await validateSessionToken(token);
		if (session) {
			event.locals.actor = await loadActor(session.accountId, session.sessionId, session);
			event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(session.expiresAt));
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

/**
 * A session that still owes the second factor reaches only the second-factor pages, sign-out,
 * the language switch and the development tools; everything else sends it there.
 */
const enforceSecondFactor: Handle = async ({ event, resolve }) =>
	secondFactorGate(event.locals.actor?.secondFactorPending, {
		method: event.request.method,
		url: event.url,
		routeId: event.route.id
	}) ?? resolve(event);

/** Second line of defence behind the per-route guards: the route groups' areas. */
const guardRouteGroups: Handle = async ({ event, resolve }) => {
	const id = event.route.id ?? '';
	const actor = event.locals.actor;
	if (id.startsWith('/(app)') || id.startsWith('/(staff)') || id.startsWith('/(district)')) {
		if (!actor) {
			if (event.request.method === 'GET') {
				const next = encodeURIComponent(event.url.pathname + event.url.search);
				return new Response(null, { status: 303, headers: { location: `/anmelden?next=${next}` } });
			}
			return new Response('Nicht angemeldet', { status: 401 });
		}
		if (id.startsWith('/(staff)') && !isStaff(actor)) return areaRefusal(event.request);
		if (id.startsWith('/(district)') && !isDistrict(actor)) return areaRefusal(event.request);
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('x-content-type-options', 'nosniff');
	h.set('referrer-policy', 'strict-origin-when-cross-origin');
	h.set('x-frame-options', 'DENY');
	h.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	h.set('cross-origin-opener-policy', 'same-origin');
	if (config.production && config.origin.startsWith('https://'))
		h.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
	// Personal pages must never be kept by a browser or a proxy (a response that already says
	// no-store, like a file download's "private, no-store", keeps its own wording).
	if (
		event.locals.actor &&
		!event.url.pathname.startsWith('/_app/') &&
		!h.get('cache-control')?.includes('no-store')
	)
		h.set('cache-control', 'no-store');
	return response;
};

export const handle = sequence(
	withRequestContext,
	securityHeaders,
	withLocale,
	withActor,
	enforceSecondFactor,
	guardRouteGroups
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Nicht gefunden', requestId: event.locals.requestId };
	log.error({ err: error, path: event.url.pathname, status }, 'unhandled error');
	return {
		message: status >= 500 ? 'Ein unerwarteter Fehler ist aufgetreten.' : message,
		requestId: event.locals.requestId
	};
};
