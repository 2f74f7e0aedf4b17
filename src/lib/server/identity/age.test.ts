import { describe, expect, it } from 'vitest';
import { schoolDay } from '../clock';
import { ageOn, isMinorOn } from './age';

describe('ageOn', () => {
	it.each([
		// birth date, day, age
		['2008-06-20', '2026-06-19', 17], // the day before the 18th birthday
		['2008-06-20', '2026-06-20', 18], // the 18th birthday
		['2008-06-20', '2026-06-21', 18],
		['2008-06-20', '2026-05-31', 17], // earlier month
		['2008-06-20', '2026-07-01', 18], // later month, earlier day of month
		['2008-12-31', '2026-12-30', 17],
		['2008-12-31', '2026-12-31', 18],
		['2009-01-01', '2026-12-31', 17], // born on New Year's Day: not yet 18 on New Year's Eve
		['2008-01-01', '2026-01-01', 18],
		['2010-05-05', '2010-05-05', 0], // the day of birth
		['2010-05-05', '2011-05-04', 0],
		// Born on 29 February: in common years the birthday counts from 1 March
		['2008-02-29', '2026-02-28', 17],
		['2008-02-29', '2026-03-01', 18],
		['2008-02-29', '2028-02-28', 19], // a leap year: the birthday is on the 29th
		['2008-02-29', '2028-02-29', 20],
		['2004-02-29', '2022-02-28', 17],
		['2004-02-29', '2022-03-01', 18]
	])('born %s, on %s → %i', (birthDate, day, age) => {
		expect(ageOn(birthDate, day)).toBe(age);
	});
});

describe('isMinorOn', () => {
	it.each([
		['2008-06-20', '2026-06-19', true],
		['2008-06-20', '2026-06-20', false],
		['2008-02-29', '2026-02-28', true],
		['2008-02-29', '2026-03-01', false],
		['2020-01-01', '2026-01-01', true],
		['1960-01-01', '2026-01-01', false],
		// Unknown birth date: nobody may act for the person, so treated as of age
		[null, '2026-01-01', false]
	])('born %s, on %s → minor %s', (birthDate, day, minor) => {
		expect(isMinorOn(birthDate, day)).toBe(minor);
	});

	it('counts the German calendar day, not the UTC one', () => {
		// 22:30 UTC on 19 June is already 20 June in Berlin (summer time, UTC+2) …
		expect(schoolDay(new Date('2026-06-19T22:30:00Z'))).toBe('2026-06-20');
		expect(isMinorOn('2008-06-20', schoolDay(new Date('2026-06-19T22:30:00Z')))).toBe(false);
		expect(isMinorOn('2008-06-20', schoolDay(new Date('2026-06-19T21:30:00Z')))).toBe(true);
		// … and 23:30 UTC on 31 December is New Year's Day (winter time, UTC+1).
		expect(isMinorOn('2008-01-01', schoolDay(new Date('2025-12-31T23:30:00Z')))).toBe(false);
		expect(isMinorOn('2008-01-01', schoolDay(new Date('2025-12-31T22:59:00Z')))).toBe(true);
	});
});
