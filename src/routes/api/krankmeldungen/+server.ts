import { json } from '@sveltejs/kit';
import { reportFromDevice } from '$lib/server/absences/device-report';
import { requireActor } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

// The offline form's outbox sends its reports here (page or service worker). Signed out, the guard
// answers 303 to the sign-in page: the outbox fetches with `redirect: 'manual'` and keeps the report.
const headers = { 'cache-control': 'no-store' };

export const POST: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const { request, url } = event;
	// JSON cannot be posted cross-site without CORS, which this endpoint does not grant; the
	// origin is checked as well, as SvelteKit does for form posts.
	const origin = request.headers.get('origin');
	const sameOrigin = origin
		? origin === url.origin
		: request.headers.get('sec-fetch-site') === 'same-origin';
	if (!sameOrigin)
		return json({ errors: { form: 'offline_error_refused' } }, { status: 403, headers });
	if (!request.headers.get('content-type')?.startsWith('application/json'))
		return json({ errors: { form: 'offline_error_invalid' } }, { status: 415, headers });
	const body = await request.json().catch(() => undefined);
	const answer = await reportFromDevice(actor, body);
	return json(answer.body, { status: answer.status, headers });
};
