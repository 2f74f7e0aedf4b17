import { error, fail } from '@sveltejs/kit';
import { addCompanyNote, listCompanyAbsences } from '$lib/server/absences/company';
import { requireActor } from '$lib/server/http/guards';
import { myApprentices } from '$lib/server/identity/companies/service';
import type { Actor } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

/** The company area: contacts of a training company only. */
const requireCompanyContact = (actor: Actor) => {
	if (!actor.roles.some((r) => r.role === 'company_contact')) error(403, 'Keine Berechtigung');
};

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireCompanyContact(actor);
	return {
		apprentices: await myApprentices(actor),
		absences: await listCompanyAbsences(actor)
	};
};

export const actions: Actions = {
	note: async (event) => {
		const actor = requireActor(event);
		requireCompanyContact(actor);
		const form = await event.request.formData();
		const caseId = String(form.get('caseId') ?? '');
		// The service answers 404 where the company may not see the absence.
		const result = await addCompanyNote(actor, caseId, String(form.get('kind') ?? ''));
		if (!result.ok) return fail(result.status, { caseId, errors: result.errors });
		return { noted: caseId };
	}
};
