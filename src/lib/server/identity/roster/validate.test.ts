import { describe, expect, it } from 'vitest';
import { ROSTER_FIELDS, type MappedRow, type RosterField } from './mapping';
import { parseBirthDate, validateRoster } from './validate';

const today = '2026-09-15';
const knownClasses = ['2BKI1', 'E1KM1', 'WG 11'];

const student: Record<RosterField, string> = {
	asvId: '4000001',
	familyName: 'Müller',
	givenNames: 'Jürgen',
	birthDate: '20.06.2008',
	className: '2BKI1',
	schoolEmail: 'juergen.mueller@bs-seeburg.example',
	sex: 'm',
	guardian1Name: 'Anna Müller',
	guardian1Email: 'anna.mueller@familie.example',
	guardian2Name: '',
	guardian2Email: '',
	company: 'Bäckerei Weiß'
};

function row(values: Partial<Record<RosterField, string>>, line = 2): MappedRow {
	return { line, values: { ...student, ...values } };
}

function validateOne(values: Partial<Record<RosterField, string>>) {
	return validateRoster([row(values)], { knownClasses, today }).rows[0];
}

describe('parseBirthDate', () => {
	it.each([
		['20.06.2008', '2008-06-20'],
		['01.01.2010', '2010-01-01'],
		['1.2.2009', '2009-02-01'],
		['5.11.2007', '2007-11-05'],
		['29.02.2008', '2008-02-29'], // a leap year
		['31.12.1999', '1999-12-31'],
		['2008-06-20', '2008-06-20'], // ISO, as a list edited in LibreOffice may have it
		['31.02.2008', null], // no such day
		['29.02.2009', null], // not a leap year
		['31.04.2008', null],
		['00.01.2008', null],
		['15.13.2008', null],
		['20.06.08', null], // a two-digit year could be 1908 or 2008
		['20/06/2008', null],
		['06/20/2008', null],
		['2008-6-20', null],
		['20.06.2008 00:00', null],
		['20. 06. 2008', null],
		['01.01.1899', null],
		['39619', null], // an Excel serial number
		['unbekannt', null]
	])('%j → %s', (value, expected) => {
		expect(parseBirthDate(value)).toBe(expected);
	});
});

describe('validateRoster: birth dates', () => {
	it.each([
		['20.06.2008', '2008-06-20', undefined],
		['2008-06-20', '2008-06-20', undefined],
		['', null, 'roster_error_birth_date_missing'],
		['   ', null, 'roster_error_birth_date_missing'],
		['31.02.2008', null, 'roster_error_birth_date_invalid'],
		['20.06.08', null, 'roster_error_birth_date_invalid'],
		['16.09.2026', '2026-09-16', 'roster_error_birth_date_implausible'], // tomorrow
		['15.09.2016', '2016-09-15', undefined], // 10 today
		['16.09.2016', '2016-09-16', 'roster_error_birth_date_implausible'], // 10 tomorrow
		['16.09.1945', '1945-09-16', undefined], // 80, 81 tomorrow
		['15.09.1945', '1945-09-15', 'roster_error_birth_date_implausible'] // 81 today
	])('%j → %s, %s', (value, birthDate, key) => {
		const result = validateOne({ birthDate: value });
		expect(result.data.birthDate).toBe(birthDate);
		expect(result.errors).toEqual(key ? [{ field: 'birthDate', key }] : []);
	});
});

describe('validateRoster', () => {
	it('returns a clean row typed and trimmed, with no errors', () => {
		const result = validateOne({
			familyName: '  Müller   Lüdenscheid ',
			schoolEmail: 'J.Mueller@BS-Seeburg.example'
		});
		expect(result).toEqual({
			line: 2,
			errors: [],
			data: {
				asvId: '4000001',
				familyName: 'Müller Lüdenscheid',
				givenNames: 'Jürgen',
				birthDate: '2008-06-20',
				className: '2BKI1',
				schoolEmail: 'j.mueller@bs-seeburg.example',
				sex: 'male',
				guardian1Name: 'Anna Müller',
				guardian1Email: 'anna.mueller@familie.example',
				guardian2Name: null,
				guardian2Email: null,
				company: 'Bäckerei Weiß'
			}
		});
	});

	it.each([
		[{ className: 'XYZ9' }, [{ field: 'className', key: 'roster_error_class_unknown' }]],
		[{ className: '' }, [{ field: 'className', key: 'roster_error_class_missing' }]],
		[
			{ schoolEmail: 'juergen.mueller@' },
			[{ field: 'schoolEmail', key: 'roster_error_email_invalid' }]
		],
		[
			{ schoolEmail: 'jürgen müller@x.de' },
			[{ field: 'schoolEmail', key: 'roster_error_email_invalid' }]
		],
		[
			{ guardian1Email: 'anna(at)familie.example' },
			[{ field: 'guardian1Email', key: 'roster_error_email_invalid' }]
		],
		[{ guardian2Email: 'keine' }, [{ field: 'guardian2Email', key: 'roster_error_email_invalid' }]],
		[{ familyName: '' }, [{ field: 'familyName', key: 'roster_error_name_missing' }]],
		[{ givenNames: ' ' }, [{ field: 'givenNames', key: 'roster_error_name_missing' }]],
		[{ asvId: '' }, [{ field: 'asvId', key: 'roster_error_asv_id_missing' }]],
		[{ sex: 'Mann' }, [{ field: 'sex', key: 'roster_error_sex_invalid' }]],
		[
			{ birthDate: '', className: 'XYZ9', schoolEmail: 'x' },
			[
				{ field: 'birthDate', key: 'roster_error_birth_date_missing' },
				{ field: 'className', key: 'roster_error_class_unknown' },
				{ field: 'schoolEmail', key: 'roster_error_email_invalid' }
			]
		]
	])('%j → %j', (values, errors) => {
		expect(validateOne(values).errors).toEqual(errors);
	});

	it('leaves the optional fields empty without complaint', () => {
		const result = validateOne({
			schoolEmail: '',
			sex: '',
			guardian1Name: '',
			guardian1Email: '',
			company: ''
		});
		expect(result.errors).toEqual([]);
		expect(result.data).toMatchObject({
			schoolEmail: null,
			sex: null,
			guardian1Name: null,
			company: null
		});
	});

	it.each([
		['m', 'male'],
		['männlich', 'male'],
		['W', 'female'],
		['weiblich', 'female'],
		['d', 'diverse'],
		['divers', 'diverse'],
		['x', 'unspecified'],
		['ohne Angabe', 'unspecified']
	])('reads sex %j as %s', (value, sex) => {
		expect(validateOne({ sex: value }).data.sex).toBe(sex);
	});

	it('matches classes regardless of case and spaces, keeping the school’s spelling', () => {
		expect(validateOne({ className: ' 2bki1' }).data.className).toBe('2BKI1');
		expect(validateOne({ className: 'WG11' }).data.className).toBe('WG 11');
		expect(validateOne({ className: 'e1 km1' }).errors).toEqual([]);
	});

	it('flags every row of an ASV id that occurs more than once, naming the other lines', () => {
		const result = validateRoster(
			[
				row({ asvId: '7' }, 2),
				row({ asvId: '8' }, 3),
				row({ asvId: '7' }, 5),
				row({ asvId: '7' }, 9)
			],
			{ knownClasses, today }
		);
		expect(result.rows.map((r) => r.errors)).toEqual([
			[{ field: 'asvId', key: 'roster_error_asv_duplicate_in_file', params: { lines: '5, 9' } }],
			[],
			[{ field: 'asvId', key: 'roster_error_asv_duplicate_in_file', params: { lines: '2, 9' } }],
			[{ field: 'asvId', key: 'roster_error_asv_duplicate_in_file', params: { lines: '2, 5' } }]
		]);
		expect(result.summary).toEqual({ rows: 4, valid: 1, invalid: 3 });
	});

	it('counts valid and invalid rows, and an empty list as none', () => {
		const rows = [row({}, 2), row({ asvId: '2', birthDate: '' }, 3), row({ asvId: '3' }, 4)];
		expect(validateRoster(rows, { knownClasses, today }).summary).toEqual({
			rows: 3,
			valid: 2,
			invalid: 1
		});
		expect(validateRoster([], { knownClasses, today })).toEqual({
			rows: [],
			summary: { rows: 0, valid: 0, invalid: 0 }
		});
	});

	it('flags every row’s class as unknown when the school has no classes yet', () => {
		const result = validateRoster([row({})], { knownClasses: [], today });
		expect(result.rows[0].errors).toEqual([
			{ field: 'className', key: 'roster_error_class_unknown' }
		]);
	});

	it('covers every field in its record', () => {
		expect(Object.keys(validateOne({}).data).sort()).toEqual([...ROSTER_FIELDS].sort());
	});
});
