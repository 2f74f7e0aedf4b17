// The mapping step: a file whose headers the default mapping does not know is previewed with the
// office's column choices (as the form sends them) and imported with the same choices.
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	createAccount,
	createClass,
	createSchool,
	createSchoolYear,
	grantRole
} from '../../../../../tests/helpers/factories';
import { setClock } from '../../clock';
import type { Actor } from '../../policy';
import { importRoster, previewRoster } from './import-service';
import { mappingInputName, parseMappingForm, ROSTER_FIELDS, type RosterField } from './mapping';

useTestDatabase();

const NOW = new Date('2026-10-01T08:00:00Z');
beforeEach(() => setClock(NOW));
afterAll(() => setClock(undefined));

let school = '';
let secretary: Actor;
let otherSecretary: Actor;

beforeAll(async () => {
	setClock(NOW);
	school = await createSchool();
	const year = await createSchoolYear({ startsOn: '2026-08-01', endsOn: '2027-07-31' });
	await createClass({ schoolId: school, schoolYearId: year, name: 'WG11' });
	const a = await createAccount();
	await grantRole(a.personId, 'secretary', { schoolId: school });
	secretary = await actorFor(a.accountId);
	const b = await createAccount();
	await grantRole(b.personId, 'secretary', { schoolId: await createSchool() });
	otherSecretary = await actorFor(b.accountId);
});

// Headers as a school's own spreadsheet might have them: "Nr.", "Geboren am", "Kurs" are unknown.
const FILE = new TextEncoder().encode(
	[
		'Nr.;Nachname;Vorname;Geboren am;Kurs;Notiz',
		'8001;Kübler;Zoë;01.02.2009;WG11;x',
		'8002;Fuß;Björn;03.04.2009;wg 11;'
	].join('\r\n') + '\r\n'
);

function form(choices: Partial<Record<RosterField, string>>) {
	const data = new FormData();
	for (const field of ROSTER_FIELDS) data.set(mappingInputName(field), choices[field] ?? '');
	return data;
}

describe('mapping form', () => {
	it('reads column choices, ignores "not in the file", rejects out-of-range and double use', () => {
		expect(parseMappingForm(new FormData(), 6)).toBeNull();
		expect(parseMappingForm(form({ asvId: '0', familyName: '1', company: '' }), 6)).toEqual({
			mapping: { asvId: 0, familyName: 1 },
			errors: {}
		});
		expect(
			parseMappingForm(form({ asvId: '0', familyName: '0', sex: '9', givenNames: 'x' }), 6)
		).toEqual({
			mapping: { asvId: 0 },
			errors: {
				familyName: 'roster_error_column_twice',
				givenNames: 'roster_error_column_invalid',
				sex: 'roster_error_column_invalid'
			}
		});
	});
});

describe('previewing and importing with the office mapping', () => {
	it('names the missing fields first, then previews and imports with the chosen columns', async () => {
		const first = await previewRoster(secretary, school, FILE);
		if (!first.ok) throw new Error('preview failed');
		expect(first.value.headers).toEqual([
			'Nr.',
			'Nachname',
			'Vorname',
			'Geboren am',
			'Kurs',
			'Notiz'
		]);
		expect(first.value.missing).toEqual(['asvId', 'birthDate', 'className']);
		expect(first.value.mapping).toEqual({ familyName: 1, givenNames: 2 });

		const chosen = parseMappingForm(
			form({ asvId: '0', familyName: '1', givenNames: '2', birthDate: '3', className: '4' }),
			first.value.headers.length
		)!;
		expect(chosen.errors).toEqual({});
		const second = await previewRoster(secretary, school, FILE, chosen.mapping);
		if (!second.ok) throw new Error('preview failed');
		expect(second.value.missing).toEqual([]);
		expect(second.value.summary).toEqual({ rows: 2, valid: 2, invalid: 0 });
		expect(second.value.rows[1].data).toMatchObject({
			asvId: '8002',
			familyName: 'Fuß',
			birthDate: '2009-04-03',
			className: 'WG11'
		});

		// A required field left out is still missing; the import refuses it.
		const partial = { ...chosen.mapping, birthDate: undefined };
		const third = await previewRoster(secretary, school, FILE, partial);
		expect(third.ok && third.value.missing).toEqual(['birthDate']);
		expect(await importRoster(secretary, school, FILE, partial)).toMatchObject({
			ok: false,
			errors: { birthDate: 'roster_error_column_missing' }
		});

		expect(await importRoster(secretary, school, FILE, chosen.mapping)).toEqual({
			ok: true,
			value: { created: 2, updated: 0, left: 0, flagged: 0 }
		});
	});

	it('refuses the secretary of another school', async () => {
		const status = await previewRoster(otherSecretary, school, FILE, { asvId: 0 }).then(
			() => 'allowed',
			(e: unknown) => (isHttpError(e) ? e.status : e)
		);
		expect(status).toBe(403);
	});
});
