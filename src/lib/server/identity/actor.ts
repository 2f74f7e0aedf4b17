import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { schoolDay } from '../clock';
import { db, type Database } from '../db';
import type { Actor } from '../policy/actor';
import {
	accounts,
	classes,
	classMemberships,
	guardianships,
	people,
	roleMemberships
} from './schema';

// Built on every request, so the queries are prepared once per database: drizzle runs an
// unprepared query with parameters as two round trips (postgres.js describes it first) and builds
// its SQL anew each time. The grants are found through the account (joined to its person), so all
// four queries go out at once instead of waiting for the account's row first.
const byAccount = sql.placeholder('accountId');
const onDay = sql.placeholder('today');
const validToday = (t: { validFrom: AnyPgColumn; validTo: AnyPgColumn }) =>
	and(lte(t.validFrom, onDay), or(isNull(t.validTo), gte(t.validTo, onDay)));

const prepareQueries = (database: Database) => ({
	account: database
		.select({
			accountId: accounts.id,
			personId: accounts.personId,
			email: accounts.email,
			emailVerifiedAt: accounts.emailVerifiedAt,
			locale: accounts.locale,
			givenNames: people.givenNames,
			familyName: people.familyName
		})
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(eq(accounts.id, byAccount))
		.prepare('actor_account'),
	roles: database
		.select({
			role: roleMemberships.role,
			schoolId: roleMemberships.schoolId,
			companyId: roleMemberships.companyId
		})
		.from(roleMemberships)
		.innerJoin(accounts, eq(accounts.personId, roleMemberships.personId))
		.where(and(eq(accounts.id, byAccount), validToday(roleMemberships)))
		.prepare('actor_roles'),
	classes: database
		.select({
			classId: classMemberships.classId,
			schoolId: classes.schoolId,
			role: classMemberships.role
		})
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.innerJoin(accounts, eq(accounts.personId, classMemberships.personId))
		.where(and(eq(accounts.id, byAccount), validToday(classMemberships)))
		.prepare('actor_classes'),
	wards: database
		.select({ studentPersonId: guardianships.studentPersonId, birthDate: people.birthDate })
		.from(guardianships)
		.innerJoin(people, eq(people.id, guardianships.studentPersonId))
		.innerJoin(accounts, eq(accounts.personId, guardianships.guardianPersonId))
		.where(and(eq(accounts.id, byAccount), validToday(guardianships)))
		.prepare('actor_wards')
});

const prepared = new WeakMap<Database, ReturnType<typeof prepareQueries>>();

function queries() {
	const database = db();
	let q = prepared.get(database);
	if (!q) prepared.set(database, (q = prepareQueries(database)));
	return q;
}

/** Builds the request's actor: the account, its person, and the grants valid today. */
export async function loadActor(accountId: string, sessionId: string): Promise<Actor | null> {
	const q = queries();
	const params = { accountId, today: schoolDay() };
	const [[account], roles, classGrants, wards] = await Promise.all([
		q.account.execute(params),
		q.roles.execute(params),
		q.classes.execute(params),
		q.wards.execute(params)
	]);
	if (!account) return null;

	return {
		accountId: account.accountId,
		personId: account.personId,
		email: account.email,
		emailVerified: account.emailVerifiedAt !== null,
		displayName: `${account.givenNames} ${account.familyName}`,
		locale: account.locale,
		sessionId,
		roles,
		classes: classGrants,
		wards
	};
}
