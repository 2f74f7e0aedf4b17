import { absenceStatistics, readPeriod } from '$lib/server/absences/statistics';
import { requireStaff } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

/** The class teacher's statistics of their class (the office may look too); 404 for others. */
export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const { values, errors, period, fallback } = await readPeriod(event.url.searchParams);
	const classId = event.params.classId;
	// With a bad period the figures of the default period stay on the page under the messages.
	const statistics = await absenceStatistics(actor, { classId }, period ?? fallback);
	return { classId, values, errors, statistics, valid: period !== null };
};
