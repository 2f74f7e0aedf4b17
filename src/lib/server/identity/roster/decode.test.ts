import { describe, expect, it } from 'vitest';
import { decodeRoster } from './decode';
import { encodeWindows1252 } from './fixtures';

const text = 'Familienname;Vorname\r\nMüller;Jürgen\r\nWeiß;Zoë\r\nÇelik;Ömer\r\n';
const utf8 = new TextEncoder().encode(text);

describe('decodeRoster', () => {
	it.each([
		['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'utf-8'],
		['UTF-8 without BOM', utf8, 'utf-8'],
		['Windows-1252 / ISO-8859-1', encodeWindows1252(text), 'windows-1252']
	] as const)('%s → umlauts, ß and Ç intact', (_, bytes, encoding) => {
		const decoded = decodeRoster(bytes);
		expect(decoded).toEqual({ text, encoding });
		expect(decoded.text).toContain('Müller');
		expect(decoded.text).toContain('Weiß');
		expect(decoded.text).toContain('Çelik');
	});

	it('reads the bytes ISO-8859-1 lacks but Windows-1252 has (€, „ “, –)', () => {
		const bytes = new Uint8Array([0x80, 0x20, 0x84, 0x4b, 0x93, 0x20, 0x96, 0x20, 0xfc]);
		expect(decodeRoster(bytes)).toEqual({ text: '€ „K“ – ü', encoding: 'windows-1252' });
	});

	it('takes a file of plain ASCII as UTF-8', () => {
		expect(decodeRoster(new TextEncoder().encode('Name;Klasse\n'))).toEqual({
			text: 'Name;Klasse\n',
			encoding: 'utf-8'
		});
	});

	it('takes a file as Windows-1252 when only its last byte breaks UTF-8', () => {
		const bytes = new Uint8Array([...new TextEncoder().encode('Name\nMaier\n'), 0xdf]);
		expect(decodeRoster(bytes)).toEqual({ text: 'Name\nMaier\nß', encoding: 'windows-1252' });
	});

	it('drops the BOM from the text', () => {
		const { text: decoded } = decodeRoster(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));
		expect(decoded).toBe('A');
	});
});
