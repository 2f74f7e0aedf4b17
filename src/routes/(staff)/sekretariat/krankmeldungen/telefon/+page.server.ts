import { error, fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { deskClasses, deskSchools, enterPhoneReport } from '$lib/server/absences/desk';
import { readSickNoteForm } from '$lib/server/absences/form';
import { phoneReportStudent, phoneReportStudents } from '$lib/server/absences/phone-report';
import { schoolDay } from '$lib/server/clock';
import { notFound } from '$lib/server/errors';
import { requireStaff } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

/**
 * A report taken by phone: find the student (name search or class list, GET), then the form. The
 * client id is made here and travels with the form, so a double submit stores one report.
 */
export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const params = event.url.searchParams;
	const schools = await deskSchools(actor);
	const school = schools.find((s) => s.id === params.get('schule')) ?? schools[0];
	if (!school) error(403, 'Keine Berechtigung');
	const classes = await deskClasses(actor, school.id);
	const query = params.get('q') ?? '';
	const classId = classes.some((c) => c.id === params.get('klasse')) ? params.get('klasse')! : '';
	const wanted = params.get('schueler');
	const chosen = wanted ? await phoneReportStudent(actor, school.id, wanted) : null;
	return {
		school,
		schools,
		classes,
		query,
		classId,
		hits: chosen ? [] : await phoneReportStudents(actor, school.id, { query, classId }),
		chosen,
		today: schoolDay(),
		clientId: randomUUID()
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireStaff(event);
		const formData = await event.request.formData();
		const { values, input } = readSickNoteForm(formData);
		const callerName = String(formData.get('callerName') ?? '');
		const reportedAs = String(formData.get('reportedAs') ?? '');
		const all = { ...values, callerName, reportedAs };
		const result = await enterPhoneReport(actor, { ...input, callerName, reportedAs });
		if (!result.ok) {
			if (result.status === 404 && result.errors.form === 'error_not_found') notFound();
			return fail(result.status, { values: all, errors: result.errors });
		}
		redirect(303, `/schule/krankmeldungen/${encodeURIComponent(result.value.reference)}?telefon=1`);
	}
};
