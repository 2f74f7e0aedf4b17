import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	addApprenticeship,
	addConsent,
	addToClass,
	createAccount,
	createClass,
	createCompany,
	createSchool,
	createSchoolYear,
	grantRole
} from '../../../../../tests/helpers/factories';
import { setClock } from '../../clock';
import { db } from '../../db';
import { jobs } from '../../jobs/schema';
import { accounts, apprenticeships, companies, roleMemberships } from '../schema';
import {
	addApprenticeshipByHand,
	findSchoolStudents,
	inviteCompanyContact,
	myApprentices,
	schoolCompanies
} from './service';

useTestDatabase();
beforeEach(() => setClock(new Date('2026-11-23T09:00:00Z')));
afterEach(() => setClock(undefined));

async function school() {
	const schoolId = await createSchool();
	const year = await createSchoolYear({ startsOn: '2026-08-01', endsOn: '2027-07-31' });
	const classId = await createClass({ schoolId, schoolYearId: year, name: '1BFE1' });
	const secretary = await createAccount();
	await grantRole(secretary.personId, 'secretary', { schoolId });
	const student = async (givenNames: string, birthDate: string) => {
		const s = await createAccount({ givenNames, birthDate });
		await grantRole(s.personId, 'student', { schoolId });
		await addToClass(s.personId, classId, 'student');
		return s;
	};
	return { schoolId, classId, secretary, student };
}

describe('company contacts', () => {
	it('invites a contact of a company training the school’s students, once per person', async () => {
		const a = await school();
		const tom = await a.student('Tom', '2009-03-01');
		const companyId = await createCompany({ name: 'Seewerk GmbH' });
		await addApprenticeship(tom.personId, companyId, { startsOn: '2026-09-01' });
		const office = await actorFor(a.secretary.accountId);

		const result = await inviteCompanyContact(office, a.schoolId, {
			companyId,
			givenNames: 'Petra',
			familyName: 'Hahn',
			email: 'p.hahn@seewerk.example'
		});
		expect(result).toEqual({ ok: true, value: { existingAccount: false } });
		const [account] = await db()
			.select()
			.from(accounts)
			.where(eq(accounts.email, 'p.hahn@seewerk.example'));
		expect(account.passwordHash).toBeNull(); // activated by the contact at /konto-aktivieren
		const mails = await db()
			.select({ payload: jobs.payload })
			.from(jobs)
			.where(sql`${jobs.payload}->>'to' = 'p.hahn@seewerk.example'`);
		expect(JSON.stringify(mails[0].payload)).toContain('/konto-aktivieren');

		// Inviting the same address again reuses the account: one person, one account.
		const again = await inviteCompanyContact(office, a.schoolId, {
			companyId,
			givenNames: 'Petra',
			familyName: 'Hahn',
			email: 'P.Hahn@Seewerk.example'
		});
		expect(again).toEqual({ ok: true, value: { existingAccount: true } });
		const roles = await db()
			.select()
			.from(roleMemberships)
			.where(
				and(
					eq(roleMemberships.personId, account.personId),
					eq(roleMemberships.companyId, companyId)
				)
			);
		expect(roles).toHaveLength(1);
		const listed = await schoolCompanies(office, a.schoolId);
		expect(listed).toMatchObject([
			{
				name: 'Seewerk GmbH',
				apprentices: 1,
				contacts: [{ email: 'p.hahn@seewerk.example', activated: false }]
			}
		]);
	});

	it('refuses another school’s office, a teacher, and companies without apprentices there', async () => {
		const a = await school();
		const b = await school();
		const teacher = await createAccount();
		await grantRole(teacher.personId, 'teacher', { schoolId: a.schoolId });
		const tom = await a.student('Tom', '2009-03-01');
		const companyId = await createCompany();
		await addApprenticeship(tom.personId, companyId);
		const input = { companyId, givenNames: 'X', familyName: 'Y', email: 'x@y.example' };

		await expect(
			inviteCompanyContact(await actorFor(b.secretary.accountId), a.schoolId, input)
		).rejects.toMatchObject({ status: 403 });
		await expect(
			inviteCompanyContact(await actorFor(teacher.accountId), a.schoolId, input)
		).rejects.toMatchObject({ status: 403 });
		const foreign = await inviteCompanyContact(
			await actorFor(b.secretary.accountId),
			b.schoolId,
			input
		);
		expect(foreign).toMatchObject({ ok: false, errors: { companyId: 'error_company_required' } });
	});
});

describe('apprenticeships by hand', () => {
	it('finds the school’s students and enters an apprenticeship with a new company', async () => {
		const a = await school();
		const lea = await a.student('Leandra', '2007-05-05');
		const office = await actorFor(a.secretary.accountId);
		const hits = await findSchoolStudents(office, a.schoolId, 'leandra');
		expect(hits.map((h) => h.personId)).toEqual([lea.personId]);

		const result = await addApprenticeshipByHand(office, a.schoolId, {
			studentPersonId: lea.personId,
			companyId: '',
			companyName: 'Bäckerei Sonnenschein',
			startsOn: '2026-09-01',
			endsOn: ''
		});
		expect(result.ok).toBe(true);
		const rows = await db()
			.select({ name: companies.name, startsOn: apprenticeships.startsOn })
			.from(apprenticeships)
			.innerJoin(companies, eq(companies.id, apprenticeships.companyId))
			.where(eq(apprenticeships.studentPersonId, lea.personId));
		expect(rows).toEqual([{ name: 'Bäckerei Sonnenschein', startsOn: '2026-09-01' }]);
	});

	it('refuses a student of another school', async () => {
		const a = await school();
		const b = await school();
		const other = await b.student('Olaf', '2008-01-01');
		const result = await addApprenticeshipByHand(
			await actorFor(a.secretary.accountId),
			a.schoolId,
			{
				studentPersonId: other.personId,
				companyId: '',
				companyName: 'X',
				startsOn: '2026-09-01',
				endsOn: ''
			}
		);
		expect(result).toMatchObject({
			ok: false,
			errors: { studentPersonId: 'error_company_student_required' }
		});
		expect(
			await findSchoolStudents(await actorFor(a.secretary.accountId), a.schoolId, 'Olaf')
		).toEqual([]);
	});
});

describe('the company’s view', () => {
	it('shows apprentices with only what consent or the school rule allows', async () => {
		const a = await school();
		const minor = await a.student('Mia', '2010-02-02');
		const adult = await a.student('Ben', '2005-02-02');
		const stranger = await a.student('Zoe', '2006-02-02');
		const companyId = await createCompany({ name: 'Seewerk GmbH' });
		await addApprenticeship(minor.personId, companyId);
		await addApprenticeship(adult.personId, companyId);
		await addConsent(adult.personId, { companyId }, 'payments');
		const contact = await createAccount();
		await grantRole(contact.personId, 'company_contact', { companyId });

		const view = await myApprentices(await actorFor(contact.accountId));
		expect(view.map((v) => [v.name.split(', ')[1], v.visible]).sort()).toEqual([
			['Ben', { absences: false, payments: true, certificates: false }],
			['Mia', { absences: true, payments: false, certificates: false }]
		]);
		expect(view.some((v) => v.personId === stranger.personId)).toBe(false);

		// Another company's contact sees none of them.
		const otherContact = await createAccount();
		await grantRole(otherContact.personId, 'company_contact', { companyId: await createCompany() });
		expect(await myApprentices(await actorFor(otherContact.accountId))).toEqual([]);
	});
});
