import { error } from '@sveltejs/kit';
import { absenceSettingsSchools, setPortalReportIsExcuse } from '$lib/server/absences/settings';
import { requireStaff } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

/** The head of school decides whether a portal report counts as the written excuse. */
export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const schools = await absenceSettingsSchools(actor);
	if (schools.length === 0) error(403, 'Keine Berechtigung');
	return { schools };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const schoolId = String(form.get('schoolId') ?? '');
		const school = (await absenceSettingsSchools(actor)).find((s) => s.id === schoolId);
		if (!school) error(403, 'Keine Berechtigung');
		const value = form.get('portalReportIsExcuse') === 'on';
		await setPortalReportIsExcuse(actor, school.id, value);
		return { saved: school.name };
	}
};
