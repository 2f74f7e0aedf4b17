// The timeline of a case as the family and staff pages show it: who did what, when. Only display
// names leave here (no e-mails, no account ids). The caller has already asked the policy.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { accounts, guardianships, people, roleMemberships } from '../identity/schema';
import { caseEvents, cases } from './schema';

export type TimelineActorRole = 'family' | 'staff' | 'company' | 'system';

export interface TimelineEvent {
	at: Date;
	kind: string;
	actorName: string | null;
	actorRole: TimelineActorRole;
	data: Record<string, unknown>;
}

const STAFF_ROLES = [
	'teacher',
	'social_worker',
	'secretary',
	'school_admin',
	'district_finance',
	'district_admin'
] as const;

/** Events of a case, oldest first. */
export async function caseTimeline(tx: DbOrTx, caseId: string): Promise<TimelineEvent[]> {
	const rows = await tx
		.select({
			id: caseEvents.id,
			at: caseEvents.at,
			kind: caseEvents.kind,
			data: caseEvents.data,
			personId: accounts.personId,
			givenNames: people.givenNames,
			familyName: people.familyName
		})
		.from(caseEvents)
		.leftJoin(accounts, eq(accounts.id, caseEvents.actorAccountId))
		.leftJoin(people, eq(people.id, accounts.personId))
		.where(eq(caseEvents.caseId, caseId))
		.orderBy(asc(caseEvents.at), asc(caseEvents.id));
	const roles = await actorRoles(tx, caseId, [
		...new Set(rows.map((r) => r.personId).filter((id): id is string => !!id))
	]);
	return rows.map((r) => ({
		at: r.at,
		kind: r.kind,
		actorName: r.personId ? `${r.givenNames} ${r.familyName}` : null,
		actorRole: r.personId ? (roles.get(r.personId) ?? 'family') : 'system',
		data: r.data ?? {}
	}));
}

/**
 * The student and their (former) guardians act as the family even when they also work at a
 * school; otherwise a company contact role, then a staff role, decides.
 */
async function actorRoles(tx: DbOrTx, caseId: string, personIds: string[]) {
	const result = new Map<string, TimelineActorRole>();
	if (personIds.length === 0) return result;
	const [subject] = await tx
		.select({ personId: cases.subjectPersonId })
		.from(cases)
		.where(eq(cases.id, caseId));
	const family = new Set<string>([subject.personId]);
	const guardians = await tx
		.select({ personId: guardianships.guardianPersonId })
		.from(guardianships)
		.where(
			and(
				eq(guardianships.studentPersonId, subject.personId),
				inArray(guardianships.guardianPersonId, personIds)
			)
		);
	for (const g of guardians) family.add(g.personId);
	// Any role ever held: a teacher who has left still acted as staff back then.
	const memberships = await tx
		.select({ personId: roleMemberships.personId, role: roleMemberships.role })
		.from(roleMemberships)
		.where(inArray(roleMemberships.personId, personIds));
	for (const personId of personIds) {
		if (family.has(personId)) {
			result.set(personId, 'family');
			continue;
		}
		const mine = memberships.filter((m) => m.personId === personId).map((m) => m.role);
		if (mine.includes('company_contact')) result.set(personId, 'company');
		else if (mine.some((r) => (STAFF_ROLES as readonly string[]).includes(r)))
			result.set(personId, 'staff');
		else result.set(personId, 'family');
	}
	return result;
}
