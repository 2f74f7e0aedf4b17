import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createSchool,
	createSchoolYear,
	grantRole,
	personRef
} from '../../../../tests/helpers/factories';
import { setClock } from '../clock';
import { db } from '../db';
import { runDueJobs } from '../jobs/queue';
import { jobs } from '../jobs/schema';
import { can, type Resource } from '../policy';
import { setConsents } from './consents/service';
import {
	adultBornOnOrBefore,
	eighteenthBirthday,
	endRepresentationAtMajority,
	scheduleMajorityCheck
} from './majority';
import { guardianships, people } from './schema';

useTestDatabase();
afterEach(() => setClock(undefined));

const at = (day: string) => setClock(new Date(`${day}T08:00:00Z`));

const mailsTo = async (address: string) => {
	const rows = await db()
		.select({ payload: jobs.payload })
		.from(jobs)
		.where(and(eq(jobs.name, 'mail.send.v1'), sql`${jobs.payload}->>'to' = ${address}`));
	return rows.map((r) => r.payload as { to: string; subject: string; text: string });
};

/** A student born on `birthDate` in a class, with two guardians who have accounts. */
async function family(birthDate: string) {
	const school = await createSchool();
	const year = await createSchoolYear({ startsOn: '2025-08-01', endsOn: '2027-07-31' });
	const classId = await createClass({ schoolId: school, schoolYearId: year, name: '2BKI1' });
	const student = await createAccount({ givenNames: 'Lena', birthDate });
	await grantRole(student.personId, 'student', { schoolId: school });
	await addToClass(student.personId, classId, 'student');
	const mother = await createAccount({ givenNames: 'Mutter' });
	const father = await createAccount({ givenNames: 'Vater' });
	for (const g of [mother, father]) {
		await grantRole(g.personId, 'guardian');
		await addGuardianship(g.personId, student.personId);
	}
	return { student, mother, father };
}

describe('adultBornOnOrBefore', () => {
	it('gives the latest birth date of an 18-year-old, also on 29 February', () => {
		expect(adultBornOnOrBefore('2026-12-10')).toBe('2008-12-10');
		expect(adultBornOnOrBefore('2028-02-29')).toBe('2010-02-28');
		expect(adultBornOnOrBefore('2026-03-01')).toBe('2008-03-01');
		expect(eighteenthBirthday('2008-02-29')).toBe('2026-03-01');
		expect(eighteenthBirthday('2008-12-10')).toBe('2026-12-10');
	});
});

describe('turning 18', () => {
	it('refuses the guardian on the birthday; a consent restores only the chosen part', async () => {
		const { student, mother, father } = await family('2008-12-10');
		const data = async (scope: 'absences' | 'payments' | 'certificates'): Promise<Resource> => ({
			type: 'personData',
			person: await personRef(student.personId),
			scope
		});
		const sickNote = async (): Promise<Resource> => {
			const subject = await personRef(student.personId);
			return {
				type: 'case',
				caseType: 'sick_note',
				sensitive: true,
				schoolId: subject.schoolIds[0],
				subject
			};
		};

		at('2026-12-09'); // the day before: still represented
		let guardian = await actorFor(mother.accountId);
		expect(
			can(guardian, 'person.actFor', { type: 'person', person: await personRef(student.personId) })
		).toBe(true);
		expect(can(guardian, 'person.readData', await data('absences'))).toBe(true);
		expect(can(guardian, 'person.readData', await data('payments'))).toBe(true);

		at('2026-12-10'); // the 18th birthday, before any job ran: refused at request time
		guardian = await actorFor(mother.accountId);
		expect(
			can(guardian, 'person.actFor', { type: 'person', person: await personRef(student.personId) })
		).toBe(false);
		for (const scope of ['absences', 'payments', 'certificates'] as const)
			expect(can(guardian, 'person.readData', await data(scope))).toBe(false);
		expect(can(guardian, 'case.read', await sickNote())).toBe(false);

		// The student lets the mother keep seeing absences, nothing else, and not the father.
		const self = await actorFor(student.accountId);
		const result = await setConsents(self, {
			kind: 'guardian',
			granteeId: mother.personId,
			scopes: ['absences']
		});
		expect(result).toEqual({ ok: true, value: { granted: ['absences'], revoked: [] } });

		guardian = await actorFor(mother.accountId);
		expect(can(guardian, 'person.readData', await data('absences'))).toBe(true);
		expect(can(guardian, 'case.read', await sickNote())).toBe(true);
		expect(can(guardian, 'person.readData', await data('payments'))).toBe(false);
		expect(can(guardian, 'person.readData', await data('certificates'))).toBe(false);
		expect(
			can(guardian, 'person.actFor', { type: 'person', person: await personRef(student.personId) })
		).toBe(false);
		const otherGuardian = await actorFor(father.accountId);
		expect(can(otherGuardian, 'person.readData', await data('absences'))).toBe(false);

		// Revocable at any time.
		await setConsents(self, { kind: 'guardian', granteeId: mother.personId, scopes: [] });
		guardian = await actorFor(mother.accountId);
		expect(can(guardian, 'person.readData', await data('absences'))).toBe(false);
	});

	it('the daily job ends the guardianships and tells student and guardians once', async () => {
		const { student, mother, father } = await family('2008-12-10');
		at('2026-12-09');
		expect(await endRepresentationAtMajority('2026-12-09')).toBe(0);

		at('2026-12-10');
		await scheduleMajorityCheck();
		await scheduleMajorityCheck(); // a second node asking again changes nothing
		await runDueJobs();
		const rows = await db()
			.select({ validTo: guardianships.validTo })
			.from(guardianships)
			.where(eq(guardianships.studentPersonId, student.personId));
		expect(rows.map((r) => r.validTo)).toEqual(['2026-12-09', '2026-12-09']);
		const [person] = await db()
			.select({ notified: people.majorityNotifiedAt })
			.from(people)
			.where(eq(people.id, student.personId));
		expect(person.notified).not.toBeNull();

		const toStudent = await mailsTo(student.email);
		expect(toStudent).toHaveLength(1);
		expect(toStudent[0].text).toContain('/konto/einwilligungen');
		for (const g of [mother, father]) {
			const mails = await mailsTo(g.email);
			expect(mails).toHaveLength(1);
			expect(mails[0].subject).toMatch(/^Lena Person \S+ ist volljährig$/);
		}
		// The guardians no longer have the ward at all; the next day's run finds nobody.
		expect((await actorFor(mother.accountId)).wards).toEqual([]);
		expect(await endRepresentationAtMajority('2026-12-11')).toBe(0);
		expect(await mailsTo(student.email)).toHaveLength(1);
	});

	it('ends a guardianship of someone adult for years without mailing anybody', async () => {
		const { student, mother } = await family('2001-03-03');
		at('2026-12-10');
		expect(await endRepresentationAtMajority('2026-12-10')).toBe(1);
		expect(await mailsTo(student.email)).toEqual([]);
		expect(await mailsTo(mother.email)).toEqual([]);
		expect((await actorFor(mother.accountId)).wards).toEqual([]);
	});

	it('refuses consents from a minor and to strangers', async () => {
		const { student, mother } = await family('2010-06-01');
		at('2026-12-10');
		const minor = await actorFor(student.accountId);
		await expect(
			setConsents(minor, { kind: 'guardian', granteeId: mother.personId, scopes: ['absences'] })
		).rejects.toMatchObject({ status: 404 });

		const adult = await family('2000-01-01');
		const stranger = await createAccount();
		const result = await setConsents(await actorFor(adult.student.accountId), {
			kind: 'guardian',
			granteeId: stranger.personId,
			scopes: ['absences']
		});
		expect(result).toEqual({
			ok: false,
			status: 400,
			errors: { grantee: 'error_consent_grantee_unknown' }
		});
	});
});
