// Working days in Baden-Württemberg, where the district's schools are: Monday to Friday and not a
// public holiday. Lesson days and absence statistics count them; a deadline whose last day is not
// one ends with the next working day (§ 31 Abs. 3 LVwVfG BW), so a signed excuse due "within
// three days" of a Wednesday notice is due on Monday, not on the Saturday the school is closed.
// School holidays (Ferien) are not known to the portal and still count.
import { getHolidays, isHoliday } from 'feiertagejs';
import { addDays } from '../../sick-note-rules';

const HOLIDAY_REGION = 'BW';

const isWeekend = (day: string) => {
	const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
	return weekday === 0 || weekday === 6;
};

/** Monday to Friday and not a public holiday (a YYYY-MM-DD day). */
export const isWorkingDay = (day: string) => !isWeekend(day) && !isHoliday(day, HOLIDAY_REGION);

/** The last day of a deadline of `days` days from `day`, moved on to the next working day. */
export function deadlineAfter(day: string, days: number) {
	let due = addDays(day, days);
	while (!isWorkingDay(due)) due = addDays(due, 1);
	return due;
}

/** The public holidays from `from` to `to` (inclusive) that fall on Monday to Friday. */
export function weekdayHolidaysBetween(from: string, to: string): string[] {
	const days: string[] = [];
	for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
		for (const holiday of getHolidays(year, HOLIDAY_REGION))
			if (holiday.dateString >= from && holiday.dateString <= to && !isWeekend(holiday.dateString))
				days.push(holiday.dateString);
	return days;
}
