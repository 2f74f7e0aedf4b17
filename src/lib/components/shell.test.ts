import { describe, expect, it } from 'vitest';
import { activeHref, bottomItems, familyItems, sideItems, type ShellUser } from './shell';

const person = (grants: Partial<ShellUser> = {}): ShellUser => ({
	name: 'Kim',
	staff: false,
	district: false,
	jobs: false,
	audit: false,
	...grants
});
const hrefs = (items: { href: string }[]) => items.map((i) => i.href);

describe('navigation per person', () => {
	it.each([
		['family', person(), ['/start', '/anliegen', '/konto']],
		['staff', person({ staff: true }), ['/start', '/sekretariat', '/konto']],
		['district finance', person({ district: true }), ['/start', '/kreis', '/konto']]
	])('bottom bar for %s', (_, user, expected) => {
		expect(hrefs(bottomItems(user))).toEqual(expected);
	});

	it.each([
		['staff', person({ staff: true }), ['/start', '/sekretariat', '/konto']],
		['district finance', person({ district: true }), ['/start', '/kreis', '/konto']],
		[
			'district admin',
			person({ district: true, jobs: true, audit: true }),
			['/start', '/kreis', '/kreis/auftraege', '/kreis/protokoll', '/konto']
		]
	])('side navigation for %s', (_, user, expected) => {
		expect(hrefs(sideItems(user))).toEqual(expected);
	});
});

describe('activeHref: the deepest item containing the page', () => {
	const district = sideItems(person({ district: true, jobs: true, audit: true }));
	it.each([
		['/kreis', '/kreis'],
		['/kreis/auftraege', '/kreis/auftraege'],
		['/kreis/protokoll/seite-2', '/kreis/protokoll'],
		['/konto/sitzungen', '/konto'],
		['/kreisel', undefined]
	])('%s → %s', (path, expected) => {
		expect(activeHref(district, path)).toBe(expected);
	});

	it('marks nothing on a page outside the navigation', () => {
		expect(activeHref(familyItems(), '/sprache')).toBeUndefined();
	});
});
