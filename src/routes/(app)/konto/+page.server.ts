import { requireActor } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		account: {
			name: actor.displayName,
			email: actor.email,
			emailVerified: actor.emailVerified,
			locale: actor.locale
		}
	};
};
