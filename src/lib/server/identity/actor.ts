import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { schoolDay } from '../clock';
import { db } from '../db';
import type { Actor } from '../policy/actor';
import {
	accounts,
	classes,
	classMemberships,
	guardianships,
	people,
	roleMemberships
} from './schema';

/** Builds the request's actor: the account, its person, and the grants valid today. */
export async function loadActor(accountId: string, sessionId: string): Promise<Actor | null> {
	const today = schoolDay();
	const validToday = (t: { validFrom: AnyPgColumn; validTo: AnyPgColumn }) =>
		and(lte(t.validFrom, today), or(isNull(t.validTo), gte(t.validTo, today)));

	const [account] = await db()
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
		.where(eq(accounts.id, accountId));
	if (!account) return null;

	const [roles, classGrants, wards] = await Promise.all([
		db()
			.select({
				role: roleMemberships.role,
				schoolId: roleMemberships.schoolId,
				companyId: roleMemberships.companyId
			})
			.from(roleMemberships)
			.where(and(eq(roleMemberships.personId, account.personId), validToday(roleMemberships))),
		db()
			.select({
				classId: classMemberships.classId,
				schoolId: classes.schoolId,
				role: classMemberships.role
			})
			.from(classMemberships)
			.innerJoin(classes, eq(classes.id, classMemberships.classId))
			.where(and(eq(classMemberships.personId, account.personId), validToday(classMemberships))),
		db()
			.select({ studentPersonId: guardianships.studentPersonId, birthDate: people.birthDate })
			.from(guardianships)
			.innerJoin(people, eq(people.id, guardianships.studentPersonId))
			.where(and(eq(guardianships.guardianPersonId, account.personId), validToday(guardianships)))
	]);

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
