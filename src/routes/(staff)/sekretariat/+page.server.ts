import { requireStaff } from '$lib/server/http/guards';
import { myStaffSchools } from '$lib/server/identity/schools';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const schools = await myStaffSchools(actor);
	return {
		schools,
		// Only the school office imports class lists; teachers don't see the link.
		canImportRoster: schools.some((s) =>
			can(actor, 'roster.import', { type: 'school', schoolId: s.id })
		)
	};
};
