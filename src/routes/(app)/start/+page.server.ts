import { listReportableStudents } from '$lib/server/absences/sick-notes';
import { requireActor } from '$lib/server/http/guards';
import { myChildren } from '$lib/server/identity/children';
import type { PageServerLoad } from './$types';

/** The start page needs only who is greeted and which intro line fits (name comes from the layout). */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		guardian: actor.wards.length > 0,
		children: actor.wards.length > 0 ? await myChildren(actor) : [],
		company: actor.roles.some((r) => r.role === 'company_contact'),
		sickNote: (await listReportableStudents(actor)).length > 0
	};
};
