import { allowGuest } from '$lib/server/http/guards';
import { can, isDistrict, isStaff, staffSchoolIds } from '$lib/server/policy';
import type { ShellUser } from '$lib/components/shell';
import type { LayoutServerLoad } from './$types';

/** The offline page is kept in the service worker's cache: it must not carry anyone's name. */
const OFFLINE_ROUTE = '/(public)/offline';

/** The shell's data for every page: who is signed in (name only) and which areas to link. */
export const load: LayoutServerLoad = async (event) => {
	const actor = allowGuest(event);
	if (!actor || event.route.id === OFFLINE_ROUTE) return { user: null };
	const district = { type: 'district' } as const;
	const user: ShellUser = {
		name: actor.displayName,
		staff: isStaff(actor),
		district: isDistrict(actor),
		jobs: can(actor, 'jobs.view', district),
		audit: can(actor, 'audit.view', district),
		staffAdmin: staffSchoolIds(actor).some((schoolId) =>
			can(actor, 'school.manageStaff', { type: 'school', schoolId })
		),
		districtAdmin: can(actor, 'district.manage', district)
	};
	return { user };
};
