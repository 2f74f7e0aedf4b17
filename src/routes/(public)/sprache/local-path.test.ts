import { describe, expect, it } from 'vitest';
import { localPath } from './local-path';

const ORIGIN = 'http://localhost:3200';

describe('localPath: only paths on this site', () => {
	it.each([
		['/konto/sitzungen', '/konto/sitzungen'],
		['/anmelden?next=%2Fkonto', '/anmelden?next=%2Fkonto'],
		['/start#inhalt', '/start'],
		['//evil.example/x', '/'],
		['/\\evil.example', '/'],
		['https://evil.example/', '/'],
		['javascript:alert(1)', '/'],
		['konto', '/'],
		['', '/'],
		[null, '/']
	])('%s → %s', (input, expected) => {
		expect(localPath(input, ORIGIN)).toBe(expected);
	});
});
