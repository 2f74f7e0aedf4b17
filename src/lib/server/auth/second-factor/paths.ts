// Where a session that still owes its second factor may go (hooks.server.ts enforces it).

export const SECOND_FACTOR_PATH = '/anmelden/zweiter-faktor';
export const SECOND_FACTOR_SETUP_PATH = '/konto/zweiter-faktor';

const ALWAYS_OPEN = [
	SECOND_FACTOR_PATH,
	'/abmelden',
	'/sprache',
	'/offline',
	'/healthz',
	'/entwicklung'
];

const under = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

/**
 * Whether a request for `path` may go through while the second factor is pending. Requests that
 * match no route (static files, 404) carry no data and pass; setting up a factor is open only to
 * an account that has none yet.
 */
export function secondFactorMayPass(
	path: string,
	routeId: string | null,
	pending: 'verify' | 'setup'
): boolean {
	if (routeId === null || path.startsWith('/_app/')) return true;
	if (ALWAYS_OPEN.some((base) => under(path, base))) return true;
	return pending === 'setup' && under(path, SECOND_FACTOR_SETUP_PATH);
}

/**
 * What hooks.server.ts answers a request of a session that still owes its second factor: null to
 * let it through, else a redirect to the step (GET) or a refusal (anything else).
 */
export function secondFactorGate(
	pending: 'verify' | 'setup' | undefined,
	request: { method: string; url: URL; routeId: string | null }
): Response | null {
	if (!pending || secondFactorMayPass(request.url.pathname, request.routeId, pending)) return null;
	if (request.method !== 'GET') return new Response('Zweiter Faktor erforderlich', { status: 403 });
	const target = pending === 'setup' ? SECOND_FACTOR_SETUP_PATH : SECOND_FACTOR_PATH;
	const next = request.url.pathname + request.url.search;
	const query = next === '/' || next === '/start' ? '' : `?next=${encodeURIComponent(next)}`;
	return new Response(null, { status: 303, headers: { location: target + query } });
}
