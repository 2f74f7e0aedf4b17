import { redirect } from '@sveltejs/kit';
import { allowGuest } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (allowGuest(event)) redirect(303, '/start');
	return {};
};
