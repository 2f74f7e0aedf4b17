import { requireActor } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

/** The start page needs only who is greeted and which intro line fits (name comes from the layout). */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { guardian: actor.wards.length > 0 };
};
