import { describe, expect, it } from 'vitest';
import { deadlineAfter, isWorkingDay, weekdayHolidaysBetween } from './working-days';

describe('isWorkingDay (Baden-Württemberg)', () => {
	it.each([
		['2026-03-16', true], // Monday
		['2026-03-20', true], // Friday
		['2026-03-21', false], // Saturday
		['2026-03-22', false], // Sunday
		['2026-04-03', false], // Karfreitag
		['2026-04-06', false], // Ostermontag
		['2026-06-04', false], // Fronleichnam (a holiday in BW, not everywhere)
		['2026-01-06', false], // Heilige Drei Könige (BW)
		['2026-10-31', false], // Reformationstag is no holiday in BW, but a Saturday in 2026
		['2025-10-31', true], // Reformationstag 2025 (Friday): a working day in BW
		['2026-11-18', true], // Buß- und Bettag: a holiday in Saxony only
		['2026-12-24', true], // Heiligabend is a working day
		['2026-12-25', false]
	])('%s: %s', (day, working) => {
		expect(isWorkingDay(day)).toBe(working);
	});
});

describe('deadlineAfter: a deadline ending on a weekend or holiday ends on the next working day', () => {
	it.each([
		['2026-03-16', 3, '2026-03-19'], // Monday + 3 = Thursday
		['2026-03-18', 3, '2026-03-23'], // Wednesday + 3 = Saturday → Monday
		['2026-03-19', 3, '2026-03-23'], // Thursday + 3 = Sunday → Monday
		['2026-03-20', 3, '2026-03-23'], // Friday + 3 = Monday
		['2026-03-31', 3, '2026-04-07'], // Tuesday + 3 = Karfreitag → after Ostermontag
		['2026-12-21', 3, '2026-12-24'], // Monday + 3 = Heiligabend, a working day
		['2026-12-22', 3, '2026-12-28'], // Christmas Day → Monday 28th
		['2026-12-29', 7, '2027-01-05'], // across the new year
		['2026-12-30', 7, '2027-01-07'] // Heilige Drei Könige 2027 → Thursday
	])('%s + %i days → %s', (day, days, due) => {
		expect(deadlineAfter(day, days)).toBe(due);
	});
});

describe('weekdayHolidaysBetween', () => {
	it('lists the holidays on weekdays, across a new year', () => {
		expect(weekdayHolidaysBetween('2025-12-20', '2026-01-10')).toEqual([
			'2025-12-25',
			'2025-12-26',
			'2026-01-01',
			'2026-01-06'
		]);
	});
	it('leaves out holidays on a weekend (Tag der Deutschen Einheit 2026 is a Saturday)', () => {
		expect(weekdayHolidaysBetween('2026-10-01', '2026-10-31')).toEqual([]);
	});
});
