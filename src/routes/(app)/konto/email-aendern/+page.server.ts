import { fail, redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/server/http/form';
import { requireActor } from '$lib/server/http/guards';
import { EmailChangeForm, EmailCodeForm } from '$lib/server/identity/account/forms';
import {
	cancelEmailChange,
	confirmEmailChange,
	myAccount,
	requestEmailChange
} from '$lib/server/identity/account/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const account = await myAccount(actor);
	return {
		email: account.email,
		pendingEmail: account.pendingEmail,
		schoolEmail: account.isStudent ? account.schoolEmail : null,
		mayChangeEmail: account.mayChangeEmail
	};
};

export const actions: Actions = {
	request: async (event) => {
		const actor = requireActor(event);
		const form = parseForm(EmailChangeForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await requestEmailChange(actor, form.data);
		if (!result.ok) {
			if (result.retryAfterSeconds)
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(result.status, { values: form.values, errors: result.errors });
		}
		return { sent: result.value.pendingEmail };
	},
	confirm: async (event) => {
		const actor = requireActor(event);
		const form = parseForm(EmailCodeForm, await event.request.formData());
		if (!form.ok) return fail(400, { step: 'confirm', errors: form.errors });
		const result = await confirmEmailChange(actor, form.data.code);
		if (!result.ok) return fail(result.status, { step: 'confirm', errors: result.errors });
		redirect(303, '/konto?email=geaendert');
	},
	cancel: async (event) => {
		const actor = requireActor(event);
		await cancelEmailChange(actor);
		return { cancelled: true };
	}
};
