import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	createAccount,
	createCompany,
	createPerson,
	createSchool,
	grantRole
} from '../../../../tests/helpers/factories';
import { db } from '../db';
import { addCaseEvent, createCase } from './service';
import { caseTimeline } from './timeline';

useTestDatabase();

describe('caseTimeline', () => {
	it('lists events oldest first with the actor’s name and role, nothing else about them', async () => {
		const schoolId = await createSchool();
		const studentId = await createPerson({ birthDate: '2012-05-01' });
		const guardian = await createAccount({ givenNames: 'Gerda' });
		await addGuardianship(guardian.personId, studentId);
		// A guardian who also teaches at a school still acts as the family on her child's case.
		await grantRole(guardian.personId, 'teacher', { schoolId });
		const secretary = await createAccount({ givenNames: 'Sabine' });
		await grantRole(secretary.personId, 'secretary', { schoolId });
		const companyContact = await createAccount({ givenNames: 'Bernd' });
		await grantRole(companyContact.personId, 'company_contact', {
			companyId: await createCompany()
		});
		// Actors first: PGlite has one connection, busy inside the transaction below.
		const guardianActor = await actorFor(guardian.accountId);
		const secretaryActor = await actorFor(secretary.accountId);
		const companyActor = await actorFor(companyContact.accountId);
		const caseId = await db().transaction(async (tx) => {
			const created = await createCase(tx, guardianActor, {
				type: 'sick_note',
				schoolId,
				subjectPersonId: studentId,
				status: 'submitted'
			});
			await addCaseEvent(tx, created.id, guardianActor, 'sick_note_reported', {
				firstDay: '2026-12-01'
			});
			await addCaseEvent(tx, created.id, secretaryActor, 'sick_note_acknowledged');
			await addCaseEvent(tx, created.id, companyActor, 'sick_note_company_note', {
				note: 'informed'
			});
			await addCaseEvent(tx, created.id, null, 'sick_note_closed');
			return created.id;
		});

		const events = await caseTimeline(db(), caseId);
		expect(events.map((e) => [e.kind, e.actorRole])).toEqual([
			['created', 'family'],
			['sick_note_reported', 'family'],
			['sick_note_acknowledged', 'staff'],
			['sick_note_company_note', 'company'],
			['sick_note_closed', 'system']
		]);
		expect(events[2].actorName).toMatch(/^Sabine /);
		expect(events[4].actorName).toBeNull();
		expect(events[1].data).toEqual({ firstDay: '2026-12-01' });
		expect(events[0].at).toBeInstanceOf(Date);
		expect(Object.keys(events[0]).sort()).toEqual(['actorName', 'actorRole', 'at', 'data', 'kind']);
		expect(JSON.stringify(events)).not.toContain('@');
	});

	it('is empty for a case that does not exist', async () => {
		expect(await caseTimeline(db(), '00000000-0000-4000-8000-000000000000')).toEqual([]);
	});
});
