// The import with a progress bar (JS only; without JS the page's form action imports): the same
// form as the action, answered with NDJSON lines while the one-transaction import runs —
//   {"type":"progress","done":1000,"total":2000}
//   {"type":"done","counts":{…},"location":"/sekretariat/import?ergebnis=…"}
//   {"type":"error","key":"roster_import_failed"}
// Progress comes from the same request: on PGlite every other request waits behind the
// transaction, so a second request polling for progress would only get its answer at the end.
import { isHttpError } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/http/guards';
import { readImportForm, resultUrl } from '$lib/server/identity/roster/import-form';
import { importRoster } from '$lib/server/identity/roster/import-service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	const actor = requireStaff(event);
	const form = await event.request.formData();
	const { school, upload, mapping } = await readImportForm(actor, form);

	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (line: Record<string, unknown>) =>
				controller.enqueue(encoder.encode(JSON.stringify(line) + '\n'));
			let last = -1;
			try {
				const result = await importRoster(actor, school.id, upload.bytes, mapping, {
					fileName: upload.fileName,
					onProgress: ({ done, total }) => {
						if (done === last) return;
						last = done;
						send({ type: 'progress', done, total });
					}
				});
				if (result.ok)
					send({ type: 'done', counts: result.value, location: resultUrl(result.value) });
				else send({ type: 'error', key: 'roster_import_failed' });
			} catch (e) {
				send({
					type: 'error',
					key: isHttpError(e) ? 'roster_import_refused' : 'roster_import_failed'
				});
				if (!isHttpError(e)) console.error('roster import failed', e);
			}
			controller.close();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'application/x-ndjson; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
};
