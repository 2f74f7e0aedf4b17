import { fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { readSickNoteForm } from '$lib/server/absences/form';
import { pendingFileName, reviewUpload } from '$lib/server/absences/pending-upload';
import {
	listReportableStudents,
	reportSickNote,
	validateSickNote
} from '$lib/server/absences/sick-notes';
import { schoolDay } from '$lib/server/clock';
import { notFound } from '$lib/server/errors';
import { chosenFile } from '$lib/server/cases/upload-check';
import { requireActor } from '$lib/server/http/guards';
import { readUploadForm } from '$lib/server/http/upload-form';
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
	// `account` marks whose list the device keeps for the offline form (see $lib/offline).
	return { students, chosen, today: schoolDay(), clientId: randomUUID(), account: actor.accountId };
};

export const actions: Actions = {
	review: async (event) => {
		const actor = requireActor(event);
		// The file is stored now (the review step cannot carry it); its id travels on.
		const form = await readUploadForm(event.request);
		if (!form.ok) return fail(413, { values: {}, errors: { attachment: form.error } });
		const { values, input } = readSickNoteForm(form.formData);
		const students = await listReportableStudents(actor);
		if (!students.some((s) => s.personId === input.studentPersonId)) notFound();
		const upload = await reviewUpload(
			actor,
			input.studentPersonId,
			chosenFile(form.formData.get('attachment')),
			{ attachmentId: input.attachmentId ?? null, remove: !!form.formData.get('attachmentRemove') }
		);
		values.attachmentId = upload.attachmentId ?? '';
		const errors = validateSickNote(input, schoolDay());
		if (upload.error) errors.attachment = upload.error;
		if (Object.keys(errors).length > 0)
			return fail(400, { values, errors, attachmentName: upload.attachmentName });
		return { values, review: input, attachmentName: upload.attachmentName };
	},
	edit: async (event) => {
		const actor = requireActor(event);
		const { values } = readSickNoteForm(await event.request.formData());
		const attachmentName = values.attachmentId
			? await pendingFileName(actor, values.attachmentId)
			: null;
		return { values, attachmentName };
	},
	send: async (event) => {
		const actor = requireActor(event);
		const { values, input } = readSickNoteForm(await event.request.formData());
		const result = await reportSickNote(actor, input);
		if (!result.ok) {
			if (result.status === 404 && result.errors.form === 'error_not_found') notFound();
			if (result.errors.attachment) values.attachmentId = '';
			return fail(result.status, { values, errors: result.errors });
		}
		redirect(
			303,
			`/anliegen/krankmeldung/gesendet?az=${encodeURIComponent(result.value.reference)}`
		);
	}
};
