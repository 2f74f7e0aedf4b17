import { requireActor } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { name: actor.displayName, roles: [...new Set(actor.roles.map((r) => r.role))] };
};
