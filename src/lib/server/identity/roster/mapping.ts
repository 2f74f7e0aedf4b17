import type { CsvRow } from './parse';

export const ROSTER_FIELDS = [
	'asvId',
	'familyName',
	'givenNames',
	'birthDate',
	'className',
	'schoolEmail',
	'sex',
	'guardian1Name',
	'guardian1Email',
	'guardian2Name',
	'guardian2Email',
	'company'
] as const;

export type RosterField = (typeof ROSTER_FIELDS)[number];

/** Without these a row cannot become a student: the UI asks for a column before the preview. */
export const REQUIRED_FIELDS: readonly RosterField[] = [
	'asvId',
	'familyName',
	'givenNames',
	'birthDate',
	'className'
];

/**
 * The default mapping: header names seen in ASV-BW class-list exports and in lists schools edit
 * by hand. Compared after `normalizeHeader`, so case, spaces, hyphens, brackets, '/' and umlaut
 * spellings do not matter ("Schüler-ID" = "Schueler_ID" = "schüler id"). Within a field the first
 * name found wins ("Vornamen" before "Rufname"). A plain "E-Mail" or "ID" is deliberately absent:
 * it may be a private address or an internal number, so the mapping step asks instead.
 */
export const DEFAULT_HEADER_NAMES: Record<RosterField, readonly string[]> = {
	asvId: ['Schüler-ID', 'ASV-ID', 'ASV-Schüler-ID', 'ASV-Nummer', 'Schülernummer', 'Schüler-Nr.'],
	familyName: ['Familienname', 'Nachname', 'Name', 'Zuname'],
	givenNames: ['Vorname(n)', 'Vorname', 'Rufname'],
	birthDate: ['Geburtsdatum', 'Geb.-Datum', 'Geburtstag', 'Geb.'],
	className: ['Klasse', 'Klassenbezeichnung', 'Klassenname'],
	schoolEmail: ['E-Mail (Schule)', 'Schul-E-Mail', 'Schulische E-Mail', 'E-Mail-Adresse (Schule)'],
	sex: ['Geschlecht'],
	guardian1Name: [
		'Erziehungsberechtigte/r 1 Name',
		'Erziehungsberechtigte 1 Name',
		'Name Erziehungsberechtigte/r 1',
		'Sorgeberechtigte/r 1 Name'
	],
	guardian1Email: [
		'Erziehungsberechtigte/r 1 E-Mail',
		'Erziehungsberechtigte 1 E-Mail',
		'E-Mail Erziehungsberechtigte/r 1',
		'Sorgeberechtigte/r 1 E-Mail'
	],
	guardian2Name: [
		'Erziehungsberechtigte/r 2 Name',
		'Erziehungsberechtigte 2 Name',
		'Name Erziehungsberechtigte/r 2',
		'Sorgeberechtigte/r 2 Name'
	],
	guardian2Email: [
		'Erziehungsberechtigte/r 2 E-Mail',
		'Erziehungsberechtigte 2 E-Mail',
		'E-Mail Erziehungsberechtigte/r 2',
		'Sorgeberechtigte/r 2 E-Mail'
	],
	company: ['Ausbildungsbetrieb', 'Betrieb', 'Ausbildungsfirma', 'Ausbildender Betrieb']
};

/** field → column index (0-based) in the file. */
export type RosterMapping = Partial<Record<RosterField, number>>;

export interface MappingSuggestion {
	mapping: RosterMapping;
	/** Required fields no header matched: the UI shows the mapping step for them. */
	missing: RosterField[];
	/** Columns no field uses, for the mapping step's choices. */
	unusedColumns: number[];
}

/** "Schüler-ID" → "schuelerid"; "Vorname(n)" → "vornamen"; "E-Mail (Schule)" → "emailschule". */
export function normalizeHeader(header: string): string {
	return header
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[^a-z0-9]/g, '');
}

const defaultLookup: ReadonlyMap<RosterField, readonly string[]> = new Map(
	ROSTER_FIELDS.map((field) => [field, DEFAULT_HEADER_NAMES[field].map(normalizeHeader)])
);

export function suggestMapping(headers: readonly string[]): MappingSuggestion {
	const normalized = headers.map(normalizeHeader);
	const used = new Set<number>();
	const mapping: RosterMapping = {};
	for (const field of ROSTER_FIELDS) {
		for (const name of defaultLookup.get(field) ?? []) {
			const column = normalized.findIndex((h, i) => h === name && !used.has(i));
			if (column !== -1) {
				mapping[field] = column;
				used.add(column);
				break;
			}
		}
	}
	return {
		mapping,
		missing: REQUIRED_FIELDS.filter((field) => mapping[field] === undefined),
		unusedColumns: headers.map((_, i) => i).filter((i) => !used.has(i))
	};
}

export interface MappedRow {
	line: number;
	/** Every field, '' where unmapped or empty. */
	values: Record<RosterField, string>;
}

export function applyMapping(rows: readonly CsvRow[], mapping: RosterMapping): MappedRow[] {
	const columns = ROSTER_FIELDS.map((field) => [field, mapping[field]] as const);
	return rows.map((row) => {
		const values = {} as Record<RosterField, string>;
		for (const [field, column] of columns) {
			values[field] = column === undefined ? '' : (row.cells[column] ?? '');
		}
		return { line: row.line, values };
	});
}

/** Form field name of a field's column choice in the mapping step. */
export const mappingInputName = (field: RosterField) => `map.${field}`;

/**
 * The office's column choices from the mapping step: one `map.<field>` value per field, the
 * column index or '' for "not in the file". Null when the form has no mapping at all (then the
 * suggestion applies). Indexes outside the file and a column chosen for two fields are errors.
 */
export function parseMappingForm(
	form: FormData,
	columnCount: number
): { mapping: RosterMapping; errors: Partial<Record<RosterField, string>> } | null {
	if (!ROSTER_FIELDS.some((field) => form.has(mappingInputName(field)))) return null;
	const mapping: RosterMapping = {};
	const errors: Partial<Record<RosterField, string>> = {};
	const owner = new Map<number, RosterField>();
	for (const field of ROSTER_FIELDS) {
		const raw = String(form.get(mappingInputName(field)) ?? '').trim();
		if (raw === '') continue;
		const column = /^\d+$/.test(raw) ? Number(raw) : -1;
		if (column < 0 || column >= columnCount) {
			errors[field] = 'roster_error_column_invalid';
			continue;
		}
		if (owner.has(column)) {
			errors[field] = 'roster_error_column_twice';
			continue;
		}
		owner.set(column, field);
		mapping[field] = column;
	}
	return { mapping, errors };
}
