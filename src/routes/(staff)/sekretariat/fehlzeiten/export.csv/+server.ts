import { redirect } from '@sveltejs/kit';
import { readPeriod, statisticsCsv } from '$lib/server/absences/statistics';
import { requireStaff } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

/**
 * The statistics as CSV for Excel: one class (`klasse`) or a school's classes (`schule`). The
 * class teacher's statistics page links here too; `statisticsCsv` asks the policy for the scope.
 */
export const GET: RequestHandler = async (event) => {
	const actor = requireStaff(event);
	const params = event.url.searchParams;
	const { period } = await readPeriod(params);
	// A bad period goes back to the page, which shows the message next to the field.
	if (!period) redirect(303, `/sekretariat/fehlzeiten?${params}`);
	const classId = params.get('klasse');
	const scope = classId ? { classId } : { schoolId: params.get('schule') ?? '' };
	const csv = await statisticsCsv(actor, scope, period);
	return new Response(new TextEncoder().encode(csv.body), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${csv.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
