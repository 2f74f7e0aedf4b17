import { fail, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { listSessions, revokeOtherSessions, revokeSession } from '$lib/server/auth/service';
import { requireActor } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { sessions: await listSessions(actor) };
};

export const actions: Actions = {
	end: async (event) => {
		const actor = requireActor(event);
		const handle = String((await event.request.formData()).get('session') ?? '');
		const result = await revokeSession(actor, handle);
		if (!result.ok) return fail(result.status, { errors: result.errors });
		if (actor.sessionId.startsWith(handle)) {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
			redirect(303, '/anmelden?abgemeldet=1');
		}
		return { ended: 1 };
	},
	endOthers: async (event) => {
		const actor = requireActor(event);
		await revokeOtherSessions(actor);
		return { ended: 'others' };
	}
};
