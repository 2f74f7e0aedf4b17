import { error } from '@sveltejs/kit';
import { requireActor } from '$lib/server/http/guards';
import { myApprentices } from '$lib/server/identity/companies/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (!actor.roles.some((r) => r.role === 'company_contact')) error(403, 'Keine Berechtigung');
	return { apprentices: await myApprentices(actor) };
};
