import { fail } from '@sveltejs/kit';
import { requireDistrict } from '$lib/server/http/guards';
import { deadJobs, jobCounts, retryDeadJob } from '$lib/server/jobs/queue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireDistrict(event);
	return { counts: await jobCounts(actor), dead: await deadJobs(actor) };
};

export const actions: Actions = {
	retry: async (event) => {
		const actor = requireDistrict(event);
		const id = Number((await event.request.formData()).get('job'));
		if (!Number.isSafeInteger(id) || !(await retryDeadJob(actor, id)))
			return fail(404, { error: 'error_not_found' });
		return { retried: id };
	}
};
