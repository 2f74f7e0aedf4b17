import { fail, redirect } from '@sveltejs/kit';
import {
	extendSickNote,
	familySickNoteView,
	uploadSickNoteDocument,
	type FamilyUploadKind
} from '$lib/server/absences/family';
import type { Actor } from '$lib/server/policy';
import { chosenFile } from '$lib/server/cases/upload-check';
import { requireActor } from '$lib/server/http/guards';
import { readUploadForm } from '$lib/server/http/upload-form';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** A sick note as the family sees it; extend it, upload a demanded Attest or a signed excuse. */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { note: await familySickNoteView(actor, event.params.reference) };
};

async function upload(actor: Actor, event: RequestEvent, kind: FamilyUploadKind) {
	const form = await readUploadForm(event.request);
	if (!form.ok) return fail(413, { action: kind, errors: { [kind]: form.error } });
	const file = chosenFile(form.formData.get(kind));
	const result = await uploadSickNoteDocument(actor, event.params.reference, kind, file);
	if (!result.ok) return fail(result.status, { action: kind, errors: result.errors });
	redirect(303, `/anliegen/${encodeURIComponent(event.params.reference)}?${kind}=ok`);
}

export const actions: Actions = {
	extend: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const values = {
			lastDay: String(data.get('lastDay') ?? '').trim(),
			lastUnknown: data.get('lastUnknown') ? 'on' : ''
		};
		const lastDay = values.lastUnknown ? null : values.lastDay;
		const result = await extendSickNote(actor, event.params.reference, lastDay);
		if (!result.ok) return fail(result.status, { action: 'extend', values, errors: result.errors });
		redirect(303, `/anliegen/${encodeURIComponent(event.params.reference)}?extend=ok`);
	},
	attest: async (event) => {
		const actor = requireActor(event);
		return upload(actor, event, 'attest');
	},
	excuse: async (event) => {
		const actor = requireActor(event);
		return upload(actor, event, 'excuse');
	}
};
