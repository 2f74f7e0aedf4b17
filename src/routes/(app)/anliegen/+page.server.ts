import { listMyCases } from '$lib/server/cases/service';
import { requireActor } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { cases: await listMyCases(actor) };
};
