import { error } from '@sveltejs/kit';
import { requireDevTools } from '$lib/server/http/guards';
import { devOutbox } from '$lib/server/mail/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireDevTools(event);
	const mails = await devOutbox();
	if (!mails) error(404, 'Nicht gefunden');
	return { mails };
};
