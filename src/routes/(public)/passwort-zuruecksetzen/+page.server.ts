import { fail, redirect } from '@sveltejs/kit';
import { ResetPasswordForm } from '$lib/server/auth/forms';
import { resetPassword } from '$lib/server/auth/service';
import { parseForm } from '$lib/server/http/form';
import { allowGuest } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	allowGuest(event);
	return {
		email: event.url.searchParams.get('email') ?? '',
		sent: event.url.searchParams.has('gesendet')
	};
};

export const actions: Actions = {
	default: async (event) => {
		allowGuest(event);
		const form = parseForm(ResetPasswordForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await resetPassword(form.data.email, form.data.code, form.data.password);
		if (!result.ok) return fail(result.status, { values: form.values, errors: result.errors });
		redirect(303, '/anmelden?passwort=neu');
	}
};
