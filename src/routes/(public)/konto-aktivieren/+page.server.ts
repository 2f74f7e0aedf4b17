import { fail, redirect } from '@sveltejs/kit';
import { cookieName } from '$lib/paraglide/runtime';
import { languageCookieOptions, sessionCookieOptions } from '$lib/server/auth/cookie';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { parseForm } from '$lib/server/http/form';
import { requireGuest } from '$lib/server/http/guards';
import { ActivationForm, ActivationRequestForm } from '$lib/server/identity/activation/forms';
import { activateAccount, requestActivation } from '$lib/server/identity/activation/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireGuest(event);
	return {
		email: event.url.searchParams.get('email') ?? '',
		sent: event.url.searchParams.has('gesendet')
	};
};

export const actions: Actions = {
	request: async (event) => {
		requireGuest(event);
		const form = parseForm(ActivationRequestForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await requestActivation(form.data.email);
		if (!result.ok) {
			if (result.retryAfterSeconds)
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(result.status, { values: form.values, errors: result.errors });
		}
		// Same answer whether or not the address is known (no enumeration).
		redirect(303, `/konto-aktivieren?email=${encodeURIComponent(form.data.email)}&gesendet=1`);
	},
	activate: async (event) => {
		requireGuest(event);
		const form = parseForm(ActivationForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await activateAccount(form.data.email, form.data.code, form.data.password);
		if (!result.ok) return fail(result.status, { values: form.values, errors: result.errors });
		event.cookies.set(
			SESSION_COOKIE,
			result.value.token,
			sessionCookieOptions(result.value.expiresAt)
		);
		event.cookies.set(cookieName, result.value.locale, languageCookieOptions());
		redirect(303, '/start');
	}
};
