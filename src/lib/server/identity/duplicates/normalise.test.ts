import { describe, expect, it } from 'vitest';
import { caseFoldName, nameParts, normaliseName } from './normalise';

describe('normaliseName', () => {
	it.each([
		// input, normalised
		['Müller', 'mueller'],
		['MÜLLER', 'mueller'],
		['Mueller', 'mueller'],
		['Müller-Lüdenscheidt', 'mueller luedenscheidt'],
		['Mueller Luedenscheidt', 'mueller luedenscheidt'],
		['  Mueller   –  Luedenscheidt ', 'mueller luedenscheidt'], // en dash, extra spaces
		['Björn', 'bjoern'],
		['ÄNNE', 'aenne'],
		['Groß', 'gross'],
		['GROẞ', 'gross'], // capital sharp s
		['Straße', 'strasse'],
		['Mu\u0308ller', 'mueller'], // decomposed ü (u + combining diaeresis)
		['José', 'jose'],
		['François', 'francois'],
		['Noël', 'noel'], // ë is no German umlaut: no e added
		['Çelik', 'celik'],
		['Yılmaz', 'yilmaz'], // Turkish dotless ı
		['İlayda', 'ilayda'], // Turkish capital dotted İ
		['Ağaoğlu', 'agaoglu'],
		['Şahin', 'sahin'],
		['Wałęsa', 'walesa'],
		['Søren', 'soren'],
		['Æsir', 'aesir'],
		['Œuvray', 'oeuvray'],
		['Đurić', 'duric'],
		['Dvořák', 'dvorak'],
		['Məmmədov', 'mammadov'], // Azerbaijani ə
		["O'Brien", 'obrien'],
		['O’Brien', 'obrien'], // typographic apostrophe
		["Ukrayins'kyi", 'ukrayinskyi'], // soft sign in Ukrainian transliteration
		['Anna-Lena', 'anna lena'],
		['Anna‐Lena', 'anna lena'], // U+2010 hyphen
		['St. John', 'st john'],
		['Шевченко', 'шевченко'], // other scripts stay, lower-cased
		['', ''],
		['  -  ', '']
	])('%s → %s', (input, normalised) => {
		expect(normaliseName(input)).toBe(normalised);
	});

	it.each([
		['Müller-Lüdenscheidt', 'Mueller Luedenscheidt'],
		['Anna-Lena', 'anna lena'],
		['Yılmaz', 'YILMAZ'],
		['José', 'JOSE'],
		['Groß', 'GROSS']
	])('%s and %s normalise equal', (a, b) => {
		expect(normaliseName(a)).toBe(normaliseName(b));
	});
});

describe('caseFoldName', () => {
	it.each([
		// Only case, composition and separators fold: letters stay as written
		['MÜLLER', 'müller'],
		['Müller-Lüdenscheidt', 'müller lüdenscheidt'],
		['Anna  Lena', 'anna lena'],
		['Mu\u0308ller', 'müller'], // decomposed and composed ü are one spelling
		['GROẞ', 'groß'],
		['José', 'josé'],
		["O'Brien", 'obrien'],
		[' Jonas ', 'jonas']
	])('%s → %s', (input, folded) => {
		expect(caseFoldName(input)).toBe(folded);
	});

	it.each([
		['Müller', 'Mueller'],
		['José', 'Jose'],
		['Yılmaz', 'Yilmaz'],
		['Groß', 'GROSS']
	])('%s and %s stay different (transliteration is not a case variant)', (a, b) => {
		expect(caseFoldName(a)).not.toBe(caseFoldName(b));
	});
});

describe('nameParts', () => {
	it.each([
		['Anna-Lena', ['anna', 'lena']],
		['Anna Lena', ['anna', 'lena']],
		['Lena Anna', ['anna', 'lena']], // a set: order does not count
		['Jörg-Jürgen Jörg', ['joerg', 'juergen']], // repeated part once
		['Müller-Lüdenscheidt', ['luedenscheidt', 'mueller']],
		['  ', []]
	])('%s → %j', (input, parts) => {
		expect([...nameParts(input)].sort()).toEqual(parts);
	});
});
