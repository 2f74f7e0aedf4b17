import { requireDistrict } from '$lib/server/http/guards';
import { districtSchools } from '$lib/server/identity/schools';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireDistrict(event);
	return { schools: await districtSchools(actor) };
};
