import { fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { readSickNoteForm } from '$lib/server/absences/form';
import {
	listReportableStudents,
	reportSickNote,
	validateSickNote
} from '$lib/server/absences/sick-notes';
import { schoolDay } from '$lib/server/clock';
import { notFound } from '$lib/server/errors';
import { requireActor } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

/**
 * Step 1 (who, a GET form: `?fuer=<person id>`, skipped when there is only one), step 2 (when),
 * step 3 (review, `?/review`), then `?/send` and the "Gesendet" page. The client id is made here
 * and travels with the form, so a report sent twice is stored once.
 */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const students = await listReportableStudents(actor);
	const wanted = event.url.searchParams.get('fuer');
	const chosen =
		students.length === 1 ? students[0] : (students.find((s) => s.personId === wanted) ?? null);
	return { students, chosen, today: schoolDay(), clientId: randomUUID() };
};

export const actions: Actions = {
	review: async (event) => {
		const actor = requireActor(event);
		const { values, input } = readSickNoteForm(await event.request.formData());
		const students = await listReportableStudents(actor);
		if (!students.some((s) => s.personId === input.studentPersonId)) notFound();
		const errors = validateSickNote(input, schoolDay());
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		return { values, review: input };
	},
	edit: async (event) => {
		requireActor(event);
		const { values } = readSickNoteForm(await event.request.formData());
		return { values };
	},
	send: async (event) => {
		const actor = requireActor(event);
		const { values, input } = readSickNoteForm(await event.request.formData());
		const result = await reportSickNote(actor, input);
		if (!result.ok) {
			if (result.status === 404 && result.errors.form === 'error_not_found') notFound();
			return fail(result.status, { values, errors: result.errors });
		}
		redirect(
			303,
			`/anliegen/krankmeldung/gesendet?az=${encodeURIComponent(result.value.reference)}`
		);
	}
};
