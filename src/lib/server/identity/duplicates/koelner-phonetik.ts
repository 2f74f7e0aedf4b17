// Kölner Phonetik (Hans Joachim Postel, 1969), per the rule table published on
// https://de.wikipedia.org/wiki/K%C3%B6lner_Phonetik (and as Apache commons-codec implements it).
// Written here rather than taken from the npm package `cologne-phonetic` 1.1.1, which deviates
// from that table in two places that matter for names: a final C gives 4 instead of 8 (so
// "Kovač" and "Kovacs" get different codes) and C/K/Q before X give 88 instead of 48.
import { normaliseName } from './normalise';

const VOWELS = 'aeijouy';
const UMLAUT_BASE: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', ß: 's' };

function isOneOf(letter: string | undefined, letters: string): boolean {
	return letter !== undefined && letters.includes(letter);
}

/** The code of one letter, given its neighbours in the word ('' for H and unknown letters). */
function letterCode(prev: string | undefined, letter: string, next: string | undefined): string {
	if (VOWELS.includes(letter)) return '0';
	switch (letter) {
		case 'b':
			return '1';
		case 'p':
			return next === 'h' ? '3' : '1';
		case 'd':
		case 't':
			return isOneOf(next, 'csz') ? '8' : '2';
		case 'f':
		case 'v':
		case 'w':
			return '3';
		case 'g':
		case 'k':
		case 'q':
			return '4';
		case 'c':
			if (isOneOf(prev, 'sz')) return '8';
			if (prev === undefined) return isOneOf(next, 'ahkloqrux') ? '4' : '8'; // at the start of a word
			return isOneOf(next, 'ahkoqux') ? '4' : '8';
		case 'x':
			return isOneOf(prev, 'ckq') ? '8' : '48';
		case 'l':
			return '5';
		case 'm':
		case 'n':
			return '6';
		case 'r':
			return '7';
		case 's':
		case 'z':
			return '8';
		default:
			return ''; // h, and letters outside a–z (a name in Cyrillic script has no code)
	}
}

/**
 * The digits before reduction, word by word: "Müller-Lüdenscheidt" → "60550750206880022".
 * Umlauts count as their base vowel (not "ue"), so the digits equal the published examples.
 */
export function koelnerDigits(text: string): string {
	const plain = text
		.normalize('NFC')
		.toLowerCase()
		.replace(/[äöüß]/gu, (c) => UMLAUT_BASE[c]);
	return normaliseName(plain)
		.split(' ')
		.map((word) =>
			[...word].map((letter, i, all) => letterCode(all[i - 1], letter, all[i + 1])).join('')
		)
		.join('');
}

/**
 * The Kölner Phonetik code: "Müller-Lüdenscheidt" → "65752682", "Meier" = "Mayr" = "67".
 * Repeated digits collapse first, then every 0 but a leading one goes.
 */
export function koelnerPhonetik(text: string): string {
	const collapsed = koelnerDigits(text).replace(/(\d)\1+/g, '$1');
	return collapsed.charAt(0) + collapsed.slice(1).replaceAll('0', '');
}
