import { fail } from '@sveltejs/kit';
import { parseForm } from '$lib/server/http/form';
import { requireActor } from '$lib/server/http/guards';
import { NameForm } from '$lib/server/identity/account/forms';
import { myAccount, updateOwnName } from '$lib/server/identity/account/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const account = await myAccount(actor);
	return {
		givenNames: account.givenNames,
		familyName: account.familyName,
		mayEditName: account.mayEditName
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = parseForm(NameForm, await event.request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await updateOwnName(actor, form.data);
		if (!result.ok) return fail(result.status, { values: form.values, errors: result.errors });
		return { saved: true };
	}
};
