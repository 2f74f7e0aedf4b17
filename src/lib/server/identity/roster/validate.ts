import * as v from 'valibot';
import { schoolDay } from '../../clock';
import { ageOn } from '../age';
import type { MappedRow, RosterField } from './mapping';

// Checks a mapped class list before anything is written: every row gets its errors so the preview
// can show them all at once. Nothing here touches the database; "unknown class" is judged against
// the list of classes the caller passes.

export type Sex = 'male' | 'female' | 'diverse' | 'unspecified';

export interface RosterRecord {
	asvId: string;
	familyName: string;
	givenNames: string;
	/** YYYY-MM-DD; null when missing or not a valid date. */
	birthDate: string | null;
	/** The known class's own spelling when it matched. */
	className: string;
	schoolEmail: string | null;
	sex: Sex | null;
	guardian1Name: string | null;
	guardian1Email: string | null;
	guardian2Name: string | null;
	guardian2Email: string | null;
	company: string | null;
}

export type RosterErrorKey =
	| 'roster_error_asv_id_missing'
	| 'roster_error_asv_duplicate_in_file'
	| 'roster_error_name_missing'
	| 'roster_error_birth_date_missing'
	| 'roster_error_birth_date_invalid'
	| 'roster_error_birth_date_implausible'
	| 'roster_error_class_missing'
	| 'roster_error_class_unknown'
	| 'roster_error_email_invalid'
	| 'roster_error_sex_invalid';

export interface RosterError {
	field: RosterField;
	key: RosterErrorKey;
	/** For the message: the other lines with the same ASV id. */
	params?: { lines: string };
}

export interface ValidatedRow {
	line: number;
	data: RosterRecord;
	errors: RosterError[];
}

export interface RosterValidation {
	rows: ValidatedRow[];
	summary: { rows: number; valid: number; invalid: number };
}

export interface ValidateOptions {
	knownClasses: readonly string[];
	/** The day ages are counted on (YYYY-MM-DD); today in Germany unless given. */
	today?: string;
}

/** Students of a vocational school: outside this range the date is almost surely a typo. */
export const MIN_AGE = 10;
export const MAX_AGE = 80;

export function validateRoster(
	rows: readonly MappedRow[],
	options: ValidateOptions
): RosterValidation {
	const today = options.today ?? schoolDay();
	const classes = new Map(options.knownClasses.map((c) => [classKey(c), c]));
	const linesById = new Map<string, number[]>();

	const validated = rows.map(({ line, values }): ValidatedRow => {
		const errors: RosterError[] = [];
		const text = (field: RosterField) => values[field].replace(/\s+/g, ' ').trim();

		const asvId = text('asvId');
		if (asvId === '') errors.push({ field: 'asvId', key: 'roster_error_asv_id_missing' });
		else linesById.set(asvId, [...(linesById.get(asvId) ?? []), line]);

		const familyName = text('familyName');
		const givenNames = text('givenNames');
		if (familyName === '') errors.push({ field: 'familyName', key: 'roster_error_name_missing' });
		if (givenNames === '') errors.push({ field: 'givenNames', key: 'roster_error_name_missing' });

		const birthDateText = text('birthDate');
		const birthDate = birthDateText === '' ? null : parseBirthDate(birthDateText);
		if (birthDateText === '') {
			errors.push({ field: 'birthDate', key: 'roster_error_birth_date_missing' });
		} else if (birthDate === null) {
			errors.push({ field: 'birthDate', key: 'roster_error_birth_date_invalid' });
		} else if (!isPlausibleBirthDate(birthDate, today)) {
			errors.push({ field: 'birthDate', key: 'roster_error_birth_date_implausible' });
		}

		const classText = text('className');
		const knownClass = classes.get(classKey(classText));
		if (classText === '') errors.push({ field: 'className', key: 'roster_error_class_missing' });
		else if (knownClass === undefined) {
			errors.push({ field: 'className', key: 'roster_error_class_unknown' });
		}

		const email = (field: RosterField): string | null => {
			const value = text(field).toLowerCase();
			if (value === '') return null;
			if (!isEmail(value)) errors.push({ field, key: 'roster_error_email_invalid' });
			return value;
		};

		const sexText = text('sex');
		const sex = sexText === '' ? null : parseSex(sexText);
		if (sexText !== '' && sex === null)
			errors.push({ field: 'sex', key: 'roster_error_sex_invalid' });

		const data: RosterRecord = {
			asvId,
			familyName,
			givenNames,
			birthDate,
			className: knownClass ?? classText,
			schoolEmail: email('schoolEmail'),
			sex,
			guardian1Name: text('guardian1Name') || null,
			guardian1Email: email('guardian1Email'),
			guardian2Name: text('guardian2Name') || null,
			guardian2Email: email('guardian2Email'),
			company: text('company') || null
		};
		return { line, data, errors };
	});

	// Both rows of a duplicate are flagged: the file cannot tell which one is right.
	for (const row of validated) {
		const lines = linesById.get(row.data.asvId);
		if (lines && lines.length > 1) {
			row.errors.push({
				field: 'asvId',
				key: 'roster_error_asv_duplicate_in_file',
				params: { lines: lines.filter((l) => l !== row.line).join(', ') }
			});
		}
	}

	const valid = validated.filter((r) => r.errors.length === 0).length;
	return {
		rows: validated,
		summary: { rows: validated.length, valid, invalid: validated.length - valid }
	};
}

const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * TT.MM.JJJJ and T.M.JJJJ (as ASV and Excel write them) or YYYY-MM-DD → YYYY-MM-DD; null for
 * anything else, including two-digit years (08 could be 1908 or 2008) and days the calendar
 * lacks (31.02.2008).
 */
export function parseBirthDate(value: string): string | null {
	let day: number, month: number, year: number;
	const german = GERMAN_DATE.exec(value);
	const iso = german ? null : ISO_DATE.exec(value);
	if (german) [day, month, year] = [Number(german[1]), Number(german[2]), Number(german[3])];
	else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
	else return null;
	if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
		return null;
	}
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isPlausibleBirthDate(birthDate: string, today: string): boolean {
	if (birthDate > today) return false;
	const age = ageOn(birthDate, today);
	return age >= MIN_AGE && age <= MAX_AGE;
}

/** The class list and the school's classes are typed by different people: "2bki1 " = "2BKI1". */
function classKey(name: string): string {
	return name.replace(/\s+/g, '').toUpperCase();
}

// The same check the sign-in and registration forms use, so an imported address can sign in.
const emailSchema = v.pipe(v.string(), v.maxLength(254), v.email());
function isEmail(value: string): boolean {
	return v.is(emailSchema, value);
}

// German civil status knows four entries (PStG § 22 (3)); ASV writes m/w/d/x or the words.
const SEX_VALUES: Record<string, Sex> = {
	m: 'male',
	maennlich: 'male',
	männlich: 'male',
	w: 'female',
	weiblich: 'female',
	d: 'diverse',
	divers: 'diverse',
	x: 'unspecified',
	o: 'unspecified',
	'ohne angabe': 'unspecified',
	'keine angabe': 'unspecified'
};
function parseSex(value: string): Sex | null {
	return SEX_VALUES[value.toLowerCase()] ?? null;
}
