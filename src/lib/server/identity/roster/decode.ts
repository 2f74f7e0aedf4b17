// ASV-BW and Excel write class lists as UTF-8 (with or without BOM) or as ISO-8859-1/Windows-1252,
// and the file does not say which. Valid UTF-8 is taken as UTF-8: Latin-1 text with umlauts is
// almost never valid UTF-8 by accident (an umlaut byte would have to be followed by 0x80–0xBF).

export type RosterEncoding = 'utf-8' | 'windows-1252';

export interface DecodedRoster {
	text: string;
	encoding: RosterEncoding;
}

/**
 * Windows-1252 bytes 0x80–0x9F (WHATWG encoding standard); '' marks the five it leaves undefined,
 * which stay the control code of the same number. Written out because Node 20's TextDecoder
 * decodes 'windows-1252' as plain ISO-8859-1 and turns „ “ € – into control codes.
 */
// prettier-ignore
export const WINDOWS_1252_HIGH = [
	'€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '',
	'', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ'
] as const;

export function decodeRoster(bytes: Uint8Array): DecodedRoster {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
	}
	try {
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
		return { text, encoding: 'utf-8' };
	} catch {
		// Not UTF-8. Windows-1252 is ISO-8859-1 plus printable characters (€, „ “, –) where Latin-1
		// has control codes, so it reads both.
		const latin1 = new TextDecoder('windows-1252').decode(bytes);
		const text = latin1.replace(
			/[\u0080-\u009f]/g,
			(c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] || c
		);
		return { text, encoding: 'windows-1252' };
	}
}
