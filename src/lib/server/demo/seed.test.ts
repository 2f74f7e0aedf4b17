import { and, count, countDistinct, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { verifyPassword } from '../auth/password';
import { db } from '../db';
import { ageOn } from '../identity/age';
import {
	accounts,
	apprenticeships,
	classes,
	classMemberships,
	companies,
	districtSettings,
	guardianships,
	people,
	roleMemberships,
	schools
} from '../identity/schema';
import { sickNotes } from '../absences/schema';
import { cases } from '../cases/schema';
import { schoolDay } from '../clock';
import { buildDemoData } from './data';
import { buildDemoSickNotes } from './sick-notes';
import { DEMO_TODAY, SCHOOLS } from './district';
import { DEMO_LOGINS, DEMO_PASSWORD, demoLogin } from './logins';
import { seedDemoData } from './seed';
import { DEMO_ACTIVATION_STUDENT, DEMO_ADULT_WARD, DEMO_LETTER_GUARDIAN } from './newcomers';
import { demoId } from './random';

useTestDatabase();

const TABLES = {
	districtSettings,
	schools,
	classes,
	companies,
	people,
	accounts,
	roleMemberships,
	classMemberships,
	guardianships,
	apprenticeships
};

async function counts() {
	const result: Record<string, number> = {};
	for (const [name, table] of Object.entries(TABLES))
		result[name] = Number((await db().select({ n: count() }).from(table))[0].n);
	return result;
}

async function studentBirthDates() {
	const rows = await db()
		.selectDistinct({ id: people.id, birthDate: people.birthDate })
		.from(classMemberships)
		.innerJoin(people, eq(people.id, classMemberships.personId))
		.where(eq(classMemberships.role, 'student'));
	return rows.map((r) => r.birthDate!);
}

const daysBetween = (from: string, to: string) =>
	(Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

describe('demo data', () => {
	beforeAll(async () => {
		expect(await seedDemoData()).toBe(true);
	});

	it('has a district, two schools, about a dozen classes and ≥ 150 students', async () => {
		const c = await counts();
		expect(c.districtSettings).toBe(1);
		expect(c.schools).toBe(2);
		expect(c.classes).toBeGreaterThanOrEqual(10);
		expect(c.companies).toBe(3); // two from the roster plans, the consent demo's bakery
		const births = await studentBirthDates();
		expect(births.length).toBeGreaterThanOrEqual(150);
		expect(births.every((b) => b !== null)).toBe(true);
	});

	it('has minors and adults, and a student who turns 18 within the next weeks', async () => {
		const ages = (await studentBirthDates()).map((b) => ageOn(b, DEMO_TODAY));
		expect(ages.filter((a) => a < 18).length).toBeGreaterThan(20);
		expect(ages.filter((a) => a >= 18).length).toBeGreaterThan(20);
		const soon = (await studentBirthDates()).filter((b) => {
			const birthday = `${Number(b.slice(0, 4)) + 18}${b.slice(4)}`;
			const days = daysBetween(DEMO_TODAY, birthday);
			return days > 0 && days <= 42;
		});
		expect(soon.length).toBeGreaterThanOrEqual(1);
	});

	it('gives every minor student a guardian and every class one class teacher', async () => {
		const minors = (
			await db()
				.selectDistinct({ id: people.id, birthDate: people.birthDate })
				.from(classMemberships)
				.innerJoin(people, eq(people.id, classMemberships.personId))
				.where(eq(classMemberships.role, 'student'))
		).filter((p) => ageOn(p.birthDate!, DEMO_TODAY) < 18);
		const guarded = await db()
			.selectDistinct({ id: guardianships.studentPersonId })
			.from(guardianships)
			.where(
				inArray(
					guardianships.studentPersonId,
					minors.map((m) => m.id)
				)
			);
		expect(guarded).toHaveLength(minors.length);

		const perClass = await db()
			.select({ classId: classMemberships.classId, n: count() })
			.from(classMemberships)
			.where(eq(classMemberships.role, 'class_teacher'))
			.groupBy(classMemberships.classId);
		expect(perClass).toHaveLength((await counts()).classes);
		expect(perClass.every((c) => Number(c.n) === 1)).toBe(true);
	});

	it('has two guardians with wards at both schools: the demo login and one for a letter', async () => {
		const rows = await db()
			.select({
				guardian: guardianships.guardianPersonId,
				schools: countDistinct(classes.schoolId)
			})
			.from(guardianships)
			.innerJoin(
				classMemberships,
				and(
					eq(classMemberships.personId, guardianships.studentPersonId),
					eq(classMemberships.role, 'student')
				)
			)
			.innerJoin(classes, eq(classes.id, classMemberships.classId))
			.groupBy(guardianships.guardianPersonId);
		const atBoth = rows.filter((r) => Number(r.schools) === 2).map((r) => r.guardian);
		const [account] = await db()
			.select({ personId: accounts.personId })
			.from(accounts)
			.where(eq(accounts.email, demoLogin('guardian').email));
		const withoutAccount = demoId(`person:${DEMO_LETTER_GUARDIAN.key}`);
		expect(atBoth.sort()).toEqual([account.personId, withoutAccount].sort());
		const letterAccounts = await db()
			.select({ id: accounts.id })
			.from(accounts)
			.where(eq(accounts.personId, withoutAccount));
		expect(letterAccounts).toEqual([]);
	});

	it('has a student with a school e-mail and no account, for activation', async () => {
		const [person] = await db()
			.select({ id: people.id, accountId: accounts.id })
			.from(people)
			.leftJoin(accounts, eq(accounts.personId, people.id))
			.where(eq(people.schoolEmail, DEMO_ACTIVATION_STUDENT.schoolEmail));
		expect(person.id).toBe(demoId(`person:${DEMO_ACTIVATION_STUDENT.key}`));
		expect(person.accountId).toBeNull();
	});

	it('has a guardian with an account still on record for an adult student (sick notes)', async () => {
		const adultId = demoId(`person:${DEMO_ADULT_WARD.key}`);
		const [row] = await db()
			.select({ birthDate: people.birthDate, guardianId: guardianships.guardianPersonId })
			.from(guardianships)
			.innerJoin(people, eq(people.id, guardianships.studentPersonId))
			.where(eq(guardianships.studentPersonId, adultId));
		expect(ageOn(row.birthDate!, DEMO_TODAY)).toBeGreaterThanOrEqual(18);
		const [mother] = await db()
			.select({ personId: accounts.personId })
			.from(accounts)
			.where(eq(accounts.email, demoLogin('guardianOfAdult').email));
		expect(row.guardianId).toBe(mother.personId);
	});

	it('has apprentices at all three companies, each company with a contact account', async () => {
		const perCompany = await db()
			.select({ companyId: apprenticeships.companyId, n: count() })
			.from(apprenticeships)
			.groupBy(apprenticeships.companyId);
		expect(perCompany).toHaveLength(3);
		const contacts = await db()
			.select({ companyId: roleMemberships.companyId })
			.from(roleMemberships)
			.innerJoin(accounts, eq(accounts.personId, roleMemberships.personId))
			.where(eq(roleMemberships.role, 'company_contact'));
		expect(new Set(contacts.map((c) => c.companyId))).toEqual(
			new Set(perCompany.map((c) => c.companyId))
		);
	});

	it('finds every demo login by e-mail, verified, with its role and the demo password', async () => {
		for (const login of DEMO_LOGINS) {
			const rows = await db()
				.select({
					verifiedAt: accounts.emailVerifiedAt,
					role: roleMemberships.role,
					passwordHash: accounts.passwordHash
				})
				.from(accounts)
				.innerJoin(roleMemberships, eq(roleMemberships.personId, accounts.personId))
				.where(eq(accounts.email, login.email));
			expect(
				rows.map((r) => r.role),
				login.email
			).toContain(login.role);
			expect(rows[0].verifiedAt, login.email).not.toBeNull();
		}
		const [{ passwordHash }] = await db()
			.select({ passwordHash: accounts.passwordHash })
			.from(accounts)
			.where(eq(accounts.email, demoLogin('student').email));
		expect(await verifyPassword(passwordHash!, DEMO_PASSWORD)).toBe(true);
		expect(await verifyPassword(passwordHash!, 'Seeburg-Demo-2025')).toBe(false);
	});

	it('the adult demo student is an adult and the minor one a minor', async () => {
		const birthOf = async (email: string) =>
			(
				await db()
					.select({ birthDate: people.birthDate })
					.from(accounts)
					.innerJoin(people, eq(people.id, accounts.personId))
					.where(eq(accounts.email, email))
			)[0].birthDate!;
		expect(ageOn(await birthOf(demoLogin('student').email), DEMO_TODAY)).toBeGreaterThanOrEqual(18);
		expect(ageOn(await birthOf(demoLogin('studentMinor').email), DEMO_TODAY)).toBeLessThan(17);
	});

	it('has sick notes for the desk: today at GS Seeburg, an overdue excuse in TG11, an open one at KS Lindenau', async () => {
		const today = schoolDay();
		const notes = await db()
			.select({
				schoolCode: schools.code,
				className: classes.name,
				firstDay: sickNotes.firstDay,
				excuseDueOn: sickNotes.excuseDueOn,
				excuseReceivedAt: sickNotes.excuseReceivedAt,
				reference: cases.reference
			})
			.from(sickNotes)
			.innerJoin(cases, eq(cases.id, sickNotes.caseId))
			.innerJoin(schools, eq(schools.id, sickNotes.schoolId))
			.innerJoin(classes, eq(classes.id, sickNotes.classId));
		const gs = notes.filter((n) => n.schoolCode === SCHOOLS.gs.code);
		const ks = notes.filter((n) => n.schoolCode === SCHOOLS.ks.code);
		expect(gs.filter((n) => n.firstDay === today).length).toBeGreaterThanOrEqual(2);
		expect(
			gs.some((n) => n.className === 'TG11' && n.excuseDueOn !== null && n.excuseDueOn < today)
		).toBe(true);
		expect(ks.some((n) => n.excuseDueOn !== null && n.excuseDueOn >= today)).toBe(true);
		expect(new Set(notes.map((n) => n.reference)).size).toBe(notes.length);
		// The TG11 class teacher's demo login leads that class.
		const [lead] = await db()
			.select({ className: classes.name })
			.from(accounts)
			.innerJoin(classMemberships, eq(classMemberships.personId, accounts.personId))
			.innerJoin(classes, eq(classes.id, classMemberships.classId))
			.where(
				and(
					eq(accounts.email, demoLogin('classTeacherTG11').email),
					eq(classMemberships.role, 'class_teacher')
				)
			);
		expect(lead.className).toBe('TG11');
		const data = buildDemoData('hash');
		expect(buildDemoSickNotes(data, '2026-11-23')).toEqual(
			buildDemoSickNotes(buildDemoData('hash'), '2026-11-23')
		);
	});

	it('adds nothing when it runs again', async () => {
		const before = await counts();
		expect(await seedDemoData()).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('builds the same data every time', () => {
		expect(buildDemoData('hash')).toEqual(buildDemoData('hash'));
		const emails = buildDemoData('hash')
			.people.map((p) => p.schoolEmail)
			.filter((e) => e);
		expect(new Set(emails).size).toBe(emails.length);
		expect(
			emails.every((e) =>
				/^[a-z-]+\.[a-z-]+\d*@(gs-seeburg|ks-lindenau)\.schule\.example$/.test(e!)
			)
		).toBe(true);
	});
});
