import { familyCaseList } from '$lib/server/absences/family-list';
import { requireActor } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// `account`: whose reports kept on this device are shown here (see $lib/offline).
	return { cases: await familyCaseList(actor), account: actor.accountId };
};
