import { describe, expect, it } from 'vitest';
import {
	blockingKeys,
	classifyMatch,
	explainMatch,
	findMatches,
	type MatchClass,
	type MatchRule,
	type PersonRecord
} from './match';

const BORN = '2009-03-14';

function person(
	givenNames: string,
	familyName: string,
	birthDate: string | null = BORN,
	ids: { asvId?: string | null; schoolEmail?: string | null } = {}
): PersonRecord {
	return { givenNames, familyName, birthDate, ...ids };
}

// what, candidate, existing, class, rule
const rows: [string, PersonRecord, PersonRecord, MatchClass, MatchRule][] = [
	// Identifiers
	[
		'same ASV id outweighs names and dates',
		person('Jonas', 'Weber', '2009-01-01', { asvId: 'A-4711' }),
		person('Lea', 'Schmidt', '2010-02-02', { asvId: 'A-4711' }),
		'sure',
		'same-asv-id'
	],
	[
		'ASV id with stray blanks',
		person('Jonas', 'Weber', BORN, { asvId: ' A-4711 ' }),
		person('Jonas', 'Weber', BORN, { asvId: 'A-4711' }),
		'sure',
		'same-asv-id'
	],
	[
		'ASV id without a birth date',
		person('Jonas', 'Weber', null, { asvId: 'A-4711' }),
		person('Jonas', 'Weber', BORN, { asvId: 'A-4711' }),
		'sure',
		'same-asv-id'
	],
	[
		'same school e-mail, other case',
		person('Jonas', 'Weber', BORN, { schoolEmail: 'J.Weber@BSZ-Musterstadt.de' }),
		person('Jonas', 'Weber', BORN, { schoolEmail: 'j.weber@bsz-musterstadt.de' }),
		'sure',
		'same-school-email'
	],
	[
		'same school e-mail, different birth dates',
		person('Jonas', 'Weber', '2009-01-01', { schoolEmail: 'j.weber@bsz.de' }),
		person('Jonas', 'Weber', '2009-01-02', { schoolEmail: 'j.weber@bsz.de' }),
		'sure',
		'same-school-email'
	],
	[
		'different ASV ids hold back a name match',
		person('Jonas', 'Weber', BORN, { asvId: 'A-1' }),
		person('Jonas', 'Weber', BORN, { asvId: 'A-2' }),
		'likely',
		'conflicting-asv-ids'
	],
	[
		'different ASV ids hold back an e-mail match',
		person('Jonas', 'Weber', BORN, { asvId: 'A-1', schoolEmail: 'j@bsz.de' }),
		person('Jonas', 'Weber', BORN, { asvId: 'A-2', schoolEmail: 'j@bsz.de' }),
		'likely',
		'conflicting-asv-ids'
	],
	[
		'different ASV ids, names only similar',
		person('Jonas', 'Müller', BORN, { asvId: 'A-1' }),
		person('Jonas', 'Mueller', BORN, { asvId: 'A-2' }),
		'likely',
		'similar-name'
	],
	[
		'blank ASV ids are no identifier',
		person('Jonas', 'Weber', BORN, { asvId: '' }),
		person('Lea', 'Schmidt', BORN, { asvId: '' }),
		'none',
		'different-names'
	],
	[
		'blank e-mails are no identifier',
		person('Jonas', 'Weber', BORN, { schoolEmail: ' ' }),
		person('Lea', 'Schmidt', BORN, { schoolEmail: ' ' }),
		'none',
		'different-names'
	],
	[
		'ASV id on one side only',
		person('Jonas', 'Weber', BORN, { asvId: 'A-1' }),
		person('Jonas', 'Weber'),
		'sure',
		'same-name'
	],
	// Birth dates
	[
		'same names, different birth dates',
		person('Jonas', 'Weber', '2009-03-14'),
		person('Jonas', 'Weber', '2009-03-15'),
		'none',
		'different-birth-dates'
	],
	[
		'Müller/Mueller, different birth dates',
		person('Jonas', 'Müller', '2009-03-14'),
		person('Jonas', 'Mueller', '2008-03-14'),
		'none',
		'different-birth-dates'
	],
	// Sure: the same spelling up to case, composition and separators
	['same spelling', person('Jonas', 'Weber'), person('Jonas', 'Weber'), 'sure', 'same-name'],
	['upper case', person('Jonas', 'MÜLLER'), person('Jonas', 'Müller'), 'sure', 'same-name'],
	[
		'hyphen or space in a double given name',
		person('Anna-Lena', 'Weber'),
		person('Anna Lena', 'Weber'),
		'sure',
		'same-name'
	],
	[
		'hyphen or space in a double family name',
		person('Jonas', 'Müller-Lüdenscheidt'),
		person('Jonas', 'müller lüdenscheidt'),
		'sure',
		'same-name'
	],
	['stray blanks', person('  Jonas ', 'Weber  '), person('Jonas', 'Weber'), 'sure', 'same-name'],
	[
		'decomposed and composed accent',
		person('Jose\u0301', 'García'),
		person('José', 'García'),
		'sure',
		'same-name'
	],
	['apostrophe', person('Liam', "O'Brien"), person('Liam', 'OBrien'), 'sure', 'same-name'],
	[
		'Cyrillic, upper case',
		person('СЕРГІЙ', 'ШЕВЧЕНКО'),
		person('Сергій', 'Шевченко'),
		'sure',
		'same-name'
	],
	// Likely: transliteration and accents (issue 3 done-when: "Müller" → "Mueller" is a possible duplicate)
	[
		'Müller became Mueller',
		person('Jonas', 'Mueller'),
		person('Jonas', 'Müller'),
		'likely',
		'similar-name'
	],
	[
		'umlaut dropped',
		person('Jonas', 'Muller'),
		person('Jonas', 'Müller'),
		'likely',
		'similar-name'
	],
	[
		'ß written ss in capitals',
		person('Jonas', 'GROSS'),
		person('Jonas', 'Groß'),
		'likely',
		'similar-name'
	],
	['accent dropped', person('Jose', 'Garcia'), person('José', 'García'), 'likely', 'similar-name'],
	[
		'Turkish dotless ı dropped',
		person('Emre', 'Yilmaz'),
		person('Emre', 'Yılmaz'),
		'likely',
		'similar-name'
	],
	['Turkish ş dropped', person('Elif', 'Sahin'), person('Elif', 'Şahin'), 'likely', 'similar-name'],
	['Turkish ç dropped', person('Mert', 'Celik'), person('Mert', 'Çelik'), 'likely', 'similar-name'],
	[
		'Turkish ö/ü transliterated',
		person('Deniz', 'Oeztuerk'),
		person('Deniz', 'Öztürk'),
		'likely',
		'similar-name'
	],
	[
		'Turkish ö/ü dropped',
		person('Deniz', 'Ozturk'),
		person('Deniz', 'Öztürk'),
		'likely',
		'similar-name'
	],
	[
		'Ayşe written the German way',
		person('Aysche', 'Kaya'),
		person('Ayşe', 'Kaya'),
		'likely',
		'similar-name'
	],
	[
		'Mehmet / Mehmed',
		person('Mehmed', 'Arslan'),
		person('Mehmet', 'Arslan'),
		'likely',
		'similar-name'
	],
	[
		'Turkish İ in capitals',
		person('İLAYDA', 'DOĞAN'),
		person('Ilayda', 'Dogan'),
		'likely',
		'similar-name'
	],
	// Ukrainian transliterations
	[
		'Kovalenko / Kowalenko',
		person('Oleksandr', 'Kowalenko'),
		person('Oleksandr', 'Kovalenko'),
		'likely',
		'similar-name'
	],
	[
		'Yuliia / Julija',
		person('Julija', 'Bondarenko'),
		person('Yuliia', 'Bondarenko'),
		'likely',
		'similar-name'
	],
	[
		'Andrii / Andrij',
		person('Andrij', 'Melnyk'),
		person('Andrii', 'Melnyk'),
		'likely',
		'similar-name'
	],
	[
		'Tkachenko / Tkatschenko',
		person('Iryna', 'Tkatschenko'),
		person('Iryna', 'Tkachenko'),
		'likely',
		'similar-name'
	],
	[
		'Oleksandr / Alexander',
		person('Alexander', 'Kravets'),
		person('Oleksandr', 'Kravets'),
		'likely',
		'similar-name'
	],
	[
		'Mykola / Nikolai',
		person('Nikolai', 'Savchuk'),
		person('Mykola', 'Savchuk'),
		'likely',
		'similar-name'
	],
	[
		'Serhii / Serhiy',
		person('Serhiy', 'Lysenko'),
		person('Serhii', 'Lysenko'),
		'likely',
		'similar-name'
	],
	[
		'limit: Shevchenko / Schewtschenko too far apart (ASV id catches it)',
		person('Taras', 'Schewtschenko'),
		person('Taras', 'Shevchenko'),
		'none',
		'different-names'
	],
	// Double names
	[
		'double given name written as one',
		person('Annalena', 'Weber'),
		person('Anna-Lena', 'Weber'),
		'likely',
		'similar-name'
	],
	[
		'listed with one of two given names',
		person('Anna', 'Weber'),
		person('Anna Lena', 'Weber'),
		'likely',
		'similar-name'
	],
	[
		'listed with the second given name',
		person('Lena', 'Weber'),
		person('Anna Lena', 'Weber'),
		'likely',
		'similar-name'
	],
	[
		'given names in swapped order',
		person('Lena Anna', 'Weber'),
		person('Anna Lena', 'Weber'),
		'likely',
		'similar-name'
	],
	[
		'one part of a double family name',
		person('Jonas', 'Weber'),
		person('Jonas', 'Schmidt-Weber'),
		'likely',
		'similar-name'
	],
	[
		'Müller-Lüdenscheidt / Müller',
		person('Jonas', 'Müller'),
		person('Jonas', 'Müller-Lüdenscheidt'),
		'likely',
		'similar-name'
	],
	// Typos and spelling variants
	[
		'Schneider / Schnieder',
		person('Paul', 'Schnieder'),
		person('Paul', 'Schneider'),
		'likely',
		'similar-name'
	],
	['Meier / Mayer', person('Paul', 'Mayer'), person('Paul', 'Meier'), 'likely', 'similar-name'],
	[
		'Schmidt / Schmitt',
		person('Paul', 'Schmitt'),
		person('Paul', 'Schmidt'),
		'likely',
		'similar-name'
	],
	[
		'Hannah / Hanna',
		person('Hanna', 'Fischer'),
		person('Hannah', 'Fischer'),
		'likely',
		'similar-name'
	],
	[
		'Christina / Kristina',
		person('Kristina', 'Fischer'),
		person('Christina', 'Fischer'),
		'likely',
		'similar-name'
	],
	[
		'Maximilian / Maximillian',
		person('Maximillian', 'Fischer'),
		person('Maximilian', 'Fischer'),
		'likely',
		'similar-name'
	],
	[
		'typo in both names',
		person('Jnoas', 'Webber'),
		person('Jonas', 'Weber'),
		'likely',
		'similar-name'
	],
	// Twins: same birth date and family name, different given names
	[
		'twins Emre / Elif',
		person('Emre', 'Yılmaz'),
		person('Elif', 'Yılmaz'),
		'none',
		'different-names'
	],
	['twins Max / Mia', person('Max', 'Becker'), person('Mia', 'Becker'), 'none', 'different-names'],
	[
		'twins Jonas / Lukas',
		person('Jonas', 'Becker'),
		person('Lukas', 'Becker'),
		'none',
		'different-names'
	],
	[
		'twins Ali / Ella: same code 05, a false alarm for the queue',
		person('Ali', 'Demir'),
		person('Ella', 'Demir'),
		'likely',
		'similar-name'
	],
	[
		'twins Emma / Paul',
		person('Emma', 'Demir'),
		person('Paul', 'Demir'),
		'none',
		'different-names'
	],
	[
		'twins Lea / Leo: one letter apart, a false alarm for the queue',
		person('Lea', 'Wagner'),
		person('Leo', 'Wagner'),
		'likely',
		'similar-name'
	],
	// Swapped fields, other people
	[
		'given and family name swapped',
		person('Karimi', 'Ahmad'),
		person('Ahmad', 'Karimi'),
		'likely',
		'swapped-names'
	],
	[
		'different people, same birth date',
		person('Jonas', 'Weber'),
		person('Lea', 'Schmidt'),
		'none',
		'different-names'
	],
	[
		'same given name, other family name (name change is not found by names)',
		person('Anna', 'Weber'),
		person('Anna', 'Schmidt'),
		'none',
		'different-names'
	],
	[
		'same family name, other given name',
		person('Paul', 'Fischer'),
		person('Sophie', 'Fischer'),
		'none',
		'different-names'
	],
	[
		'Latin vs Cyrillic script',
		person('Serhii', 'Shevchenko'),
		person('Сергій', 'Шевченко'),
		'none',
		'different-names'
	],
	// A birth date missing: at most likely, and names must normalise equal
	[
		'candidate without birth date, same spelling',
		person('Thomas', 'Weber', null),
		person('Thomas', 'Weber'),
		'likely',
		'same-name-no-birth-date'
	],
	[
		'both without birth date',
		person('Thomas', 'Weber', null),
		person('Thomas', 'Weber', null),
		'likely',
		'same-name-no-birth-date'
	],
	[
		'without birth date, Müller / Mueller',
		person('Thomas', 'Mueller', null),
		person('Thomas', 'Müller'),
		'likely',
		'same-name-no-birth-date'
	],
	[
		'without birth date, one of two given names',
		person('Anna', 'Weber'),
		person('Anna Lena', 'Weber', null),
		'likely',
		'same-name-no-birth-date'
	],
	[
		'without birth date, Meier / Mayer is too weak',
		person('Thomas', 'Mayer', null),
		person('Thomas', 'Meier'),
		'none',
		'different-names'
	],
	[
		'without birth date, other given name',
		person('Thomas', 'Weber', null),
		person('Stefan', 'Weber'),
		'none',
		'different-names'
	],
	[
		'without birth date, empty names',
		person('', '', null),
		person('', '', null),
		'none',
		'different-names'
	],
	[
		'without birth date, same e-mail',
		person('Thomas', 'Weber', null, { schoolEmail: 't.weber@bsz.de' }),
		person('Tom', 'Weber', null, { schoolEmail: 't.weber@bsz.de' }),
		'sure',
		'same-school-email'
	]
];

describe('classifyMatch', () => {
	it.each(rows)('%s', (_what, candidate, existing, match, rule) => {
		expect(explainMatch(candidate, existing)).toEqual({ match, rule });
		expect(classifyMatch(candidate, existing)).toBe(match);
	});

	it.each(rows)('is symmetric: %s', (_what, candidate, existing, match) => {
		expect(classifyMatch(existing, candidate)).toBe(match);
	});
});

describe('blockingKeys', () => {
	const matching = rows.filter(([, , , match]) => match !== 'none');

	it.each(matching)('every match shares a key: %s', (_what, candidate, existing) => {
		const keys = new Set(blockingKeys(existing));
		expect(blockingKeys(candidate).some((key) => keys.has(key))).toBe(true);
	});

	it.each([
		[
			person('Jonas', 'Müller', '2009-03-14', {
				asvId: ' A-4711 ',
				schoolEmail: 'J.Mueller@BSZ.de'
			}),
			['asv:A-4711', 'email:j.mueller@bsz.de', 'birth:2009-03-14', 'phonetic:657']
		],
		[person('Jonas', 'Mueller', null), ['phonetic:657']],
		[
			person('Anna', 'Müller-Lüdenscheidt', null, { asvId: '', schoolEmail: null }),
			['phonetic:65752682']
		],
		[person('Сергій', 'Шевченко', BORN), ['birth:2009-03-14', 'family:шевченко']], // no phonetic code outside Latin script
		[person('', '', null), []]
	])('%j → %j', (record, keys) => {
		expect(blockingKeys(record)).toEqual(keys);
	});
});

describe('findMatches', () => {
	const roster = [
		{ id: 1, ...person('Jonas', 'Müller') },
		{ id: 2, ...person('Lea', 'Müller') }, // Jonas's twin sister
		{ id: 3, ...person('Jonas', 'Müller', '2010-05-05') }, // another Jonas Müller
		{ id: 4, ...person('Paul', 'Weber') },
		{ id: 5, ...person('Paul', 'Webber') },
		{ id: 6, ...person('Emre', 'Yılmaz', BORN, { asvId: 'A-6' }) }
	];

	function ids(result: { records: { id: number }[] }) {
		return result.records.map((r) => r.id);
	}

	it('re-importing "Müller" as "Mueller" yields exactly one possible duplicate (issue 3 done-when)', () => {
		const result = findMatches(person('Jonas', 'Mueller'), roster);
		expect(result.match).toBe('likely');
		expect(ids(result)).toEqual([1]);
	});

	it('links a single sure match and ignores likely ones beside it', () => {
		const result = findMatches(person('Paul', 'Weber'), roster);
		expect(result).toEqual({ match: 'sure', records: [roster[3]] });
	});

	it('links by ASV id even when the names changed', () => {
		const result = findMatches(person('Emre Can', 'Yilmaz-Kaya', BORN, { asvId: 'A-6' }), roster);
		expect(result).toEqual({ match: 'sure', records: [roster[5]] });
	});

	it('turns two sure matches into likely, listing all candidates', () => {
		const withDuplicate = [...roster, { id: 7, ...person('Paul', 'WEBER') }];
		const result = findMatches(person('Paul', 'Weber'), withDuplicate);
		expect(result.match).toBe('likely');
		expect(ids(result)).toEqual([4, 5, 7]);
	});

	it('lists every likely match', () => {
		const result = findMatches(person('Paul', 'Webar'), roster);
		expect(result.match).toBe('likely');
		expect(ids(result)).toEqual([4, 5]);
	});

	it('finds nobody for a new person', () => {
		expect(findMatches(person('Sophie', 'Fischer'), roster)).toEqual({
			match: 'none',
			records: []
		});
	});

	it('finds nobody in an empty list', () => {
		expect(findMatches(person('Sophie', 'Fischer'), [])).toEqual({ match: 'none', records: [] });
	});
});
