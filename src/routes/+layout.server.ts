import { allowGuest } from '$lib/server/http/guards';
import { can, isDistrict, isStaff, staffSchoolIds } from '$lib/server/policy';
import type { ShellUser } from '$lib/components/shell';
import type { LayoutServerLoad } from './$types';

/** The offline pages are kept in the service worker's cache: they must not carry anyone's name. */
const OFFLINE_ROUTES = new Set(['/(public)/offline', '/(public)/krankmeldung-offline']);

/** The shell's data for every page: who is signed in (name only) and which areas to link. */
export const load: LayoutServerLoad = async (event) => {
	const actor = allowGuest(event);
	if (!actor || OFFLINE_ROUTES.has(event.route.id ?? '')) return { user: null };
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
		districtAdmin: can(actor, 'district.manage', district),
		sickNoteDesk: staffSchoolIds(actor).some((schoolId) =>
			can(actor, 'absences.viewSchool', { type: 'school', schoolId })
		),
		classAbsences: actor.classes.some((c) =>
			can(actor, 'absences.viewClass', { type: 'class', classId: c.classId, schoolId: c.schoolId })
		),
		absenceSettings: staffSchoolIds(actor).some((schoolId) =>
			can(actor, 'absences.settings', { type: 'school', schoolId })
		)
	};
	return { user };
};
