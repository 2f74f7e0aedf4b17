// Export part 2: the person's place in schools, families and companies, and the office's
// decisions about their record (duplicates, merges). Other people appear by name only.
import { asc, eq, or, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db';
import type { Actor } from '../../policy';
import {
	apprenticeships,
	classes,
	classMemberships,
	companies,
	consents,
	guardianInvitations,
	guardianships,
	people,
	personMerges,
	possibleDuplicates,
	roleMemberships,
	rosterImports,
	schools
} from '../schema';

/** "Given names Family name" of a joined person (a child, a guardian, a case's subject). */
export const fullName = (t: { givenNames: AnyPgColumn; familyName: AnyPgColumn }) =>
	sql<string>`${t.givenNames} || ' ' || ${t.familyName}`;

export async function relationsPart(tx: DbOrTx, actor: Actor) {
	const me = actor.personId;
	const account = actor.accountId;
	const other = alias(people, 'other');

	const roles = await tx
		.select({
			role: roleMemberships.role,
			school: schools.name,
			company: companies.name,
			validFrom: roleMemberships.validFrom,
			validTo: roleMemberships.validTo
		})
		.from(roleMemberships)
		.leftJoin(schools, eq(schools.id, roleMemberships.schoolId))
		.leftJoin(companies, eq(companies.id, roleMemberships.companyId))
		.where(eq(roleMemberships.personId, me))
		.orderBy(asc(roleMemberships.validFrom));
	const classRows = await tx
		.select({
			class: classes.name,
			school: schools.name,
			role: classMemberships.role,
			validFrom: classMemberships.validFrom,
			validTo: classMemberships.validTo
		})
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.innerJoin(schools, eq(schools.id, classes.schoolId))
		.where(eq(classMemberships.personId, me))
		.orderBy(asc(classMemberships.validFrom));

	const asGuardian = await tx
		.select({
			child: fullName(other),
			validFrom: guardianships.validFrom,
			validTo: guardianships.validTo
		})
		.from(guardianships)
		.innerJoin(other, eq(other.id, guardianships.studentPersonId))
		.where(eq(guardianships.guardianPersonId, me))
		.orderBy(asc(guardianships.validFrom));
	const asChild = await tx
		.select({
			guardian: fullName(other),
			validFrom: guardianships.validFrom,
			validTo: guardianships.validTo
		})
		.from(guardianships)
		.innerJoin(other, eq(other.id, guardianships.guardianPersonId))
		.where(eq(guardianships.studentPersonId, me))
		.orderBy(asc(guardianships.validFrom));
	const training = await tx
		.select({
			company: companies.name,
			startsOn: apprenticeships.startsOn,
			endsOn: apprenticeships.endsOn
		})
		.from(apprenticeships)
		.innerJoin(companies, eq(companies.id, apprenticeships.companyId))
		.where(eq(apprenticeships.studentPersonId, me))
		.orderBy(asc(apprenticeships.startsOn));

	const given = await tx
		.select({
			scope: consents.scope,
			toGuardian: fullName(other),
			toCompany: companies.name,
			grantedAt: consents.grantedAt,
			revokedAt: consents.revokedAt
		})
		.from(consents)
		.leftJoin(other, eq(other.id, consents.guardianPersonId))
		.leftJoin(companies, eq(companies.id, consents.companyId))
		.where(eq(consents.studentPersonId, me))
		.orderBy(asc(consents.grantedAt));
	const received = await tx
		.select({
			scope: consents.scope,
			fromStudent: fullName(other),
			grantedAt: consents.grantedAt,
			revokedAt: consents.revokedAt
		})
		.from(consents)
		.innerJoin(other, eq(other.id, consents.studentPersonId))
		.where(eq(consents.guardianPersonId, me))
		.orderBy(asc(consents.grantedAt));

	const invitations = await tx
		.select({
			school: schools.name,
			createdAt: guardianInvitations.createdAt,
			expiresAt: guardianInvitations.expiresAt,
			redeemedAt: guardianInvitations.redeemedAt,
			revokedAt: guardianInvitations.revokedAt
		})
		.from(guardianInvitations)
		.innerJoin(schools, eq(schools.id, guardianInvitations.schoolId))
		.where(eq(guardianInvitations.guardianPersonId, me))
		.orderBy(asc(guardianInvitations.createdAt));
	const duplicateChecks = await tx
		.select({
			school: schools.name,
			status: possibleDuplicates.status,
			createdAt: possibleDuplicates.createdAt,
			decidedAt: possibleDuplicates.decidedAt
		})
		.from(possibleDuplicates)
		.innerJoin(schools, eq(schools.id, possibleDuplicates.schoolId))
		.where(or(eq(possibleDuplicates.personId, me), eq(possibleDuplicates.candidatePersonId, me)))
		.orderBy(asc(possibleDuplicates.createdAt));
	const merges = await tx
		.select({
			keptThisRecord: sql<boolean>`${personMerges.keptPersonId} = ${me}`,
			createdAt: personMerges.createdAt
		})
		.from(personMerges)
		.where(or(eq(personMerges.keptPersonId, me), eq(personMerges.mergedPersonId, me)))
		.orderBy(asc(personMerges.createdAt));
	const imports = await tx
		.select({
			school: schools.name,
			fileName: rosterImports.fileName,
			created: rosterImports.createdCount,
			updated: rosterImports.updatedCount,
			left: rosterImports.leftCount,
			flagged: rosterImports.flaggedCount,
			at: rosterImports.createdAt
		})
		.from(rosterImports)
		.innerJoin(schools, eq(schools.id, rosterImports.schoolId))
		.where(eq(rosterImports.accountId, account))
		.orderBy(asc(rosterImports.createdAt));

	return {
		roles,
		classes: classRows,
		guardianships: { children: asGuardian, guardians: asChild },
		apprenticeships: training,
		consents: { given, received },
		guardianInvitations: invitations,
		duplicateChecks,
		recordMerges: merges,
		rosterImports: imports
	};
}
