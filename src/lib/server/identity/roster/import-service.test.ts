import { isHttpError } from '@sveltejs/kit';
import { and, count, eq, isNull } from 'drizzle-orm';
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
import { auditLog } from '../../audit/schema';
import { setClock } from '../../clock';
import { db } from '../../db';
import type { Actor } from '../../policy';
import { classes, classMemberships, people, possibleDuplicates, rosterImports } from '../schema';
import { decodeRoster } from './decode';
import { encodeWindows1252, FIXTURE_CLASSES, generateRosterCsv } from './fixtures';
import { importRoster, previewRoster } from './import-service';

useTestDatabase();

const NOW = new Date('2026-10-01T08:00:00Z');
const YESTERDAY = '2026-09-30';
beforeEach(() => setClock(NOW));
afterAll(() => setClock(undefined));

let schoolA = '';
let secretaryA: Actor;
let secretaryB: Actor;

beforeAll(async () => {
	setClock(NOW);
	schoolA = await createSchool();
	const schoolB = await createSchool();
	const year = await createSchoolYear({ startsOn: '2026-08-01', endsOn: '2027-07-31' });
	for (const name of FIXTURE_CLASSES)
		await createClass({ schoolId: schoolA, schoolYearId: year, name });
	const a = await createAccount();
	await grantRole(a.personId, 'secretary', { schoolId: schoolA });
	const b = await createAccount();
	await grantRole(b.personId, 'secretary', { schoolId: schoolB });
	secretaryA = await actorFor(a.accountId);
	secretaryB = await actorFor(b.accountId);
});

const FILE = generateRosterCsv({ rows: 200, encoding: 'windows-1252', seed: 42 });

async function currentStudents() {
	const rows = await db()
		.select({ personId: classMemberships.personId })
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.where(
			and(
				eq(classes.schoolId, schoolA),
				eq(classMemberships.role, 'student'),
				isNull(classMemberships.validTo)
			)
		);
	return rows.map((r) => r.personId);
}

const tableCount = async (table: typeof people | typeof rosterImports) =>
	Number((await db().select({ n: count() }).from(table))[0].n);

/** The file with data row `remove` dropped and data row `rename`'s "Müller" → "Mueller", new ASV id. */
function editedFile(remove: number, rename: number) {
	const lines = decodeRoster(FILE).text.split('\r\n');
	const [, family, ...rest] = lines[rename + 1].split(';');
	expect(family).toBe('Müller');
	lines[rename + 1] = ['9999999', 'Mueller', ...rest].join(';');
	lines.splice(remove + 1, 1);
	return encodeWindows1252(lines.join('\r\n'));
}

describe('roster import', () => {
	it('refuses the secretary of another school, previewing and importing', async () => {
		for (const run of [previewRoster, importRoster]) {
			const status = await run(secretaryB, schoolA, FILE).then(
				() => 'allowed',
				(e: unknown) => (isHttpError(e) ? e.status : e)
			);
			expect(status).toBe(403);
		}
	});

	it('refuses a file with an invalid row and writes nothing', async () => {
		const before = await tableCount(people);
		const file = generateRosterCsv({
			rows: 20,
			encoding: 'windows-1252',
			seed: 5,
			overrides: { 3: { birthDate: '' }, 7: { className: 'XYZ9' } }
		});
		const result = await importRoster(secretaryA, schoolA, file);
		expect(result).toEqual({
			ok: false,
			status: 400,
			errors: {
				'line5.birthDate': 'roster_error_birth_date_missing',
				'line9.className': 'roster_error_class_unknown'
			},
			retryAfterSeconds: undefined
		});
		expect(await tableCount(people)).toBe(before);
		expect(await tableCount(rosterImports)).toBe(0);
	});

	it('previews without writing', async () => {
		const result = await previewRoster(secretaryA, schoolA, FILE);
		if (!result.ok) throw new Error('preview failed');
		expect(result.value.summary).toEqual({ rows: 200, valid: 200, invalid: 0 });
		expect(result.value.missing).toEqual([]);
		expect(await currentStudents()).toEqual([]);
	});

	it('creates 200 students on the first import, with audit entry and import record', async () => {
		const result = await importRoster(secretaryA, schoolA, FILE, undefined, {
			fileName: 'klassen.csv'
		});
		expect(result).toEqual({ ok: true, value: { created: 200, updated: 0, left: 0, flagged: 0 } });
		expect(new Set(await currentStudents()).size).toBe(200);
		const [record] = await db().select().from(rosterImports);
		expect(record).toMatchObject({
			schoolId: schoolA,
			accountId: secretaryA.accountId,
			fileName: 'klassen.csv',
			createdCount: 200
		});
		const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'roster.import'));
		expect(audit).toHaveLength(1);
		expect(audit[0].details).toMatchObject({ created: 200, updated: 0, left: 0, flagged: 0 });
	});

	it('changes nothing when the same file comes again', async () => {
		const before = await tableCount(people);
		const result = await importRoster(secretaryA, schoolA, FILE);
		expect(result).toEqual({ ok: true, value: { created: 0, updated: 0, left: 0, flagged: 0 } });
		expect(await tableCount(people)).toBe(before);
		expect(new Set(await currentStudents()).size).toBe(200);
	});

	it('flags a renamed student with a new ASV id and marks a missing one as left', async () => {
		const rows = decodeRoster(FILE)
			.text.split('\r\n')
			.slice(1)
			.map((l) => l.split(';'));
		const rename = rows.findIndex((cells) => cells[1] === 'Müller');
		const remove = rename === 0 ? 1 : 0;
		const [renamed] = await db()
			.select({ id: people.id })
			.from(people)
			.where(eq(people.asvId, rows[rename][0]));
		const [removed] = await db()
			.select({ id: people.id })
			.from(people)
			.where(eq(people.asvId, rows[remove][0]));

		const result = await importRoster(secretaryA, schoolA, editedFile(remove, rename));

		// The new ASV id cannot match, the shared school e-mail makes it likely: a new person, queued.
		expect(result).toEqual({ ok: true, value: { created: 1, updated: 0, left: 1, flagged: 1 } });
		const queue = await db()
			.select()
			.from(possibleDuplicates)
			.where(eq(possibleDuplicates.schoolId, schoolA));
		expect(queue).toHaveLength(1);
		expect(queue[0]).toMatchObject({ personId: renamed.id, status: 'open' });
		const [candidate] = await db()
			.select()
			.from(people)
			.where(eq(people.id, queue[0].candidatePersonId));
		expect(candidate).toMatchObject({ familyName: 'Mueller', asvId: '9999999' });

		const [left] = await db()
			.select({ validTo: classMemberships.validTo })
			.from(classMemberships)
			.where(eq(classMemberships.personId, removed.id));
		expect(left.validTo).toBe(YESTERDAY);
		const current = new Set(await currentStudents());
		expect(current.has(removed.id)).toBe(false);
		expect(current.has(renamed.id)).toBe(true); // stays until the office decides
		expect(current.size).toBe(200); // 198 unchanged + the flagged pair
	});
});
