import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { schoolDay } from '../clock';
import { db, type Database } from '../db';
import { passkeys, totpCredentials } from '../auth/schema';
import { requiresSecondFactor } from '../auth/second-factor/service';
import type { Actor } from '../policy/actor';
import {
	accounts,
	apprenticeships,
	classes,
	classMemberships,
	consents,
	guardianships,
	people,
	roleMemberships,
	type Role
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
			familyName: people.familyName,
			// In the same round trip: whether a second factor is set up (most accounts have none).
			hasSecondFactor: sql<boolean>`exists (select 1 from ${totpCredentials} where ${totpCredentials.accountId} = ${accounts.id} and ${totpCredentials.confirmedAt} is not null) or exists (select 1 from ${passkeys} where ${passkeys.accountId} = ${accounts.id})`
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
		.prepare('actor_wards'),
	// Consents given to this person as a (former) guardian, or to a company they are a contact for.
	consents: database
		.select({
			studentPersonId: consents.studentPersonId,
			scope: consents.scope,
			guardianPersonId: consents.guardianPersonId,
			companyId: consents.companyId
		})
		.from(consents)
		.where(
			and(
				isNull(consents.revokedAt),
				or(
					sql`${consents.guardianPersonId} = (select ${accounts.personId} from ${accounts} where ${accounts.id} = ${byAccount})`,
					sql`${consents.companyId} in (${companyIdsOf(database)})`
				)
			)
		)
		.prepare('actor_consents'),
	apprentices: database
		.select({
			studentPersonId: apprenticeships.studentPersonId,
			birthDate: people.birthDate,
			companyId: apprenticeships.companyId
		})
		.from(apprenticeships)
		.innerJoin(people, eq(people.id, apprenticeships.studentPersonId))
		.where(
			and(
				sql`${apprenticeships.companyId} in (${companyIdsOf(database)})`,
				lte(apprenticeships.startsOn, onDay),
				or(isNull(apprenticeships.endsOn), gte(apprenticeships.endsOn, onDay))
			)
		)
		.prepare('actor_apprentices')
});

/** The companies the account's person is a contact for today. */
const companyIdsOf = (database: Database) =>
	database
		.select({ companyId: roleMemberships.companyId })
		.from(roleMemberships)
		.innerJoin(accounts, eq(accounts.personId, roleMemberships.personId))
		.where(
			and(
				eq(accounts.id, byAccount),
				eq(roleMemberships.role, 'company_contact'),
				validToday(roleMemberships)
			)
		);

/**
 * For a session that has not passed a second factor: 'verify' when the account has one, 'setup'
 * when its roles need one and it has none yet, undefined when it needs none.
 */
function pendingSecondFactor(hasSecondFactor: boolean, roles: { role: Role }[]) {
	if (hasSecondFactor) return 'verify' as const;
	return requiresSecondFactor(roles) ? ('setup' as const) : undefined;
}

const prepared = new WeakMap<Database, ReturnType<typeof prepareQueries>>();

function queries() {
	const database = db();
	let q = prepared.get(database);
	if (!q) prepared.set(database, (q = prepareQueries(database)));
	return q;
}

/** Builds the request's actor: the account, its person, and the grants valid today. */
export async function loadActor(
	accountId: string,
	sessionId: string,
	/** The session row's state; without it (jobs, tests) the second factor is not looked at. */
	session?: { secondFactorAt: Date | null }
): Promise<Actor | null> {
	const q = queries();
	const params = { accountId, today: schoolDay() };
	const [[account], roles, classGrants, wards, consentGrants, apprentices] = await Promise.all([
		q.account.execute(params),
		q.roles.execute(params),
		q.classes.execute(params),
		q.wards.execute(params),
		q.consents.execute(params),
		q.apprentices.execute(params)
	]);
	if (!account) return null;
	const secondFactorPending =
		session && !session.secondFactorAt
			? pendingSecondFactor(account.hasSecondFactor, roles)
			: undefined;

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
		wards,
		consents: consentGrants,
		apprentices,
		...(secondFactorPending ? { secondFactorPending } : {})
	};
}
