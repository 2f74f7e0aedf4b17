// Is a person being imported, activated or invited already known? (issue 3, item 7)
// A sure match may be linked; a likely one goes to the secretary's "Mögliche Dubletten" queue and
// is never merged silently. Rules, first that applies wins (A = candidate, B = existing record):
//
//  #  | condition                                                            | class  | rule
//  1  | same ASV id                                                          | sure   | same-asv-id
//  2  | same school e-mail (trimmed, case-insensitive)                       | sure   | same-school-email
//  3  | both birth dates known and different                                 | none   | different-birth-dates
//  4  | same birth date; family and given names equal up to case, Unicode    | sure   | same-name
//     | composition, hyphens/spaces/apostrophes ("Anna-Lena" = "ANNA LENA")  |        |
//  5  | same birth date; family names similar AND given names similar        | likely | similar-name
//  6  | same birth date; given and family name swapped (normalised equal)    | likely | swapped-names
//  7  | a birth date missing; family names normalised equal AND given names  | likely | same-name-no-birth-date
//     | share a normalised part                                              |        |
//  8  | otherwise                                                            | none   | different-names
//
//  Both ASV ids known and different: a sure result (rules 2, 4) becomes likely (rule
//  conflicting-asv-ids) — two ASV records for one person need a human, not a link.
//
// "Similar" (rule 5), for the family names and for the given names each: the normalised names
// (normalise.ts), as a whole or any part of one against any part of the other, are equal, or have
// the same Kölner Phonetik code, or are within a small Levenshtein distance (≤ 2 for names of five
// letters or more, ≤ 1 for three or four, 0 below: "Max"/"Mia" twins must not meet).
//
// Decisions:
// - Transliteration and accents ("Müller"/"Mueller", "José"/"Jose", "Yılmaz"/"Yilmaz",
//   "Groß"/"GROSS") are likely, not sure: the names only normalise equal.
// - Twins (same birth date and family name): "Emre"/"Elif", "Max"/"Mia" are none; "Lea"/"Leo"
//   (one letter apart) and "Ali"/"Ella" (both coded 05) are likely and land in the queue, where the
//   secretary rejects them: a false alarm costs a click, a missed duplicate a second identity.
// - Without a birth date names alone decide, so they must normalise equal: "Meier"/"Mayer" alone
//   is too weak.
// - A changed family name (marriage, divorce of the parents) is not found by names: only the ASV
//   id or school e-mail link it.
import { distance } from 'fastest-levenshtein';
import { koelnerPhonetik } from './koelner-phonetik';
import { caseFoldName, nameParts, normaliseName } from './normalise';

export interface PersonRecord {
	asvId?: string | null;
	givenNames: string;
	familyName: string;
	/** YYYY-MM-DD */
	birthDate: string | null;
	schoolEmail?: string | null;
}

export type MatchClass = 'sure' | 'likely' | 'none';

export type MatchRule =
	| 'same-asv-id'
	| 'same-school-email'
	| 'different-birth-dates'
	| 'same-name'
	| 'similar-name'
	| 'swapped-names'
	| 'same-name-no-birth-date'
	| 'different-names'
	| 'conflicting-asv-ids';

export interface MatchExplanation {
	match: MatchClass;
	rule: MatchRule;
}

/** Blank values count as missing: an empty cell in a roster is not an identifier. */
function present(value: string | null | undefined): string | null {
	const trimmed = value?.trim() ?? '';
	return trimmed === '' ? null : trimmed;
}

function allowedEdits(shorterLength: number): number {
	if (shorterLength >= 5) return 2;
	if (shorterLength >= 3) return 1;
	return 0;
}

function close(a: string, b: string): boolean {
	if (a === b) return true;
	const code = koelnerPhonetik(a);
	if (code !== '' && code === koelnerPhonetik(b)) return true;
	return distance(a, b) <= allowedEdits(Math.min(a.length, b.length));
}

function similar(a: string, b: string): boolean {
	const partsA = [...nameParts(a)];
	const partsB = [...nameParts(b)];
	if (partsA.length === 0 || partsB.length === 0) return partsA.length === partsB.length;
	if (close(partsA.join(''), partsB.join(''))) return true; // "Annalena" = "Anna-Lena"
	return partsA.some((p) => partsB.some((q) => close(p, q)));
}

function shareAPart(a: string, b: string): boolean {
	const partsB = nameParts(b);
	return [...nameParts(a)].some((part) => partsB.has(part));
}

function namesMatch(a: PersonRecord, b: PersonRecord): MatchExplanation {
	const birthA = present(a.birthDate);
	const birthB = present(b.birthDate);
	if (birthA !== null && birthB !== null) {
		if (birthA !== birthB) return { match: 'none', rule: 'different-birth-dates' };
		if (
			caseFoldName(a.familyName) === caseFoldName(b.familyName) &&
			caseFoldName(a.givenNames) === caseFoldName(b.givenNames)
		) {
			return { match: 'sure', rule: 'same-name' };
		}
		if (similar(a.familyName, b.familyName) && similar(a.givenNames, b.givenNames)) {
			return { match: 'likely', rule: 'similar-name' };
		}
		if (
			normaliseName(a.familyName) === normaliseName(b.givenNames) &&
			normaliseName(a.givenNames) === normaliseName(b.familyName)
		) {
			return { match: 'likely', rule: 'swapped-names' };
		}
		return { match: 'none', rule: 'different-names' };
	}
	const family = normaliseName(a.familyName);
	if (
		family !== '' &&
		family === normaliseName(b.familyName) &&
		shareAPart(a.givenNames, b.givenNames)
	) {
		return { match: 'likely', rule: 'same-name-no-birth-date' };
	}
	return { match: 'none', rule: 'different-names' };
}

/** The class of a candidate against one existing record, and the rule that decided it. */
export function explainMatch(candidate: PersonRecord, existing: PersonRecord): MatchExplanation {
	const asvA = present(candidate.asvId);
	const asvB = present(existing.asvId);
	if (asvA !== null && asvA === asvB) return { match: 'sure', rule: 'same-asv-id' };

	const emailA = present(candidate.schoolEmail)?.toLowerCase();
	const emailB = present(existing.schoolEmail)?.toLowerCase();
	const result: MatchExplanation =
		emailA !== undefined && emailA === emailB
			? { match: 'sure', rule: 'same-school-email' }
			: namesMatch(candidate, existing);

	const asvConflict = asvA !== null && asvB !== null;
	if (asvConflict && result.match === 'sure')
		return { match: 'likely', rule: 'conflicting-asv-ids' };
	return result;
}

export function classifyMatch(candidate: PersonRecord, existing: PersonRecord): MatchClass {
	return explainMatch(candidate, existing).match;
}

/**
 * The best class among the existing records and the records that reach it. Link only on 'sure'
 * (then `records` holds exactly one). Two or more sure matches mean the existing data already
 * holds a duplicate: the result is 'likely' with every sure and likely record, for a human.
 */
export function findMatches<T extends PersonRecord>(
	candidate: PersonRecord,
	existing: readonly T[]
): { match: MatchClass; records: T[] } {
	const rated = existing.map((record) => ({ record, match: classifyMatch(candidate, record) }));
	const sure = rated.filter((r) => r.match === 'sure').map((r) => r.record);
	if (sure.length === 1) return { match: 'sure', records: sure };
	const likely = rated.filter((r) => r.match !== 'none').map((r) => r.record);
	if (likely.length > 0) return { match: 'likely', records: likely };
	return { match: 'none', records: [] };
}

/**
 * Keys a database indexes to fetch the candidates worth classifying. Every pair that
 * classifyMatch rates above 'none' shares at least one key (tested): ASV id and e-mail for rules
 * 1–2, the birth date for rules 3–6, the family name's phonetic code for rule 7 (names that
 * normalise equal have equal codes). A name without a code (not in Latin script) falls back to
 * its normalised form.
 */
export function blockingKeys(record: PersonRecord): string[] {
	const keys: string[] = [];
	const asvId = present(record.asvId);
	if (asvId !== null) keys.push(`asv:${asvId}`);
	const email = present(record.schoolEmail);
	if (email !== null) keys.push(`email:${email.toLowerCase()}`);
	const birthDate = present(record.birthDate);
	if (birthDate !== null) keys.push(`birth:${birthDate}`);
	const code = koelnerPhonetik(record.familyName);
	if (code !== '') keys.push(`phonetic:${code}`);
	else if (normaliseName(record.familyName) !== '') {
		keys.push(`family:${normaliseName(record.familyName)}`);
	}
	return keys;
}
