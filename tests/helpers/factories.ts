// Small builders for test data: each inserts one row through drizzle and returns its id. Names,
// codes and e-mails get a counter so that tests sharing one database never collide.
import { and, eq } from 'drizzle-orm';
import { hashPassword } from '$lib/server/auth/password';
import { db } from '$lib/server/db';
import { loadActor } from '$lib/server/identity/actor';
import {
	accounts,
	classes,
	apprenticeships,
	classMemberships,
	companies,
	consents,
	guardianships,
	people,
	roleMemberships,
	schools,
	schoolYears,
	type ClassRole,
	type ConsentScope,
	type Locale,
	type Role,
	type SchoolType
} from '$lib/server/identity/schema';
import type { Actor, PersonRef } from '$lib/server/policy';

/** The password of every factory account unless a test asks for another. */
export const TEST_PASSWORD = 'Korallenriff-Sommer-42';
/**
 * Grants start here rather than at the database's today, so tests that move the clock back or
 * forward still see them (loadActor keeps grants valid on the clock's school day).
 */
export const LONG_AGO = '2000-01-01';

let counter = 0;
const next = () => `${process.pid}-${++counter}`;

// argon2 takes tens of milliseconds per hash: hash each distinct password once per process.
const hashes = new Map<string, Promise<string>>();
export const passwordHashFor = (password: string) => {
	let hashed = hashes.get(password);
	if (!hashed) hashes.set(password, (hashed = hashPassword(password)));
	return hashed;
};

export async function createSchool(values: { name?: string; shortName?: string } = {}) {
	const n = next();
	const [row] = await db()
		.insert(schools)
		.values({
			code: `T${n}`,
			name: values.name ?? `Testschule ${n}`,
			shortName: values.shortName ?? `TS${n}`,
			address: 'Schulstraße 1, 78000 Seeburg',
			email: `sekretariat-${n}@schule.example`
		})
		.returning({ id: schools.id });
	return row.id;
}

export async function createSchoolYear(
	values: { label?: string; startsOn?: string; endsOn?: string } = {}
) {
	const [row] = await db()
		.insert(schoolYears)
		.values({
			label: values.label ?? `SJ ${next()}`,
			startsOn: values.startsOn ?? '2026-08-01',
			endsOn: values.endsOn ?? '2027-07-31'
		})
		.returning({ id: schoolYears.id });
	return row.id;
}

export async function createClass(values: {
	schoolId: string;
	schoolYearId?: string;
	name?: string;
	schoolType?: SchoolType;
}) {
	const [row] = await db()
		.insert(classes)
		.values({
			schoolId: values.schoolId,
			schoolYearId: values.schoolYearId ?? (await createSchoolYear()),
			name: values.name ?? `K${next()}`,
			schoolType: values.schoolType ?? 'part_time'
		})
		.returning({ id: classes.id });
	return row.id;
}

export async function createCompany(values: { name?: string } = {}) {
	const n = next();
	const [row] = await db()
		.insert(companies)
		.values({
			name: values.name ?? `Betrieb ${n}`,
			address: 'Industriestraße 5, 78000 Seeburg',
			email: `ausbildung-${n}@betrieb.example`
		})
		.returning({ id: companies.id });
	return row.id;
}

export async function createPerson(
	values: { givenNames?: string; familyName?: string; birthDate?: string | null } = {}
) {
	const [row] = await db()
		.insert(people)
		.values({
			givenNames: values.givenNames ?? 'Test',
			familyName: values.familyName ?? `Person ${next()}`,
			birthDate: values.birthDate === undefined ? '1990-01-01' : values.birthDate
		})
		.returning({ id: people.id });
	return row.id;
}

/** A unique, lower-case e-mail address. */
export const uniqueEmail = (prefix = 'user') => `${prefix}-${next()}@mail.example`;

export interface CreatedAccount {
	accountId: string;
	personId: string;
	email: string;
	password: string;
}

/** An account (and its person, unless `personId` is given) with a hashed password. */
export async function createAccount(
	values: {
		personId?: string;
		email?: string;
		password?: string;
		givenNames?: string;
		birthDate?: string | null;
		locale?: Locale;
		verified?: boolean;
		disabled?: boolean;
	} = {}
): Promise<CreatedAccount> {
	const personId =
		values.personId ??
		(await createPerson({ givenNames: values.givenNames, birthDate: values.birthDate }));
	const email = values.email ?? uniqueEmail();
	const password = values.password ?? TEST_PASSWORD;
	const [row] = await db()
		.insert(accounts)
		.values({
			personId,
			email,
			passwordHash: await passwordHashFor(password),
			locale: values.locale ?? 'de',
			emailVerifiedAt: values.verified === false ? null : new Date('2020-01-01T00:00:00Z'),
			disabledAt: values.disabled ? new Date('2020-01-01T00:00:00Z') : null
		})
		.returning({ id: accounts.id });
	return { accountId: row.id, personId, email, password };
}

export async function grantRole(
	personId: string,
	role: Role,
	values: { schoolId?: string; companyId?: string; validFrom?: string; validTo?: string } = {}
) {
	const [row] = await db()
		.insert(roleMemberships)
		.values({
			personId,
			role,
			schoolId: values.schoolId ?? null,
			companyId: values.companyId ?? null,
			validFrom: values.validFrom ?? LONG_AGO,
			validTo: values.validTo ?? null
		})
		.returning({ id: roleMemberships.id });
	return row.id;
}

export async function addToClass(
	personId: string,
	classId: string,
	role: ClassRole,
	values: { validFrom?: string; validTo?: string } = {}
) {
	const [row] = await db()
		.insert(classMemberships)
		.values({
			personId,
			classId,
			role,
			validFrom: values.validFrom ?? LONG_AGO,
			validTo: values.validTo ?? null
		})
		.returning({ id: classMemberships.id });
	return row.id;
}

export async function addGuardianship(
	guardianPersonId: string,
	studentPersonId: string,
	values: { validFrom?: string; validTo?: string } = {}
) {
	const [row] = await db()
		.insert(guardianships)
		.values({
			guardianPersonId,
			studentPersonId,
			validFrom: values.validFrom ?? LONG_AGO,
			validTo: values.validTo ?? null
		})
		.returning({ id: guardianships.id });
	return row.id;
}

export async function addApprenticeship(
	studentPersonId: string,
	companyId: string,
	values: { startsOn?: string; endsOn?: string } = {}
) {
	const [row] = await db()
		.insert(apprenticeships)
		.values({
			studentPersonId,
			companyId,
			startsOn: values.startsOn ?? LONG_AGO,
			endsOn: values.endsOn ?? null
		})
		.returning({ id: apprenticeships.id });
	return row.id;
}

/** A student's consent to a guardian person or a company (exactly one of them). */
export async function addConsent(
	studentPersonId: string,
	grantee: { guardianPersonId: string } | { companyId: string },
	scope: ConsentScope
) {
	const [row] = await db()
		.insert(consents)
		.values({ studentPersonId, scope, ...grantee })
		.returning({ id: consents.id });
	return row.id;
}

/** The actor as a request would see it (grants valid on the clock's school day). */
export async function actorFor(accountId: string, sessionId = 'test-session'): Promise<Actor> {
	const actor = await loadActor(accountId, sessionId);
	if (!actor) throw new Error(`No account ${accountId}`);
	return actor;
}

/** The policy's view of a person, read back from what was inserted (student classes and schools). */
export async function personRef(personId: string): Promise<PersonRef> {
	const [person] = await db()
		.select({ birthDate: people.birthDate })
		.from(people)
		.where(eq(people.id, personId));
	if (!person) throw new Error(`No person ${personId}`);
	const memberships = await db()
		.select({ classId: classMemberships.classId, schoolId: classes.schoolId })
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.where(and(eq(classMemberships.personId, personId), eq(classMemberships.role, 'student')));
	return {
		personId,
		birthDate: person.birthDate,
		schoolIds: [...new Set(memberships.map((m) => m.schoolId))],
		classIds: memberships.map((m) => m.classId)
	};
}
