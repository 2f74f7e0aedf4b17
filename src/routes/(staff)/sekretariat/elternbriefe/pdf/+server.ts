import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/http/guards';
import { printLetters } from '$lib/server/identity/invitations/service';
import type { RequestHandler } from './$types';

/** The letters as one PDF download; on a refusal back to the list with the reason. */
export const POST: RequestHandler = async (event) => {
	const actor = requireStaff(event);
	const form = await event.request.formData();
	const schoolId = String(form.get('school') ?? '');
	const choice =
		form.get('choice') === 'all' ? 'all' : form.getAll('guardian').map((g) => String(g));
	const result = await printLetters(actor, schoolId, choice);
	if (!result.ok)
		redirect(
			303,
			`/sekretariat/elternbriefe?schule=${encodeURIComponent(schoolId)}&fehler=${result.errors.form}`
		);
	return new Response(new Uint8Array(result.value.pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${result.value.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
