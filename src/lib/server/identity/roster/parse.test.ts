import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseRosterCsv } from './parse';

function ok(text: string) {
	const parsed = parseRosterCsv(text);
	if (!parsed.ok) throw new Error(`not parsed: ${parsed.error}`);
	return parsed;
}

describe('detectDelimiter', () => {
	it.each([
		['Name;Vorname;Klasse\n', ';'],
		['Name,Vorname,Klasse\n', ','],
		['Name\tVorname\tKlasse\n', '\t'],
		// A comma inside a ';' header does not make it a comma file.
		['Name;Vorname, Rufname;Klasse\n', ';'],
		['\n\nName,Vorname\n', ','],
		['Name\n', ';']
	])('%j → %j', (text, delimiter) => {
		expect(detectDelimiter(text)).toBe(delimiter);
	});
});

describe('parseRosterCsv', () => {
	it('reads a semicolon file with CRLF, trims cells and counts lines from the header', () => {
		const parsed = ok('Name ; Vorname\r\n Müller ;Jürgen \r\nWeiß;Zoë\r\n');
		expect(parsed.delimiter).toBe(';');
		expect(parsed.headers).toEqual(['Name', 'Vorname']);
		expect(parsed.rows).toEqual([
			{ line: 2, cells: ['Müller', 'Jürgen'] },
			{ line: 3, cells: ['Weiß', 'Zoë'] }
		]);
	});

	it('keeps delimiters and doubled quotes inside quoted cells', () => {
		const parsed = ok('Name;Betrieb\nA;"Praxis; Zahnmedizin"\nB;"Café ""Zur Post"""\n');
		expect(parsed.rows.map((r) => r.cells[1])).toEqual(['Praxis; Zahnmedizin', 'Café "Zur Post"']);
	});

	it('skips blank lines and lines of only delimiters, and keeps the file line numbers', () => {
		const parsed = ok('Name;Klasse\r\n\r\nA;1\r\n;;\r\n   \r\nB;2\r\n;\r\n');
		expect(parsed.rows).toEqual([
			{ line: 3, cells: ['A', '1'] },
			{ line: 6, cells: ['B', '2'] }
		]);
	});

	it('gives the start line of a record whose quoted cell spans lines (CRLF or LF)', () => {
		for (const nl of ['\r\n', '\n']) {
			const parsed = ok(`Name;Betrieb${nl}A;"Zeile 1${nl}Zeile 2"${nl}B;x${nl}`);
			expect(parsed.rows.map((r) => r.line)).toEqual([2, 4]);
			expect(parsed.rows[0].cells[1]).toBe('Zeile 1\nZeile 2');
		}
	});

	it('pads short rows and drops cells past the last header', () => {
		const parsed = ok('A;B;C\n1\n1;2;3;4\n');
		expect(parsed.rows.map((r) => r.cells)).toEqual([
			['1', '', ''],
			['1', '2', '3']
		]);
	});

	it('reads comma and tab files', () => {
		expect(ok('Name,Klasse\nMüller,"2BK,1"\n').rows[0].cells).toEqual(['Müller', '2BK,1']);
		expect(ok('Name\tKlasse\nMüller\t2BK1\n').rows[0].cells).toEqual(['Müller', '2BK1']);
	});

	it('ignores a BOM left in the text', () => {
		expect(ok('\uFEFFSchüler-ID;Name\n1;A\n').headers).toEqual(['Schüler-ID', 'Name']);
	});

	it('refuses an unclosed quote with the line where reading stopped, and an empty file', () => {
		expect(parseRosterCsv('Name;Klasse\nA;1\nB;"2\n')).toEqual({
			ok: false,
			error: 'roster_error_csv_malformed',
			line: 3
		});
		expect(parseRosterCsv('')).toEqual({ ok: false, error: 'roster_error_file_empty' });
		expect(parseRosterCsv('\r\n;;;\r\n')).toEqual({ ok: false, error: 'roster_error_file_empty' });
	});
});
