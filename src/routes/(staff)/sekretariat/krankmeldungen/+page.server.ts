import { error, fail } from '@sveltejs/kit';
import {
	acknowledgeSickNote,
	deskClasses,
	deskSchools,
	listSchoolSickNotes
} from '$lib/server/absences/desk';
import { schoolDay } from '$lib/server/clock';
import { requireStaff } from '$lib/server/http/guards';
import type { Actor } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

/** The school whose desk is shown: `?schule=` or the first one the actor works. */
async function chosenSchool(actor: Actor, wanted: string | null) {
	const schools = await deskSchools(actor);
	const school = wanted ? schools.find((s) => s.id === wanted) : schools[0];
	if (!school) error(403, 'Keine Berechtigung');
	return { school, schools };
}

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const params = event.url.searchParams;
	const { school, schools } = await chosenSchool(actor, params.get('schule'));
	const classes = await deskClasses(actor, school.id);
	const wantedClass = params.get('klasse');
	const classId = classes.some((c) => c.id === wantedClass) ? wantedClass : null;
	const { day, rows } = await listSchoolSickNotes(actor, school.id, {
		day: params.get('tag') ?? undefined,
		classId
	});
	return { school, schools, classes, classId, day, today: schoolDay(), rows };
};

export const actions: Actions = {
	acknowledge: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const caseId = String(form.get('caseId') ?? '');
		if (!/^[0-9a-f-]{36}$/i.test(caseId)) error(404, 'Nicht gefunden');
		const result = await acknowledgeSickNote(actor, caseId);
		if (!result.ok) return fail(result.status, { caseId, error: result.errors.form });
		return { acknowledged: result.value.reference };
	}
};
