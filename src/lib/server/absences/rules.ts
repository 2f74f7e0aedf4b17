// When the class teacher may demand a medical certificate (Attest), Schulbesuchsverordnung BW § 2:
// for an absence of more than three lesson days at a part-time school (Berufsschule), more than
// ten at a full-time school type; for conspicuously frequent absences of one student at any
// length. Never for a whole class (there is no such action). Lesson days are working days:
// Monday to Friday without public holidays.
import type { SchoolType } from '../identity/schema';
import type { AttestReason } from './schema';
import { addDays, isDay } from './sick-notes';
import { isWorkingDay, weekdayHolidaysBetween } from './working-days';

export const ATTEST_MIN_LESSON_DAYS: Record<SchoolType, number> = { part_time: 3, full_time: 10 };
export const ATTEST_DEFAULT_DAYS = 7;
export const ATTEST_MAX_DAYS = 30;

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** Working days from the first to the last day; an open last day counts up to today. */
export function lessonDays(firstDay: string, lastDay: string | null, today: string): number {
	const last = lastDay ?? today;
	if (last < firstDay) return 0;
	let count = 0;
	// Whole weeks at once, then the rest day by day.
	const span =
		(Date.parse(`${last}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`)) / 86_400_000 + 1;
	count += Math.floor(span / 7) * 5;
	for (let i = Math.floor(span / 7) * 7; i < span; i++) {
		const d = weekday(addDays(firstDay, i));
		if (d !== 0 && d !== 6) count++;
	}
	return count - weekdayHolidaysBetween(firstDay, last).length;
}

/** Whether the reason allows an Attest for this absence. */
export function attestAllowed(reason: AttestReason, schoolType: SchoolType, days: number) {
	if (reason === 'frequent') return true;
	return days > ATTEST_MIN_LESSON_DAYS[schoolType];
}

/**
 * The deadline: a working day from tomorrow to 30 days ahead; a message key when not. A Saturday
 * or a holiday would be moved on to the next working day by law anyway (see working-days.ts), so
 * the teacher is asked to name the day the family really has.
 */
export function attestDueOnError(dueOn: string, today: string): string | null {
	if (!isDay(dueOn)) return 'desk_error_attest_due_invalid';
	if (dueOn <= today) return 'desk_error_attest_due_past';
	if (dueOn > addDays(today, ATTEST_MAX_DAYS)) return 'desk_error_attest_due_too_late';
	if (!isWorkingDay(dueOn)) return 'desk_error_attest_due_not_working_day';
	return null;
}
