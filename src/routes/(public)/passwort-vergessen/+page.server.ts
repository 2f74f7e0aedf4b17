import { fail, redirect } from '@sveltejs/kit';
import { ForgotPasswordForm } from '$lib/server/auth/forms';
import { requestPasswordReset } from '$lib/server/auth/service';
import { parseForm } from '$lib/server/http/form';
import { allowGuest } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	allowGuest(event);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		allowGuest(event);
		const form = parseForm(ForgotPasswordForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		// Same answer whether or not the address has an account (no enumeration).
		await requestPasswordReset(form.data.email);
		redirect(
			303,
			`/passwort-zuruecksetzen?email=${encodeURIComponent(form.data.email)}&gesendet=1`
		);
	}
};
