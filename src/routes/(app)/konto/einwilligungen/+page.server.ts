import { fail } from '@sveltejs/kit';
import { requireActor } from '$lib/server/http/guards';
import { consentOverview, setConsents } from '$lib/server/identity/consents/service';
import { CONSENT_SCOPES, type ConsentScope } from '$lib/server/identity/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { overview: await consentOverview(actor) };
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requireActor(event);
		const form = await event.request.formData();
		const kind = form.get('kind') === 'company' ? 'company' : 'guardian';
		const granteeId = String(form.get('grantee') ?? '');
		const scopes = form
			.getAll('scope')
			.map(String)
			.filter((s): s is ConsentScope => (CONSENT_SCOPES as readonly string[]).includes(s));
		const result = await setConsents(actor, { kind, granteeId, scopes });
		if (!result.ok) return fail(result.status, { errors: result.errors, granteeId });
		return { saved: granteeId };
	}
};
