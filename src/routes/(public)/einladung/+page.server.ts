import { fail, redirect } from '@sveltejs/kit';
import { cookieName } from '$lib/paraglide/runtime';
import { languageCookieOptions, sessionCookieOptions } from '$lib/server/auth/cookie';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { parseForm } from '$lib/server/http/form';
import { allowGuest, requireActor } from '$lib/server/http/guards';
import {
	InvitationCodeForm,
	InvitationNewAccountForm
} from '$lib/server/identity/activation/forms';
import { formatLetterCode } from '$lib/server/identity/invitations/code';
import {
	previewInvitation,
	redeemForAccount,
	redeemWithNewAccount
} from '$lib/server/identity/invitations/redeem';
import type { Actions, PageServerLoad } from './$types';

const DONE = '/konto/kinder?eingeloest=1';

export const load: PageServerLoad = async (event) => {
	const actor = allowGuest(event);
	const code = event.url.searchParams.get('code')?.trim() ?? '';
	const preview = code ? await previewInvitation(code) : null;
	return {
		code: preview?.ok ? formatLetterCode(code) : code,
		preview: preview?.ok ? preview.value : null,
		codeError: preview && !preview.ok ? (preview.errors.code ?? null) : null,
		signedInAs: actor ? actor.displayName : null
	};
};

export const actions: Actions = {
	check: async (event) => {
		allowGuest(event);
		const form = parseForm(InvitationCodeForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		// The code goes into the URL (like the QR link), where the page looks it up.
		redirect(303, `/einladung?code=${encodeURIComponent(formatLetterCode(form.data.code))}`);
	},
	create: async (event) => {
		allowGuest(event);
		const data = await event.request.formData();
		const code = String(data.get('code') ?? '');
		const form = parseForm(InvitationNewAccountForm, data);
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const locale = event.cookies.get(cookieName) === 'en' ? 'en' : 'de';
		const result = await redeemWithNewAccount(code, form.data.email, form.data.password, locale);
		if (!result.ok) return fail(result.status, { values: form.values, errors: result.errors });
		event.cookies.set(
			SESSION_COOKIE,
			result.value.token,
			sessionCookieOptions(result.value.expiresAt)
		);
		event.cookies.set(cookieName, result.value.locale, languageCookieOptions());
		redirect(303, DONE);
	},
	redeem: async (event) => {
		const actor = requireActor(event);
		const form = parseForm(InvitationCodeForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await redeemForAccount(actor, form.data.code);
		if (!result.ok) return fail(result.status, { values: form.values, errors: result.errors });
		redirect(303, DONE);
	}
};
