import { requireActor } from '$lib/server/http/guards';
import { myChildren } from '$lib/server/identity/children';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		children: await myChildren(actor),
		redeemed: event.url.searchParams.has('eingeloest')
	};
};
