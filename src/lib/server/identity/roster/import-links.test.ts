// The roster's optional columns: guardians (name + e-mail) and the training company.
import { and, eq, isNull } from 'drizzle-orm';
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
import { db } from '../../db';
import type { Actor } from '../../policy';
import { apprenticeships, companies, guardianships, people } from '../schema';
import { FIXTURE_HEADERS, generateRosterCsv } from './fixtures';
import { importRoster, type RosterImportCounts } from './import-service';

useTestDatabase();

const NOW = new Date('2026-10-01T08:00:00Z');
const TODAY = '2026-10-01';
beforeEach(() => setClock(NOW));
afterAll(() => setClock(undefined));

let school = '';
let secretary: Actor;
let existingCompany = '';

beforeAll(async () => {
	setClock(NOW);
	school = await createSchool();
	const year = await createSchoolYear({ startsOn: '2026-08-01', endsOn: '2027-07-31' });
	await createClass({ schoolId: school, schoolYearId: year, name: 'BS-KFZ1' });
	const a = await createAccount();
	await grantRole(a.personId, 'secretary', { schoolId: school });
	secretary = await actorFor(a.accountId);
	[{ id: existingCompany }] = await db()
		.insert(companies)
		.values({ name: 'Autohaus Köhler GmbH', address: 'Hafenstraße 3', email: 'a@k.example' })
		.returning({ id: companies.id });
});

const H = FIXTURE_HEADERS;
const HEADER = [
	H.asvId,
	H.familyName,
	H.givenNames,
	H.birthDate,
	H.className,
	H.guardian1Name,
	H.guardian1Email,
	H.guardian2Name,
	H.guardian2Email,
	H.company
].join(';');

function csv(...rows: string[]) {
	return new TextEncoder().encode([HEADER, ...rows].join('\r\n') + '\r\n');
}

const FILE = csv(
	// Two siblings with the same parents, one in a company spelled differently from the record.
	'7001;Schäfer;Lea;03.04.2010;BS-KFZ1;Petra Schäfer;petra@familie.example;Jörg Schäfer;;  autohaus  KÖHLER gmbh ',
	'7002;Schäfer;Jonas;05.06.2011;BS-KFZ1;Petra Schäfer;petra@familie.example;;;Bäckerei Weiß',
	'7003;Öztürk;Emre;07.08.2008;BS-KFZ1;;;;;Bäckerei  Weiß'
);

async function run(bytes: Uint8Array): Promise<RosterImportCounts> {
	const result = await importRoster(secretary, school, bytes);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.value;
}

async function studentId(asvId: string) {
	const [row] = await db().select({ id: people.id }).from(people).where(eq(people.asvId, asvId));
	return row.id;
}

async function guardiansOf(asvId: string) {
	return db()
		.select({
			id: people.id,
			givenNames: people.givenNames,
			familyName: people.familyName,
			contactEmail: people.contactEmail,
			validFrom: guardianships.validFrom,
			validTo: guardianships.validTo
		})
		.from(guardianships)
		.innerJoin(people, eq(people.id, guardianships.guardianPersonId))
		.where(eq(guardianships.studentPersonId, await studentId(asvId)))
		.orderBy(people.givenNames);
}

async function apprenticeshipsOf(asvId: string) {
	return db()
		.select({
			companyId: apprenticeships.companyId,
			startsOn: apprenticeships.startsOn,
			endsOn: apprenticeships.endsOn
		})
		.from(apprenticeships)
		.where(eq(apprenticeships.studentPersonId, await studentId(asvId)))
		.orderBy(apprenticeships.startsOn);
}

describe('roster import: guardians and companies', () => {
	it('creates guardians with their contact e-mail and active guardianships; siblings share a parent', async () => {
		expect(await run(FILE)).toMatchObject({ created: 3 });
		const lea = await guardiansOf('7001');
		expect(lea).toEqual([
			expect.objectContaining({
				givenNames: 'Jörg',
				familyName: 'Schäfer',
				contactEmail: null,
				validFrom: TODAY,
				validTo: null
			}),
			expect.objectContaining({
				givenNames: 'Petra',
				familyName: 'Schäfer',
				contactEmail: 'petra@familie.example',
				validFrom: TODAY,
				validTo: null
			})
		]);
		const jonas = await guardiansOf('7002');
		expect(jonas).toHaveLength(1);
		expect(jonas[0].id).toBe(lea[1].id); // the same Petra Schäfer
		expect(await guardiansOf('7003')).toEqual([]);
	});

	it('matches an existing company ignoring case and spaces, creates an unknown one once', async () => {
		expect(await apprenticeshipsOf('7001')).toEqual([
			{ companyId: existingCompany, startsOn: TODAY, endsOn: null }
		]);
		const weiss = await db().select().from(companies).where(eq(companies.name, 'Bäckerei Weiß'));
		expect(weiss).toHaveLength(1);
		expect(weiss[0]).toMatchObject({ address: '', email: '' });
		expect(await apprenticeshipsOf('7002')).toEqual([
			{ companyId: weiss[0].id, startsOn: TODAY, endsOn: null }
		]);
		expect((await apprenticeshipsOf('7003'))[0].companyId).toBe(weiss[0].id);
	});

	it('duplicates nothing when the same file comes again a week later', async () => {
		setClock(new Date('2026-10-08T08:00:00Z'));
		const peopleBefore = (await db().select({ id: people.id }).from(people)).length;
		expect(await run(FILE)).toEqual({ created: 0, updated: 0, left: 0, flagged: 0 });
		expect((await db().select({ id: people.id }).from(people)).length).toBe(peopleBefore);
		expect(await guardiansOf('7001')).toHaveLength(2);
		expect(await guardiansOf('7002')).toHaveLength(1);
		expect(await apprenticeshipsOf('7001')).toEqual([
			{ companyId: existingCompany, startsOn: TODAY, endsOn: null }
		]);
		expect(await db().select().from(companies)).toHaveLength(2);
	});

	it('finds a guardian by normalised name, updates the e-mail, moves the apprenticeship to a new company', async () => {
		setClock(new Date('2026-10-15T08:00:00Z'));
		const changed = csv(
			'7001;Schäfer;Lea;03.04.2010;BS-KFZ1;PETRA SCHAEFER;petra.neu@familie.example;Jörg Schäfer;;Elektro Groß e.K.',
			'7002;Schäfer;Jonas;05.06.2011;BS-KFZ1;Petra Schäfer;petra@familie.example;;;Bäckerei Weiß',
			'7003;Öztürk;Emre;07.08.2008;BS-KFZ1;;;;;'
		);
		await run(changed);
		const lea = await guardiansOf('7001');
		expect(lea.map((g) => [g.givenNames, g.contactEmail])).toEqual([
			['Jörg', null],
			['Petra', 'petra.neu@familie.example']
		]);
		const leaJobs = await apprenticeshipsOf('7001');
		expect(leaJobs).toHaveLength(2);
		expect(leaJobs[0]).toEqual({
			companyId: existingCompany,
			startsOn: TODAY,
			endsOn: '2026-10-14'
		});
		expect(leaJobs[1]).toMatchObject({ startsOn: '2026-10-15', endsOn: null });
		// An empty company cell ends nothing.
		expect(await apprenticeshipsOf('7003')).toHaveLength(1);
		const open = await db().select().from(apprenticeships).where(isNull(apprenticeships.endsOn));
		expect(open).toHaveLength(3);
	});

	it('makes no guardians for adult students even when the file lists their parents', async () => {
		await run(csv('7101;Berger;Nina;01.10.2008;BS-KFZ1;Anna Berger;anna@familie.example;;;'));
		expect(await guardiansOf('7101')).toEqual([]); // 18 today
		await run(csv('7102;Berger;Tim;02.10.2008;BS-KFZ1;Anna Berger;anna@familie.example;;;'));
		expect(await guardiansOf('7102')).toHaveLength(1); // 18 tomorrow
	});

	it('keeps the generated 200-row file with its optional columns consistent on re-import', async () => {
		const file = generateRosterCsv({
			rows: 200,
			encoding: 'windows-1252',
			seed: 9,
			overrides: Object.fromEntries(
				Array.from({ length: 200 }, (_, i) => [i, { className: 'BS-KFZ1' }])
			)
		});
		await run(file);
		const count = async () => ({
			guardianships: (await db().select({ id: guardianships.id }).from(guardianships)).length,
			apprenticeships: (
				await db()
					.select({ id: apprenticeships.id })
					.from(apprenticeships)
					.where(and(isNull(apprenticeships.endsOn)))
			).length,
			people: (await db().select({ id: people.id }).from(people)).length
		});
		const first = await count();
		// Only the minors' parents become guardians (about half of the generated ages are under 18).
		expect(first.guardianships).toBeGreaterThan(30);
		expect(first.apprenticeships).toBeGreaterThan(50);
		await run(file);
		expect(await count()).toEqual(first);
	});

	it('reports progress from 0 to every row, never going back', async () => {
		const file = generateRosterCsv({
			rows: 50,
			encoding: 'utf-8',
			seed: 10,
			overrides: Object.fromEntries(
				Array.from({ length: 50 }, (_, i) => [i, { className: 'BS-KFZ1' }])
			)
		});
		const events: { done: number; total: number }[] = [];
		const result = await importRoster(secretary, school, file, undefined, {
			onProgress: (p) => events.push(p)
		});
		expect(result.ok).toBe(true);
		expect(events[0]).toEqual({ done: 0, total: 50 });
		expect(events.at(-1)).toEqual({ done: 50, total: 50 });
		expect(events.length).toBeGreaterThan(3);
		for (let i = 1; i < events.length; i++)
			expect(events[i].done).toBeGreaterThanOrEqual(events[i - 1].done);
	});

	it('does not take a parent for a new student with the same name', async () => {
		// "Petra Schäfer" is Lea's guardian (no birth date): a student of that name is someone else.
		const counts = await run(csv('7010;Schäfer;Petra;01.01.2009;BS-KFZ1;;;;;'));
		expect(counts).toMatchObject({ created: 1, flagged: 0 });
	});
});
