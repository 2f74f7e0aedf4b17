import { error } from '@sveltejs/kit';
import { absenceStatistics, readPeriod, statisticsClasses } from '$lib/server/absences/statistics';
import { requireStaff } from '$lib/server/http/guards';
import { myStaffSchools } from '$lib/server/identity/schools';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

/** The office's statistics: a school (`schule`), all classes or one (`klasse`), a period. */
export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const params = event.url.searchParams;
	const schools = (await myStaffSchools(actor)).filter((s) =>
		can(actor, 'absences.statistics', { type: 'school', schoolId: s.id })
	);
	const wanted = params.get('schule');
	const school = wanted ? schools.find((s) => s.id === wanted) : schools[0];
	if (!school) error(403, 'Keine Berechtigung');
	const { values, errors, period, fallback } = await readPeriod(params);
	const classes = await statisticsClasses(actor, school.id, period ?? fallback);
	const classId = params.get('klasse') ?? '';
	const scope = classId ? { classId } : { schoolId: school.id };
	return {
		school: { id: school.id, name: school.name },
		schools: schools.map((s) => ({ id: s.id, name: s.name })),
		classes,
		values: { ...values, classId },
		errors,
		statistics: period ? await absenceStatistics(actor, scope, period) : null
	};
};
