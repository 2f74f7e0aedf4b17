import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	createAccount,
	createPerson,
	createSchool
} from '../../../../tests/helpers/factories';
import { setClock } from '../clock';
import { db } from '../db';
import { formatReference } from './reference-number';
import { addCaseEvent, createCase, listMyCases } from './service';
import { caseEvents } from './schema';
import { eq } from 'drizzle-orm';

useTestDatabase();
afterEach(() => setClock(undefined));

describe('cases', () => {
	it('formats reference numbers', () => {
		expect(formatReference(2026, 123)).toBe('S360-2026-000123');
	});

	it('hands out distinct, consecutive reference numbers per year', async () => {
		setClock(new Date('2031-03-01T10:00:00Z'));
		const schoolId = await createSchool();
		const subjectPersonId = await createPerson();
		const created = await Promise.all(
			Array.from({ length: 10 }, () =>
				db().transaction((tx) =>
					createCase(tx, null, { type: 'test', schoolId, subjectPersonId, status: 'open' })
				)
			)
		);
		const numbers = created.map((c) => c.reference).sort();
		expect(new Set(numbers).size).toBe(10);
		expect(numbers[0]).toBe('S360-2031-000001');
		expect(numbers[9]).toBe('S360-2031-000010');
	});

	it('a rolled-back case uses up no number', async () => {
		setClock(new Date('2032-03-01T10:00:00Z'));
		const schoolId = await createSchool();
		const subjectPersonId = await createPerson();
		await db()
			.transaction(async (tx) => {
				await createCase(tx, null, { type: 'test', schoolId, subjectPersonId, status: 'open' });
				tx.rollback();
			})
			.catch(() => {});
		const kept = await db().transaction((tx) =>
			createCase(tx, null, { type: 'test', schoolId, subjectPersonId, status: 'open' })
		);
		expect(kept.reference).toBe('S360-2032-000001');
	});

	it('records a timeline starting with "created"', async () => {
		const schoolId = await createSchool();
		const subjectPersonId = await createPerson();
		const { id } = await db().transaction((tx) =>
			createCase(tx, null, { type: 'test', schoolId, subjectPersonId, status: 'open' })
		);
		await addCaseEvent(db(), id, null, 'acknowledged');
		const events = await db()
			.select()
			.from(caseEvents)
			.where(eq(caseEvents.caseId, id))
			.orderBy(caseEvents.id);
		expect(events.map((e) => e.kind)).toEqual(['created', 'acknowledged']);
	});

	it('lists own cases and those of minor wards, not of adult wards or strangers', async () => {
		setClock(new Date('2026-11-23T10:00:00Z'));
		const schoolId = await createSchool();
		const guardian = await createAccount();
		const minor = await createPerson({ birthDate: '2011-05-05' });
		const adult = await createPerson({ birthDate: '2005-05-05' });
		const stranger = await createPerson({ birthDate: '2011-05-05' });
		await addGuardianship(guardian.personId, minor);
		await addGuardianship(guardian.personId, adult);
		const make = (subjectPersonId: string, type: string) =>
			db().transaction((tx) =>
				createCase(tx, null, { type, schoolId, subjectPersonId, status: 'open' })
			);
		await make(guardian.personId, 'own');
		await make(minor, 'minor');
		await make(adult, 'adult');
		await make(stranger, 'stranger');
		const listed = await listMyCases(await actorFor(guardian.accountId));
		expect(listed.map((c) => c.type).sort()).toEqual(['minor', 'own']);
		expect(Object.keys(listed[0]).sort()).toEqual(
			[
				'createdAt',
				'reference',
				'schoolName',
				'status',
				'subjectFamilyName',
				'subjectGivenNames',
				'type',
				'updatedAt'
			].sort()
		);
	});
});
