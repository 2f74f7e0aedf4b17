import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Role } from '../schema';
import { NameForm } from './forms';
import { mayChangeOwnLoginEmail, mayEditOwnName } from './rules';

const grants = (...roles: Role[]) => roles.map((role) => ({ role }));

describe('mayEditOwnName', () => {
	it.each<[Role[], boolean]>([
		[['guardian'], true],
		[['company_contact'], true],
		[['guardian', 'company_contact'], true],
		[['student'], false],
		[['guardian', 'student'], false], // a student who is also a parent: the school record wins
		[['guardian', 'teacher'], false],
		[['company_contact', 'district_finance'], false],
		[['teacher'], false],
		[['secretary'], false],
		[['school_admin'], false],
		[['social_worker'], false],
		[['district_admin'], false],
		[[], false]
	])('%j → %s', (roles, expected) => {
		expect(mayEditOwnName(grants(...roles))).toBe(expected);
	});
});

describe('mayChangeOwnLoginEmail', () => {
	it.each<[Role[], boolean]>([
		[['student'], true],
		[['guardian'], true],
		[['company_contact'], true],
		[['guardian', 'student'], true],
		[[], true],
		[['teacher'], false],
		[['secretary'], false],
		[['school_admin'], false],
		[['social_worker'], false],
		[['district_finance'], false],
		[['district_admin'], false],
		[['guardian', 'teacher'], false] // a teacher who is also a parent keeps the official login
	])('%j → %s', (roles, expected) => {
		expect(mayChangeOwnLoginEmail(grants(...roles))).toBe(expected);
	});
});

describe('NameForm', () => {
	const parse = (givenNames: string, familyName = 'Müller') =>
		v.safeParse(NameForm, { givenNames, familyName });
	it.each([
		['Ayşe', 'Ayşe'],
		["Siobhán O'Brien", "Siobhán O'Brien"],
		['  Anna   Lena ', 'Anna Lena'],
		['Hans-Jürgen', 'Hans-Jürgen'],
		['J. R. R.', 'J. R. R.'],
		['Zoë', 'Zoë'],
		['Đorđe', 'Đorđe'],
		['Ολυμπία', 'Ολυμπία']
	])('accepts %j as %j', (input, expected) => {
		const result = parse(input);
		expect(result.success).toBe(true);
		if (result.success) expect(result.output.givenNames).toBe(expected);
	});
	it.each([
		['', 'error_given_names_required'],
		['   ', 'error_given_names_required'],
		['<script>', 'error_name_invalid'],
		['Anna2', 'error_name_invalid'],
		['-Anna', 'error_name_invalid'],
		['a'.repeat(101), 'error_name_too_long']
	])('refuses %j with %s', (input, message) => {
		const result = parse(input);
		expect(result.success).toBe(false);
		if (!result.success) expect(result.issues[0].message).toBe(message);
	});
	it('names the family name field when it is empty', () => {
		const result = parse('Anna', '');
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(result.issues[0].path?.[0].key).toBe('familyName');
			expect(result.issues[0].message).toBe('error_family_name_required');
		}
	});
});
