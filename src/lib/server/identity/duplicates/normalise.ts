// Two foldings of a name, for duplicate matching (issue 3, item 7):
// - caseFoldName keeps every letter as written and forgets only case, Unicode composition and
//   separators. Names equal under it are the same spelling: a sure match may rest on it.
// - normaliseName also transliterates (ä→ae, ß→ss) and strips accents, so "Müller" and "Mueller",
//   "Yılmaz" and "Yilmaz" become equal. That is evidence, not proof: only a likely match.

// Apostrophes vanish rather than split, so "O'Brien" = "OBrien" and the Ukrainian soft sign
// ("Ukrayins'kyi") does not cut a name in two.
const APOSTROPHES = /['’‘`´ʼʻ]/gu;
// Everything else that is not a letter or digit (hyphens of every kind, dots, spaces) separates parts.
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

// Letters that Unicode does not decompose into base letter + mark, so NFD cannot strip them.
const UNDECOMPOSABLE: Record<string, string> = {
	ı: 'i', // Turkish dotless i
	ł: 'l',
	ø: 'o',
	æ: 'ae',
	œ: 'oe',
	đ: 'd',
	ð: 'd',
	þ: 'th',
	ħ: 'h',
	ə: 'a' // Azerbaijani schwa, as in "Mammadov"
};

function unifySeparators(s: string): string {
	return s.replace(APOSTROPHES, '').replace(SEPARATORS, ' ').trim();
}

/** Case, composition and separators only: "MÜLLER-Lüdenscheidt" = "müller lüdenscheidt". */
export function caseFoldName(s: string): string {
	return unifySeparators(s.normalize('NFC').toLowerCase());
}

/** Lower case, German transliteration, accents stripped, separators unified: "Müller-Lüdenscheidt" = "mueller luedenscheidt". */
export function normaliseName(s: string): string {
	const lower = s.normalize('NFC').toLowerCase(); // NFC first: a decomposed "u + ¨" becomes "ü"
	const german = lower.replace(/[äöüß]/gu, (c) => GERMAN[c]);
	const special = german.replace(/[ıłøæœđðþħə]/gu, (c) => UNDECOMPOSABLE[c]);
	const unaccented = special.normalize('NFD').replace(/\p{M}/gu, '');
	return unifySeparators(unaccented);
}

/** The normalised parts of a name: "Anna-Lena" → {anna, lena}. */
export function nameParts(s: string): Set<string> {
	return new Set(
		normaliseName(s)
			.split(' ')
			.filter((part) => part !== '')
	);
}
