// Merging a possible duplicate: everything moves to the kept person in one transaction, the merge
// is recorded, only the office of the pair's school may decide, and a merged record is never
// matched again by a later import.
import { isHttpError } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createCompany,
	createPerson,
	createSchool,
	createSchoolYear,
	grantRole
} from '../../../../../tests/helpers/factories';
import { auditLog } from '../../audit/schema';
import { createCase } from '../../cases/service';
import { setClock } from '../../clock';
import { db } from '../../db';
import type { Actor } from '../../policy';
import { importRoster } from '../roster/import-service';
import {
	accounts,
	apprenticeships,
	classMemberships,
	consents,
	guardianInvitations,
	people,
	personMerges,
	possibleDuplicates,
	roleMemberships
} from '../schema';
import { markDifferent, mergeDuplicate } from './merge';
import {
	countOpenDuplicates,
	duplicateDetail,
	listDecidedDuplicates,
	listOpenDuplicates
} from './queue';

useTestDatabase();

const NOW = new Date('2026-10-01T08:00:00Z');
beforeEach(() => setClock(NOW));
afterAll(() => setClock(undefined));

let schoolA = '';
let schoolB = '';
let classA = '';
let secretaryA: Actor;
let secretaryB: Actor;
let teacherA: Actor;

beforeAll(async () => {
	setClock(NOW);
	schoolA = await createSchool({ shortName: 'GSS' });
	schoolB = await createSchool();
	const year = await createSchoolYear({ startsOn: '2026-08-01', endsOn: '2027-07-31' });
	classA = await createClass({ schoolId: schoolA, schoolYearId: year, name: 'BS-IT1' });
	const a = await createAccount();
	await grantRole(a.personId, 'secretary', { schoolId: schoolA });
	const b = await createAccount();
	await grantRole(b.personId, 'secretary', { schoolId: schoolB });
	const t = await createAccount();
	await grantRole(t.personId, 'teacher', { schoolId: schoolA });
	await addToClass(t.personId, classA, 'class_teacher');
	secretaryA = await actorFor(a.accountId);
	secretaryB = await actorFor(b.accountId);
	teacherA = await actorFor(t.accountId);
});

async function pair(
	existing: { givenNames: string; familyName: string; birthDate: string },
	candidate: { givenNames: string; familyName: string; birthDate: string }
) {
	const personId = await createPerson(existing);
	const candidatePersonId = await createPerson(candidate);
	const [row] = await db()
		.insert(possibleDuplicates)
		.values({
			schoolId: schoolA,
			personId,
			candidatePersonId,
			reasons: { source: 'roster.import', line: 12, rule: 'similar-name' }
		})
		.returning({ id: possibleDuplicates.id });
	return { id: row.id, personId, candidatePersonId };
}

const refusal = (p: Promise<unknown>) =>
	p.then(
		() => 'allowed',
		(e: unknown) => (isHttpError(e) ? e.status : e)
	);

/** Every column that references people(id), read from the catalogue: new tables are covered too. */
async function referencingColumns() {
	const result = await db().execute(sql`
		select c.conrelid::regclass::text as tbl, a.attname as col
		from pg_constraint c
		join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
		where c.contype = 'f' and c.confrelid = 'people'::regclass`);
	return (
		(result as unknown as { rows?: { tbl: string; col: string }[] }).rows ??
		(result as unknown as { tbl: string; col: string }[])
	);
}

async function rowsPointingAt(personId: string) {
	const found: string[] = [];
	for (const { tbl, col } of await referencingColumns()) {
		const result = await db().execute(
			sql`select count(*)::int as n from ${sql.identifier(tbl)} where ${sql.identifier(col)} = ${personId}`
		);
		const rows =
			(result as unknown as { rows?: { n: number }[] }).rows ??
			(result as unknown as { n: number }[]);
		if (rows[0].n > 0) found.push(`${tbl}.${col}`);
	}
	return found.sort();
}

describe('possible duplicates: who may decide', () => {
	it('refuses the secretary of another school and a teacher (404), lists nothing for them', async () => {
		const p = await pair(
			{ givenNames: 'Lea', familyName: 'Weiß', birthDate: '2008-02-02' },
			{ givenNames: 'Lea', familyName: 'Weiss', birthDate: '2008-02-02' }
		);
		for (const actor of [secretaryB, teacherA]) {
			expect(await refusal(duplicateDetail(actor, p.id))).toBe(404);
			expect(await refusal(mergeDuplicate(actor, p.id, p.personId))).toBe(404);
			expect(await refusal(markDifferent(actor, p.id))).toBe(404);
			expect(await listOpenDuplicates(actor)).toEqual([]);
			expect(await countOpenDuplicates(actor)).toBe(0);
		}
		const [row] = await db()
			.select()
			.from(possibleDuplicates)
			.where(eq(possibleDuplicates.id, p.id));
		expect(row.status).toBe('open');

		expect((await listOpenDuplicates(secretaryA)).map((d) => d.id)).toContain(p.id);
		const detail = await duplicateDetail(secretaryA, p.id);
		expect(detail.existing.familyName).toBe('Weiß');
		expect(detail.candidate.familyName).toBe('Weiss');
		expect(detail.reasons.map((r) => r.key)).toEqual([
			'duplicates_rule_similar-name',
			'duplicates_reason_same_birth_date',
			'duplicates_reason_roster_line'
		]);

		expect(await markDifferent(secretaryA, p.id)).toEqual({ ok: true, value: null });
		const [after] = await db()
			.select()
			.from(possibleDuplicates)
			.where(eq(possibleDuplicates.id, p.id));
		expect(after).toMatchObject({ status: 'different', decidedByAccountId: secretaryA.accountId });
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'person.duplicate_different'), eq(auditLog.resourceId, p.id)));
		expect(audit).toHaveLength(1);
		// Decided once: neither a second decision nor a merge.
		expect(await markDifferent(secretaryA, p.id)).toMatchObject({ ok: false, status: 409 });
		expect(await mergeDuplicate(secretaryA, p.id, p.personId)).toMatchObject({
			ok: false,
			errors: { form: 'duplicates_error_decided' }
		});
	});
});

describe('merging', () => {
	it('moves every reference to the kept person and records the merge', async () => {
		const p = await pair(
			{ givenNames: 'Jonas', familyName: 'Müller', birthDate: '2008-05-05' },
			{ givenNames: 'Jonas', familyName: 'Mueller', birthDate: '2008-05-05' }
		);
		const kept = p.candidatePersonId;
		const merged = p.personId;
		await db()
			.update(people)
			.set({ asvId: 'M-1', schoolEmail: 'jonas.mueller@bs.example' })
			.where(eq(people.id, merged));
		// The merged record has the links, the account, a case; both are in the class.
		await addToClass(merged, classA, 'student');
		await addToClass(kept, classA, 'student');
		await grantRole(merged, 'student', { schoolId: schoolA });
		await grantRole(kept, 'student', { schoolId: schoolA });
		const parent = await createPerson({
			givenNames: 'Petra',
			familyName: 'Müller',
			birthDate: null
		});
		await addGuardianship(parent, merged);
		await addGuardianship(parent, kept); // the same parent twice: one stays open
		const child = await createPerson({
			givenNames: 'Kind',
			familyName: 'Müller',
			birthDate: '2024-01-01'
		});
		await addGuardianship(merged, child);
		const company = await createCompany();
		await db()
			.insert(apprenticeships)
			.values({ studentPersonId: merged, companyId: company, startsOn: '2026-09-01' });
		await db()
			.insert(consents)
			.values({ studentPersonId: merged, companyId: company, scope: 'absences' });
		await db()
			.insert(consents)
			.values({ studentPersonId: child, guardianPersonId: merged, scope: 'payments' });
		await db()
			.insert(guardianInvitations)
			.values({
				schoolId: schoolA,
				guardianPersonId: merged,
				codeHash: `hash-${merged}`,
				expiresAt: new Date('2026-12-01T00:00:00Z')
			});
		const account = await createAccount({ personId: merged });
		const theCase = await createCase(db(), null, {
			type: 'certificate',
			schoolId: schoolA,
			subjectPersonId: merged,
			status: 'open'
		});
		const third = await createPerson({
			givenNames: 'Jonas',
			familyName: 'Möller',
			birthDate: '2008-05-05'
		});
		const [other] = await db()
			.insert(possibleDuplicates)
			.values({ schoolId: schoolA, personId: merged, candidatePersonId: third })
			.returning({ id: possibleDuplicates.id });

		const before = await rowsPointingAt(merged);
		expect(before).toEqual([
			'accounts.person_id',
			'apprenticeships.student_person_id',
			'cases.subject_person_id',
			'class_memberships.person_id',
			'consents.guardian_person_id',
			'consents.student_person_id',
			'guardian_invitations.guardian_person_id',
			'guardianships.guardian_person_id',
			'guardianships.student_person_id',
			'possible_duplicates.person_id',
			'role_memberships.person_id'
		]);

		const result = await mergeDuplicate(secretaryA, p.id, kept);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));

		// Only the merge's own records still name the merged person.
		expect(await rowsPointingAt(merged)).toEqual([
			'person_merges.merged_person_id',
			'possible_duplicates.person_id'
		]);
		const [tomb] = await db().select().from(people).where(eq(people.id, merged));
		expect(tomb).toMatchObject({ mergedIntoPersonId: kept, asvId: null, schoolEmail: null });
		const [keptRow] = await db().select().from(people).where(eq(people.id, kept));
		expect(keptRow).toMatchObject({ asvId: 'M-1', schoolEmail: 'jonas.mueller@bs.example' });
		const [login] = await db().select().from(accounts).where(eq(accounts.id, account.accountId));
		expect(login.personId).toBe(kept);

		// One open class membership, one open student role, one open guardianship with the parent.
		const open = await db()
			.select()
			.from(classMemberships)
			.where(and(eq(classMemberships.personId, kept), sql`${classMemberships.validTo} is null`));
		expect(open).toHaveLength(1);
		const roles = await db()
			.select()
			.from(roleMemberships)
			.where(and(eq(roleMemberships.personId, kept), sql`${roleMemberships.validTo} is null`));
		expect(roles).toHaveLength(1);
		const detail = await duplicateDetail(secretaryA, p.id);
		expect(detail.status).toBe('merged');
		expect(detail.candidate.guardians).toEqual(['Petra Müller']);
		expect(detail.candidate.classes).toEqual(['BS-IT1 (GSS)']);
		expect(detail.candidate).toMatchObject({ hasAccount: true, caseCount: 1 });

		// The other queue row now pairs the kept person with the third one.
		const [moved] = await db()
			.select()
			.from(possibleDuplicates)
			.where(eq(possibleDuplicates.id, other.id));
		expect(moved).toMatchObject({ personId: kept, candidatePersonId: third, status: 'open' });

		const [record] = await db()
			.select()
			.from(personMerges)
			.where(eq(personMerges.id, result.value.mergeId));
		expect(record).toMatchObject({
			keptPersonId: kept,
			mergedPersonId: merged,
			possibleDuplicateId: p.id,
			accountId: secretaryA.accountId
		});
		const details = record.details as {
			merged: { familyName: string; asvId: string };
			moved: Record<string, string[]>;
		};
		expect(details.merged).toMatchObject({ familyName: 'Müller', asvId: 'M-1' });
		expect(details.moved['cases.subject_person_id']).toEqual([theCase.id]);
		expect(details.moved['accounts.person_id']).toEqual([account.accountId]);
		expect(details.moved['possible_duplicates.person_id']).toEqual([other.id]);
		expect(Object.keys(details.moved).sort()).toEqual(
			[
				...before.filter((c) => c !== 'possible_duplicates.person_id'),
				'possible_duplicates.person_id'
			].sort()
		);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'person.merge'), eq(auditLog.resourceId, kept)));
		expect(audit).toHaveLength(1);
		expect(audit[0].details).toMatchObject({ mergedPersonId: merged, personMergeId: record.id });
		const [queueRow] = await db()
			.select()
			.from(possibleDuplicates)
			.where(eq(possibleDuplicates.id, p.id));
		expect(queueRow).toMatchObject({ status: 'merged', decidedByAccountId: secretaryA.accountId });
	});

	it('refuses when both records have an account, and a person not in the pair', async () => {
		const p = await pair(
			{ givenNames: 'Mia', familyName: 'Groß', birthDate: '2007-01-01' },
			{ givenNames: 'Mia', familyName: 'Gross', birthDate: '2007-01-01' }
		);
		await createAccount({ personId: p.personId });
		await createAccount({ personId: p.candidatePersonId });
		expect(await mergeDuplicate(secretaryA, p.id, p.personId)).toMatchObject({
			ok: false,
			status: 409,
			errors: { form: 'duplicates_error_both_accounts' }
		});
		expect(await mergeDuplicate(secretaryA, p.id, secretaryA.personId)).toMatchObject({
			ok: false,
			errors: { keep: 'duplicates_error_keep_invalid' }
		});
		const [row] = await db()
			.select()
			.from(possibleDuplicates)
			.where(eq(possibleDuplicates.id, p.id));
		expect(row.status).toBe('open');
	});

	it('never matches a merged record again on a later import', async () => {
		const header = 'Schüler-ID;Familienname;Vorname(n);Geburtsdatum;Klasse\r\n';
		const file = (...rows: string[]) =>
			new TextEncoder().encode(header + rows.join('\r\n') + '\r\n');
		const run = async (bytes: Uint8Array) => {
			const r = await importRoster(secretaryA, schoolA, bytes);
			if (!r.ok) throw new Error(JSON.stringify(r.errors));
			return r.value;
		};
		await run(file('A-1;Schröder;Lena;03.03.2009;BS-IT1'));
		// Renamed with a new ASV id: likely, queued.
		expect(await run(file('A-2;Schroeder;Lena;03.03.2009;BS-IT1'))).toMatchObject({ flagged: 1 });
		const [queued] = await db()
			.select()
			.from(possibleDuplicates)
			.where(and(eq(possibleDuplicates.schoolId, schoolA), eq(possibleDuplicates.status, 'open')))
			.orderBy(sql`${possibleDuplicates.createdAt} desc`)
			.limit(1);
		// Keep the old record; the new one ("Schroeder", A-2) is merged into it.
		const result = await mergeDuplicate(secretaryA, queued.id, queued.personId);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		const kept = queued.personId;
		const merged = queued.candidatePersonId;

		// The same spelling as the merged record would be a sure match ("same-name") — but it is
		// merged, so the import must only see the kept record (a likely match) and queue that.
		const counts = await run(file('A-3;Schroeder;Lena;03.03.2009;BS-IT1'));
		expect(counts).toMatchObject({ created: 1, updated: 0, flagged: 1 });
		const open = await db()
			.select()
			.from(possibleDuplicates)
			.where(and(eq(possibleDuplicates.schoolId, schoolA), eq(possibleDuplicates.status, 'open')));
		const newest = open.find((d) => d.personId === kept && d.candidatePersonId !== merged);
		expect(newest).toBeDefined();
		expect(open.some((d) => d.personId === merged || d.candidatePersonId === merged)).toBe(false);
		const [tomb] = await db().select().from(people).where(eq(people.id, merged));
		expect(tomb.mergedIntoPersonId).toBe(kept);
	});

	it("keeps the merged record's ASV id when the office says so, so next week's list links", async () => {
		const header = 'Schüler-ID;Familienname;Vorname(n);Geburtsdatum;Klasse\r\n';
		const file = (...rows: string[]) =>
			new TextEncoder().encode(header + rows.join('\r\n') + '\r\n');
		const run = async (bytes: Uint8Array) => {
			const r = await importRoster(secretaryA, schoolA, bytes);
			if (!r.ok) throw new Error(JSON.stringify(r.errors));
			return r.value;
		};
		await run(file('K-1;Krüger;Mia;04.04.2009;BS-IT1'));
		expect(await run(file('K-2;Krueger;Mia;04.04.2009;BS-IT1'))).toMatchObject({ flagged: 1 });
		const [queued] = await db()
			.select()
			.from(possibleDuplicates)
			.where(and(eq(possibleDuplicates.schoolId, schoolA), eq(possibleDuplicates.status, 'open')))
			.orderBy(sql`${possibleDuplicates.createdAt} desc`)
			.limit(1);
		const result = await mergeDuplicate(secretaryA, queued.id, queued.personId, {
			asvIdFrom: 'merged'
		});
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		const [kept] = await db().select().from(people).where(eq(people.id, queued.personId));
		expect(kept.asvId).toBe('K-2');
		const [record] = await db()
			.select()
			.from(personMerges)
			.where(eq(personMerges.id, result.value.mergeId));
		expect(record.details).toMatchObject({
			takenOver: { asvId: 'K-2' },
			replaced: { asvId: 'K-1' }
		});

		// Next week: the same list links by ASV id and queues nothing.
		expect(await run(file('K-2;Krueger;Mia;04.04.2009;BS-IT1'))).toMatchObject({
			created: 0,
			flagged: 0
		});
	});
});

describe('decisions, later', () => {
	it('lists decided pairs with who and when; a merge shows what moved', async () => {
		const merged = await pair(
			{ givenNames: 'Rosa', familyName: 'Weiß', birthDate: '2009-01-02' },
			{ givenNames: 'Rosa', familyName: 'Weiss', birthDate: '2009-01-02' }
		);
		await addToClass(merged.candidatePersonId, classA, 'student');
		const different = await pair(
			{ givenNames: 'Ali', familyName: 'Kaya', birthDate: '2009-05-05' },
			{ givenNames: 'Ali', familyName: 'Kaja', birthDate: '2009-05-05' }
		);
		expect(await mergeDuplicate(secretaryA, merged.id, merged.personId)).toMatchObject({
			ok: true
		});
		expect(await markDifferent(secretaryA, different.id)).toMatchObject({ ok: true });

		const decided = await listDecidedDuplicates(secretaryA);
		const byId = new Map(decided.map((d) => [d.id, d]));
		expect(byId.get(merged.id)).toMatchObject({ status: 'merged', decidedBy: expect.any(String) });
		expect(byId.get(different.id)).toMatchObject({ status: 'different' });
		expect(await listDecidedDuplicates(secretaryB)).toEqual([]);
		expect(await listDecidedDuplicates(teacherA)).toEqual([]);

		const detail = await duplicateDetail(secretaryA, merged.id);
		expect(detail.decision?.at).toBeInstanceOf(Date);
		expect(detail.decision?.moved).toContainEqual({ table: 'class_memberships', count: 1 });
		expect((await duplicateDetail(secretaryA, different.id)).decision?.moved).toEqual([]);
		expect(await refusal(duplicateDetail(secretaryB, merged.id))).toBe(404);
	});
});
