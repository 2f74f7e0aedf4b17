// Labels and formats the staff's sick-note pages share (desk, class list, detail): status, the
// written excuse, the period and the lessons, in the visitor's language.
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export type DeskStatus =
	'submitted' | 'acknowledged' | 'attest_requested' | 'attest_received' | 'closed';
export type DeskExcuse = 'not_needed' | 'due' | 'overdue' | 'received';

export function statusLabel(status: DeskStatus): string {
	switch (status) {
		case 'submitted':
			return m.desk_status_submitted();
		case 'acknowledged':
			return m.desk_status_acknowledged();
		case 'attest_requested':
			return m.desk_status_attest_requested();
		case 'attest_received':
			return m.desk_status_attest_received();
		case 'closed':
			return m.desk_status_closed();
	}
}

export function excuseLabel(excuse: DeskExcuse, dueOn: string | null): string {
	switch (excuse) {
		case 'not_needed':
			return m.desk_excuse_not_needed();
		case 'received':
			return m.desk_excuse_received();
		case 'due':
			return m.desk_excuse_due({ date: formatDay(dueOn) });
		case 'overdue':
			return m.desk_excuse_overdue({ date: formatDay(dueOn) });
	}
}

export function formatDay(day: string | null): string {
	if (!day) return '';
	return new Intl.DateTimeFormat(getLocale(), {
		weekday: 'short',
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T00:00:00Z`));
}

export function formatPeriod(first: string, last: string | null): string {
	if (last === null) return m.desk_period_open({ from: formatDay(first) });
	if (last === first) return formatDay(first);
	return m.desk_period_range({ from: formatDay(first), to: formatDay(last) });
}

export function formatLessons(from: number | null, to: number | null): string {
	return from !== null && to !== null
		? m.desk_lessons_value({ from, to })
		: m.desk_lessons_all_day();
}
