import { downloadAttachment } from '$lib/server/absences/attachment-download';
import { requireActor } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

/**
 * A case's file for the family and the school (the service asks the policy; 404 for anything
 * refused). Always a download, never shown inline, in the type detected at upload.
 */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const file = await downloadAttachment(actor, event.params.id);
	const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
	return new Response(file.bytes as BodyInit, {
		headers: {
			'Content-Type': file.mimeType,
			'Content-Length': String(file.bytes.byteLength),
			'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
