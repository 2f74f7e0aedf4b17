import { fail } from '@sveltejs/kit';
import { requestAttest } from '$lib/server/absences/attest';
import { closeSickNote } from '$lib/server/absences/close';
import { acknowledgeSickNote, recordExcuseReceived } from '$lib/server/absences/desk';
import { staffCaseId, staffSickNoteView } from '$lib/server/absences/staff-case';
import { notFound, type Result } from '$lib/server/errors';
import { requireStaff } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const view = await staffSickNoteView(actor, event.params.reference);
	return { view, fromPhone: event.url.searchParams.has('telefon') };
};

/** A refusal the service answered with 404 is a missing page; other failures stay on the form. */
function answer(action: string, result: Result<unknown>, values: Record<string, string> = {}) {
	if (result.ok) return { done: action };
	if (result.status === 404) notFound();
	return fail(result.status, { action, values, errors: result.errors });
}

export const actions: Actions = {
	acknowledge: async (event) => {
		const actor = requireStaff(event);
		const caseId = await staffCaseId(actor, event.params.reference);
		return answer('acknowledge', await acknowledgeSickNote(actor, caseId));
	},
	excuse: async (event) => {
		const actor = requireStaff(event);
		const caseId = await staffCaseId(actor, event.params.reference);
		return answer('excuse', await recordExcuseReceived(actor, caseId));
	},
	attest: async (event) => {
		const actor = requireStaff(event);
		const caseId = await staffCaseId(actor, event.params.reference);
		const form = await event.request.formData();
		const values = {
			reason: String(form.get('reason') ?? ''),
			dueOn: String(form.get('dueOn') ?? '')
		};
		return answer('attest', await requestAttest(actor, caseId, values), values);
	},
	close: async (event) => {
		const actor = requireStaff(event);
		const caseId = await staffCaseId(actor, event.params.reference);
		const form = await event.request.formData();
		const decision = String(form.get('decision') ?? '');
		return answer(
			'close',
			await closeSickNote(actor, caseId, decision as 'excused' | 'unexcused'),
			{ decision }
		);
	}
};
