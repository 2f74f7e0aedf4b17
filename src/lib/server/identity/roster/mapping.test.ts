import { describe, expect, it } from 'vitest';
import type { CsvRow } from './parse';
import { applyMapping, normalizeHeader, suggestMapping, type RosterField } from './mapping';

describe('suggestMapping: header variants', () => {
	it.each([
		['Schüler-ID', 'asvId'],
		['Schueler_ID', 'asvId'],
		['ASV-ID', 'asvId'],
		['SCHÜLER ID', 'asvId'],
		['Schülernummer', 'asvId'],
		['Familienname', 'familyName'],
		['Nachname', 'familyName'],
		['Name', 'familyName'],
		['Vorname(n)', 'givenNames'],
		['Vornamen', 'givenNames'],
		['Rufname', 'givenNames'],
		['Geburtsdatum', 'birthDate'],
		['Geb.-Datum', 'birthDate'],
		['geburtsdatum ', 'birthDate'],
		['Klasse', 'className'],
		['Klassenbezeichnung', 'className'],
		['E-Mail (Schule)', 'schoolEmail'],
		['Schul-E-Mail', 'schoolEmail'],
		['Schul E-Mail', 'schoolEmail'],
		['Geschlecht', 'sex'],
		['Erziehungsberechtigte/r 1 Name', 'guardian1Name'],
		['Erziehungsberechtigter 1 Name', 'guardian1Name'],
		['Erziehungsberechtigte 1 Name', 'guardian1Name'],
		['Erziehungsberechtigte/r 1 E-Mail', 'guardian1Email'],
		['Erziehungsberechtigte/r 2 Name', 'guardian2Name'],
		['Erziehungsberechtigte/r 2 E-Mail', 'guardian2Email'],
		['Ausbildungsbetrieb', 'company'],
		['Betrieb', 'company']
	] as const)('%j → %s', (header, field) => {
		expect(suggestMapping(['Spalte X', header]).mapping).toEqual({ [field]: 1 });
	});

	it.each([
		// A plain e-mail column may be a private address; an ID may be an internal number.
		'E-Mail',
		'ID',
		'Bemerkung',
		'Klassenlehrer',
		''
	])('%j → no field', (header) => {
		expect(suggestMapping([header]).mapping).toEqual({});
	});
});

describe('suggestMapping', () => {
	it('maps a full ASV-BW export and lists nothing missing', () => {
		const headers = [
			'Schüler-ID',
			'Familienname',
			'Vorname(n)',
			'Geburtsdatum',
			'Klasse',
			'E-Mail (Schule)',
			'Geschlecht',
			'Erziehungsberechtigte/r 1 Name',
			'Erziehungsberechtigte/r 1 E-Mail',
			'Erziehungsberechtigte/r 2 Name',
			'Erziehungsberechtigte/r 2 E-Mail',
			'Ausbildungsbetrieb',
			'Bemerkung'
		];
		expect(suggestMapping(headers)).toEqual({
			mapping: {
				asvId: 0,
				familyName: 1,
				givenNames: 2,
				birthDate: 3,
				className: 4,
				schoolEmail: 5,
				sex: 6,
				guardian1Name: 7,
				guardian1Email: 8,
				guardian2Name: 9,
				guardian2Email: 10,
				company: 11
			},
			missing: [],
			unusedColumns: [12]
		});
	});

	it('prefers the full given names to the name a student goes by, wherever the columns stand', () => {
		expect(suggestMapping(['Rufname', 'Vornamen']).mapping.givenNames).toBe(1);
		expect(suggestMapping(['Nachname', 'Familienname']).mapping.familyName).toBe(1);
	});

	it('lists the required fields it could not find, for the mapping step', () => {
		const suggestion = suggestMapping([
			'Nr.',
			'Nachname',
			'Vorname',
			'Geburtsort',
			'Kurs',
			'E-Mail'
		]);
		expect(suggestion.mapping).toEqual({ familyName: 1, givenNames: 2 });
		expect(suggestion.missing).toEqual(['asvId', 'birthDate', 'className']);
		expect(suggestion.unusedColumns).toEqual([0, 3, 4, 5]);
	});

	it('uses each column once', () => {
		expect(suggestMapping(['Name', 'Name']).mapping).toEqual({ familyName: 0 });
	});
});

describe('normalizeHeader', () => {
	it.each([
		['Schüler-ID', 'schuelerid'],
		['Schueler_ID', 'schuelerid'],
		['Vorname(n)', 'vornamen'],
		['E-Mail (Schule)', 'emailschule'],
		['Straße', 'strasse'],
		['  Geb.-Datum ', 'gebdatum']
	])('%j → %j', (header, key) => {
		expect(normalizeHeader(header)).toBe(key);
	});
});

describe('applyMapping', () => {
	it('gives every field, empty where the mapping has no column', () => {
		const rows: CsvRow[] = [{ line: 7, cells: ['Müller', '2BK1', '4711'] }];
		const [row] = applyMapping(rows, { familyName: 0, className: 1, asvId: 2 });
		expect(row.line).toBe(7);
		expect(row.values).toMatchObject({ familyName: 'Müller', className: '2BK1', asvId: '4711' });
		const empty = (Object.keys(row.values) as RosterField[]).filter((f) => row.values[f] === '');
		expect(empty).toHaveLength(9);
	});
});
