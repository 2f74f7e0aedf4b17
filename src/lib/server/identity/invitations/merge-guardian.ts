// Joining the letter's guardian record to the person of the account that redeems it (the letter
// is the proof they are one person). A narrower cousin of duplicates/merge.ts: a guardian record
// without an account has only guardianships, guardian roles and consents to move.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { now } from '../../clock';
import type { Tx } from '../../db';
import { consents, guardianships, people, personMerges, roleMemberships } from '../schema';

/**
 * Moves the invited guardian record's links to the account's person and marks it merged. Rows
 * the kept person already has (same child, same role at the school, same consent) stay behind.
 */
export async function mergeGuardian(
	tx: Tx,
	from: string,
	into: string,
	accountId: string,
	invitationId: string
) {
	// Locked, so two letters of one record redeemed at once cannot both merge it.
	const [merged] = await tx.select().from(people).where(eq(people.id, from)).for('update');
	if (merged.mergedIntoPersonId) throw new Error(`person ${from} was merged meanwhile`);
	const moved: Record<string, string[]> = { guardianships: [], roleMemberships: [], consents: [] };
	const stayed: Record<string, string[]> = { guardianships: [], roleMemberships: [], consents: [] };

	const theirs = await tx
		.select()
		.from(guardianships)
		.where(eq(guardianships.guardianPersonId, from));
	const mine = await tx
		.select({ studentPersonId: guardianships.studentPersonId })
		.from(guardianships)
		.where(and(eq(guardianships.guardianPersonId, into), isNull(guardianships.validTo)));
	for (const g of theirs) {
		const duplicate = mine.some((m) => m.studentPersonId === g.studentPersonId) && !g.validTo;
		(duplicate || g.studentPersonId === into ? stayed : moved).guardianships.push(g.id);
	}
	if (moved.guardianships.length)
		await tx
			.update(guardianships)
			.set({ guardianPersonId: into })
			.where(inArray(guardianships.id, moved.guardianships));

	const theirRoles = await tx
		.select()
		.from(roleMemberships)
		.where(and(eq(roleMemberships.personId, from), isNull(roleMemberships.validTo)));
	const myRoles = await tx
		.select()
		.from(roleMemberships)
		.where(and(eq(roleMemberships.personId, into), isNull(roleMemberships.validTo)));
	for (const r of theirRoles) {
		const duplicate = myRoles.some(
			(m) => m.role === r.role && m.schoolId === r.schoolId && m.companyId === r.companyId
		);
		(duplicate ? stayed : moved).roleMemberships.push(r.id);
	}
	if (moved.roleMemberships.length)
		await tx
			.update(roleMemberships)
			.set({ personId: into })
			.where(inArray(roleMemberships.id, moved.roleMemberships));

	const theirConsents = await tx
		.select()
		.from(consents)
		.where(and(eq(consents.guardianPersonId, from), isNull(consents.revokedAt)));
	const myConsents = await tx
		.select()
		.from(consents)
		.where(and(eq(consents.guardianPersonId, into), isNull(consents.revokedAt)));
	for (const c of theirConsents) {
		const duplicate = myConsents.some(
			(m) => m.studentPersonId === c.studentPersonId && m.scope === c.scope
		);
		(duplicate ? stayed : moved).consents.push(c.id);
	}
	if (moved.consents.length)
		await tx
			.update(consents)
			.set({ guardianPersonId: into })
			.where(inArray(consents.id, moved.consents));

	await tx
		.update(people)
		.set({ mergedIntoPersonId: into, updatedAt: now() })
		.where(eq(people.id, from));
	const details = {
		reason: 'guardian_invitation',
		invitationId,
		merged: {
			givenNames: merged.givenNames,
			familyName: merged.familyName,
			birthDate: merged.birthDate,
			contactEmail: merged.contactEmail
		},
		moved,
		stayed
	};
	const [row] = await tx
		.insert(personMerges)
		.values({ keptPersonId: into, mergedPersonId: from, accountId, details, createdAt: now() })
		.returning({ id: personMerges.id });
	await recordAudit(tx, {
		actorAccountId: accountId,
		action: 'identity.person_merged',
		resourceType: 'person',
		resourceId: into,
		details: { mergeId: row.id, mergedPersonId: from, reason: 'guardian_invitation' }
	});
}
