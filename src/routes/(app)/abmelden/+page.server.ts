import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/service';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { requireActor } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireActor(event);
	redirect(303, '/konto');
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event, { pendingSecondFactor: true });
		await signOut(actor);
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/anmelden?abgemeldet=1');
	}
};
