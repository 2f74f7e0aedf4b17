import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translatableKeys } from './translate';

function serverSources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return serverSources(full);
		return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
	});
}

describe('translate', () => {
	it('knows every error key the server code hands to pages', () => {
		const used = new Set<string>();
		for (const file of [...serverSources('src/lib/server'), ...serverSources('src/routes')])
			for (const match of readFileSync(file, 'utf8').matchAll(/'(error_[a-z_]+)'/g))
				used.add(match[1]);
		expect(used.size).toBeGreaterThan(5);
		const missing = [...used].filter((key) => !translatableKeys().includes(key));
		expect(missing).toEqual([]);
	});

	it('has German and English texts for each key', () => {
		const de = JSON.parse(readFileSync('messages/de.json', 'utf8'));
		const en = JSON.parse(readFileSync('messages/en.json', 'utf8'));
		for (const key of translatableKeys()) {
			expect(de[key], key).toBeTypeOf('string');
			expect(en[key], key).toBeTypeOf('string');
		}
	});
});
