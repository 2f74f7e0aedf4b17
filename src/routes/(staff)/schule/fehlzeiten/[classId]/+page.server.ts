import { listClassAbsences } from '$lib/server/absences/class-list';
import { addDays, isDay } from '$lib/server/absences/sick-notes';
import { schoolDay } from '$lib/server/clock';
import { requireStaff } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

/** Default period: the last four weeks up to today. */
const DEFAULT_DAYS = 28;

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const today = schoolDay();
	const params = event.url.searchParams;
	const to = isDay(params.get('bis') ?? '') ? params.get('bis')! : today;
	const wantedFrom = params.get('von') ?? '';
	const from = isDay(wantedFrom) && wantedFrom <= to ? wantedFrom : addDays(to, -DEFAULT_DAYS);
	const list = await listClassAbsences(actor, event.params.classId, { from, to });
	return { ...list, from, to, today };
};
