import { listMyClasses } from '$lib/server/absences/class-list';
import { requireStaff } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

/** The teacher's start for absences: the classes they lead or teach, with open items. */
export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	return { classes: await listMyClasses(actor) };
};
