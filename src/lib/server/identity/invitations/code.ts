// Letter codes are typed from paper: 12 characters from an alphabet without look-alikes (no 0/O,
// 1/I/L), printed in groups of four. 31^12 ≈ 7.9·10^17 codes; only the SHA-256 hash is stored.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 12;

/** A new random code, grouped for print: `ABCD-EFGH-JKMN`. */
export function newLetterCode(): string {
	// Rejection sampling keeps every character equally likely (256 is not a multiple of 31).
	const limit = 256 - (256 % CODE_ALPHABET.length);
	const chars: string[] = [];
	while (chars.length < CODE_LENGTH) {
		const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH * 2));
		for (const b of bytes)
			if (b < limit && chars.length < CODE_LENGTH)
				chars.push(CODE_ALPHABET[b % CODE_ALPHABET.length]);
	}
	return formatLetterCode(chars.join(''));
}

/** What people type: any case, with or without spaces and dashes. */
export const normaliseLetterCode = (input: string) =>
	input.toUpperCase().replace(/[\s\-–—_.]/g, '');

export const formatLetterCode = (code: string) =>
	normaliseLetterCode(code).replace(/(.{4})(?=.)/g, '$1-');

export const isWellFormedLetterCode = (code: string) =>
	new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`).test(normaliseLetterCode(code));

export const hashLetterCode = (code: string) =>
	encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseLetterCode(code))));
