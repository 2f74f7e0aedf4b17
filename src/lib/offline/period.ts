// How a report's period reads on the device's lists (the same words as the online form).
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export function periodText(firstDay: string, lastDay: string | null) {
	const format = new Intl.DateTimeFormat(getLocale(), {
		weekday: 'short',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
	const day = (d: string) => format.format(new Date(`${d}T00:00:00Z`));
	if (lastDay === null) return m.sick_period_open({ from: day(firstDay) });
	if (lastDay === firstDay) return day(firstDay);
	return m.sick_period_range({ from: day(firstDay), to: day(lastDay) });
}
