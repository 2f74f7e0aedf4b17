import { fail, redirect } from '@sveltejs/kit';
import { cookieName, isLocale } from '$lib/paraglide/runtime';
import { languageCookieOptions } from '$lib/server/auth/cookie';
import { setLocale } from '$lib/server/auth/service';
import { allowGuest } from '$lib/server/http/guards';
import { localPath } from './local-path';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	allowGuest(event);
	return {};
};

export const actions: Actions = {
	/** Sets the language cookie (read by Paraglide on server and client), saves it to the account. */
	default: async (event) => {
		const actor = allowGuest(event);
		const form = await event.request.formData();
		const locale = form.get('lang');
		if (typeof locale !== 'string' || !isLocale(locale)) return fail(400, { error: 'lang_error' });
		event.cookies.set(cookieName, locale, languageCookieOptions());
		if (actor) await setLocale(actor, locale);
		redirect(303, localPath(form.get('redirectTo'), event.url.origin));
	}
};
