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
		),
		canSeeStatistics: schools.some((s) =>
			can(actor, 'absences.statistics', { type: 'school', schoolId: s.id })
		),
		// The sick-note desk for the office; teachers go to their classes' absences.
		canUseSickNoteDesk: schools.some((s) =>
			can(actor, 'absences.viewSchool', { type: 'school', schoolId: s.id })
		),
		teachesClasses: actor.classes.some((c) =>
			can(actor, 'absences.viewClass', { type: 'class', classId: c.classId, schoolId: c.schoolId })
		),
		canSetAbsenceRules: schools.some((s) =>
			can(actor, 'absences.settings', { type: 'school', schoolId: s.id })
		)
	};
};
