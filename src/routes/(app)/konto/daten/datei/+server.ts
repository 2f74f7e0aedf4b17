import { requireActor } from '$lib/server/http/guards';
import { exportFileName, exportMyData } from '$lib/server/identity/account/export';
import type { RequestHandler } from './$types';

/** The signed-in person's data as a JSON file; never cached (it is personal and changes). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const data = await exportMyData(actor);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${exportFileName()}"`,
			'cache-control': 'no-store'
		}
	});
};
