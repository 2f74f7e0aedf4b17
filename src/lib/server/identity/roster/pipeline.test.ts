// The whole preview path, as the import page will run it: bytes → text → rows → mapping → checks.
import { describe, expect, it } from 'vitest';
import { decodeRoster } from './decode';
import { FIXTURE_CLASSES, generateRosterCsv, type RosterCsvOptions } from './fixtures';
import { applyMapping, suggestMapping } from './mapping';
import { parseRosterCsv } from './parse';
import { validateRoster } from './validate';

const today = '2026-09-15';

function preview(bytes: Uint8Array) {
	const { text, encoding } = decodeRoster(bytes);
	const parsed = parseRosterCsv(text);
	if (!parsed.ok) throw new Error(parsed.error);
	const { mapping, missing } = suggestMapping(parsed.headers);
	const result = validateRoster(applyMapping(parsed.rows, mapping), {
		knownClasses: FIXTURE_CLASSES,
		today
	});
	return { encoding, missing, ...result };
}

describe('roster preview from a file', () => {
	it('flags exactly the one broken row of 2,000 in an ISO-8859-1/Windows-1252 file, umlauts intact', () => {
		const bytes = generateRosterCsv({
			rows: 2_000,
			encoding: 'windows-1252',
			seed: 3,
			overrides: { 1_234: { birthDate: '' } }
		});
		const result = preview(bytes);

		expect(result.encoding).toBe('windows-1252');
		expect(result.missing).toEqual([]);
		expect(result.summary).toEqual({ rows: 2_000, valid: 1_999, invalid: 1 });
		const flagged = result.rows.filter((r) => r.errors.length > 0);
		// Data row 1,234 (0-based) stands on line 1,236: the header is line 1.
		expect(flagged.map((r) => [r.line, r.errors])).toEqual([
			[1_236, [{ field: 'birthDate', key: 'roster_error_birth_date_missing' }]]
		]);
		const names = result.rows.map((r) => r.data.familyName);
		expect(names).toContain('Müller');
		expect(names).toContain('Weiß');
		expect(names).toContain('Çelik');
		expect(result.rows.some((r) => r.data.company === 'Praxis Dr. Öztürk; Zahnmedizin')).toBe(true);
		expect(result.rows.some((r) => r.data.company === 'Café "Zur Post"')).toBe(true);
	});

	it.each([
		['utf-8', false],
		['utf-8', true],
		['windows-1252', false]
	] as const)('reads its own %s file (BOM %s) back without an error', (encoding, bom) => {
		const result = preview(generateRosterCsv({ rows: 300, encoding, bom, seed: 11 }));
		expect(result.encoding).toBe(encoding);
		expect(result.summary).toEqual({ rows: 300, valid: 300, invalid: 0 });
	});

	it('keeps letters Windows-1252 lacks when the file is UTF-8', () => {
		const bytes = generateRosterCsv({
			rows: 3,
			encoding: 'utf-8',
			seed: 1,
			overrides: { 0: { familyName: 'Yılmaz' }, 1: { givenNames: 'Оксана' } }
		});
		const [first, second] = preview(bytes).rows;
		expect(first.data.familyName).toBe('Yılmaz');
		expect(second.data.givenNames).toBe('Оксана');
	});

	it('parses and checks 20,000 rows', () => {
		const result = preview(generateRosterCsv({ rows: 20_000, encoding: 'windows-1252', seed: 20 }));
		expect(result.summary).toEqual({ rows: 20_000, valid: 20_000, invalid: 0 });
		expect(new Set(result.rows.map((r) => r.data.asvId)).size).toBe(20_000);
	});
});

describe('generateRosterCsv', () => {
	const options: RosterCsvOptions = { rows: 50, encoding: 'windows-1252', seed: 7 };

	it('gives the same bytes for the same seed and others for another', () => {
		expect(generateRosterCsv(options)).toEqual(generateRosterCsv(options));
		expect(generateRosterCsv({ ...options, seed: 8 })).not.toEqual(generateRosterCsv(options));
	});

	it('writes umlauts as single Latin-1 bytes, CRLF line ends and a BOM only when asked', () => {
		const cp1252 = generateRosterCsv(options);
		expect(cp1252.subarray(0, 4)).toEqual(new Uint8Array([0x53, 0x63, 0x68, 0xfc])); // "Schü"
		expect(cp1252.at(-2)).toBe(0x0d);
		expect(cp1252.at(-1)).toBe(0x0a);
		const bom = generateRosterCsv({ ...options, encoding: 'utf-8', bom: true });
		expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(generateRosterCsv({ ...options, encoding: 'utf-8' })[0]).toBe(0x53);
	});
});
