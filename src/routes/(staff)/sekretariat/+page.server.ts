import { requireStaff } from '$lib/server/http/guards';
import { myStaffSchools } from '$lib/server/identity/schools';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	return { schools: await myStaffSchools(actor) };
};
