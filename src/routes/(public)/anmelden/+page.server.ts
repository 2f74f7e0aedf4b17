import { fail, redirect } from '@sveltejs/kit';
import { cookieName } from '$lib/paraglide/runtime';
import { languageCookieOptions, sessionCookieOptions } from '$lib/server/auth/cookie';
import { safeNext, SignInForm } from '$lib/server/auth/forms';
import { signIn } from '$lib/server/auth/service';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { parseForm } from '$lib/server/http/form';
import { requireGuest } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireGuest(event);
	const params = event.url.searchParams;
	const notice = params.has('abgemeldet')
		? 'logged_out'
		: params.has('passwort')
			? 'password_changed'
			: null;
	return { next: safeNext(params.get('next')), notice };
};

export const actions: Actions = {
	default: async (event) => {
		requireGuest(event);
		const form = parseForm(SignInForm, await event.request.formData());
		if (!form.ok)
			return fail(400, { values: form.values, errors: form.errors, retryAfterMinutes: null });
		const result = await signIn(form.data.email, form.data.password);
		if (!result.ok) {
			if (result.retryAfterSeconds)
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(result.status, {
				values: form.values,
				errors: result.errors,
				retryAfterMinutes: result.retryAfterSeconds
					? Math.ceil(result.retryAfterSeconds / 60)
					: null
			});
		}
		event.cookies.set(
			SESSION_COOKIE,
			result.value.token,
			sessionCookieOptions(result.value.expiresAt)
		);
		event.cookies.set(cookieName, result.value.locale, languageCookieOptions());
		redirect(303, safeNext(form.data.next));
	}
};
