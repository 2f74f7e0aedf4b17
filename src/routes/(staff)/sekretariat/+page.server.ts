import { requireStaff } from '$lib/server/http/guards';
import { countOpenDuplicates, duplicateSchoolIds } from '$lib/server/identity/duplicates/queue';
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
		),
		// The possible-duplicates queue, for the office too, with how many pairs wait.
		duplicates:
			duplicateSchoolIds(actor).length > 0 ? { open: await countOpenDuplicates(actor) } : null,
		canInviteGuardians: schools.some((s) =>
			can(actor, 'guardians.invite', { type: 'school', schoolId: s.id })
		),
		canManageCompanies: schools.some((s) =>
			can(actor, 'companies.manage', { type: 'school', schoolId: s.id })
		)
	};
};
