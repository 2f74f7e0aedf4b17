import { fail, redirect } from '@sveltejs/kit';
import { VerifyEmailForm } from '$lib/server/auth/forms';
import { requestEmailVerification, verifyEmail } from '$lib/server/auth/service';
import { parseForm } from '$lib/server/http/form';
import { requireActor } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (actor.emailVerified) redirect(303, '/konto');
	return { email: actor.email };
};

export const actions: Actions = {
	send: async (event) => {
		const actor = requireActor(event);
		await requestEmailVerification(actor);
		return { sent: true };
	},
	verify: async (event) => {
		const actor = requireActor(event);
		const form = parseForm(VerifyEmailForm, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors });
		const result = await verifyEmail(actor, form.data.code);
		if (!result.ok) return fail(result.status, { errors: result.errors });
		redirect(303, '/konto');
	}
};
