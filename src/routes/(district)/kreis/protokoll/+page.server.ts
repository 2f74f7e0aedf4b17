import { latestAuditEntries } from '$lib/server/audit/service';
import { requireDistrict } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireDistrict(event);
	return { entries: await latestAuditEntries(actor) };
};
