// The rules of a sick note's dates, lessons and note (Schulbesuchsverordnung BW § 2 as the schools
// apply it), free of server imports: the server checks every report with them, and the offline
// form on the device checks with the same function before it keeps a report for later.

/** How far back a first day may lie, and how far ahead (a planned operation, say). */
export const MAX_DAYS_BACK = 30;
export const MAX_DAYS_AHEAD = 14;
export const MAX_NOTE_LENGTH = 500;
export const FIRST_LESSON = 1;
export const LAST_LESSON = 12;

/** What the rules look at; lessons null = whole days, last day null = not known yet. */
export interface SickNoteRuleInput {
	firstDay: string;
	lastDay: string | null;
	lessonFrom: number | null;
	lessonTo: number | null;
	note: string | null;
}

/** Field name → message key (see $lib/i18n/translate). */
export type SickNoteErrors = Record<string, string>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (YYYY-MM-DD), not 2026-02-30. */
export function isDay(value: string) {
	if (!DAY.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number) {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

const berlinDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Berlin',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar day in Germany at an instant (school rules count German days). */
export const germanDay = (at: Date = new Date()) => berlinDay.format(at);

const isLesson = (n: number | null) =>
	n !== null && Number.isInteger(n) && n >= FIRST_LESSON && n <= LAST_LESSON;

/** The rules of a report, one message key per field; `today` is the school day. */
export function validateSickNote(input: SickNoteRuleInput, today: string): SickNoteErrors {
	const errors: SickNoteErrors = {};
	const { firstDay, lastDay, lessonFrom, lessonTo, note } = input;
	if (!isDay(firstDay)) errors.firstDay = 'error_sick_first_day_invalid';
	else if (firstDay < addDays(today, -MAX_DAYS_BACK))
		errors.firstDay = 'error_sick_first_day_too_early';
	else if (firstDay > addDays(today, MAX_DAYS_AHEAD))
		errors.firstDay = 'error_sick_first_day_too_late';
	if (lastDay !== null) {
		if (!isDay(lastDay)) errors.lastDay = 'error_sick_last_day_invalid';
		else if (isDay(firstDay) && lastDay < firstDay)
			errors.lastDay = 'error_sick_last_day_before_first';
	}
	if (lessonFrom !== null || lessonTo !== null) {
		if (!isLesson(lessonFrom)) errors.lessonFrom = 'error_sick_lesson_invalid';
		else if (!isLesson(lessonTo)) errors.lessonTo = 'error_sick_lesson_invalid';
		else if (lessonTo! < lessonFrom!) errors.lessonTo = 'error_sick_lesson_to_before_from';
		else if (lastDay !== firstDay) errors.lastDay = 'error_sick_lessons_one_day';
	}
	if (note !== null && note.length > MAX_NOTE_LENGTH) errors.note = 'error_sick_note_too_long';
	return errors;
}
