import { mySickNoteByReference } from '$lib/server/absences/sick-notes';
import { notFound } from '$lib/server/errors';
import { requireActor } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const reference = event.url.searchParams.get('az') ?? '';
	const note = reference ? await mySickNoteByReference(actor, reference) : null;
	if (!note) notFound();
	return { note: note! };
};
