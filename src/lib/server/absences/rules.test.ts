import { describe, expect, it } from 'vitest';
import { attestAllowed, attestDueOnError, lessonDays } from './rules';

describe('lessonDays (working days: Monday to Friday without public holidays)', () => {
	// 2026-03-16 is a Monday.
	it.each([
		['2026-03-16', '2026-03-16', '2026-03-16', 1],
		['2026-03-16', '2026-03-20', '2026-03-16', 5],
		['2026-03-16', '2026-03-22', '2026-03-16', 5], // the weekend does not count
		['2026-03-14', '2026-03-15', '2026-03-16', 0], // a weekend only
		['2026-03-13', '2026-03-16', '2026-03-16', 2], // Friday to Monday
		['2026-03-16', '2026-03-27', '2026-03-16', 10],
		['2026-03-16', '2026-03-30', '2026-03-16', 11],
		['2026-03-02', null, '2026-03-16', 11], // open: counts up to today
		['2026-03-16', null, '2026-03-16', 1],
		['2026-03-20', null, '2026-03-16', 0], // open and not begun yet
		['2026-03-30', '2026-04-10', '2026-03-30', 8], // Karfreitag and Ostermontag do not count
		['2025-12-22', '2026-01-09', '2025-12-22', 11] // Christmas and Epiphany do not count
	])('%s – %s (today %s): %i', (first, last, today, days) => {
		expect(lessonDays(first, last, today)).toBe(days);
	});
});

describe('attestAllowed', () => {
	it.each([
		['long_absence', 'part_time', 3, false],
		['long_absence', 'part_time', 4, true],
		['long_absence', 'full_time', 4, false],
		['long_absence', 'full_time', 10, false],
		['long_absence', 'full_time', 11, true],
		['frequent', 'part_time', 1, true],
		['frequent', 'full_time', 1, true]
	] as const)('%s at a %s school after %i lesson days: %s', (reason, type, days, allowed) => {
		expect(attestAllowed(reason, type, days)).toBe(allowed);
	});
});

describe('attestDueOnError (a working day from tomorrow to 30 days ahead)', () => {
	it.each([
		['2026-03-17', null],
		['2026-04-15', null],
		['2026-04-16', 'desk_error_attest_due_too_late'],
		['2026-03-16', 'desk_error_attest_due_past'],
		['2026-03-01', 'desk_error_attest_due_past'],
		['2026-03-21', 'desk_error_attest_due_not_working_day'], // Saturday
		['2026-04-03', 'desk_error_attest_due_not_working_day'], // Karfreitag
		['2026-04-07', null], // the Tuesday after Easter
		['2026-02-30', 'desk_error_attest_due_invalid'],
		['', 'desk_error_attest_due_invalid']
	])('%s: %s', (dueOn, error) => {
		expect(attestDueOnError(dueOn, '2026-03-16')).toBe(error);
	});
});
