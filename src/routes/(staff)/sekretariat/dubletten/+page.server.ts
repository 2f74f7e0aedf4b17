import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/http/guards';
import {
	duplicateSchoolIds,
	listDecidedDuplicates,
	listOpenDuplicates
} from '$lib/server/identity/duplicates/queue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	// Only the school office works the queue; a teacher has no business here.
	if (duplicateSchoolIds(actor).length === 0) error(403, 'Keine Berechtigung');
	const decided = event.url.searchParams.get('entschieden');
	return {
		duplicates: await listOpenDuplicates(actor),
		decidedPairs: await listDecidedDuplicates(actor),
		decided: decided === 'zusammengefuehrt' || decided === 'verschieden' ? decided : null
	};
};
