import { fail, redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/http/guards';
import { markDifferent, mergeDuplicate } from '$lib/server/identity/duplicates/merge';
import { duplicateDetail } from '$lib/server/identity/duplicates/queue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	return { duplicate: await duplicateDetail(actor, event.params.id) };
};

export const actions: Actions = {
	merge: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const keep = String(form.get('keep') ?? '');
		if (keep === '') return fail(400, { errors: { keep: 'duplicates_error_keep_required' } });
		// With two different ASV ids the form asks whose stays: the person id of that record.
		const asv = String(form.get('asv') ?? '');
		const result = await mergeDuplicate(actor, event.params.id, keep, {
			asvIdFrom: asv !== '' && asv !== keep ? 'merged' : 'kept'
		});
		if (!result.ok) return fail(result.status, { errors: result.errors, keep });
		redirect(303, '/sekretariat/dubletten?entschieden=zusammengefuehrt');
	},
	different: async (event) => {
		const actor = requireStaff(event);
		const result = await markDifferent(actor, event.params.id);
		if (!result.ok) return fail(result.status, { errors: result.errors });
		redirect(303, '/sekretariat/dubletten?entschieden=verschieden');
	}
};
