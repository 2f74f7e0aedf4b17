// Consents (issue 3): an adult student lets a named (former) guardian or their training company
// keep seeing one kind of their records. Revocable at any time; every change is audit-logged.
import { and, asc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { schoolDay } from '../../clock';
import { db } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { authorize, can, type Actor } from '../../policy';
import { isMinorOn } from '../age';
import { loadPersonRef } from '../person-ref';
import {
	apprenticeships,
	companies,
	consents,
	CONSENT_SCOPES,
	guardianships,
	people,
	type ConsentScope
} from '../schema';

export type GranteeKind = 'guardian' | 'company';

export interface Grantee {
	kind: GranteeKind;
	id: string;
	name: string;
	/** The scopes currently consented to. */
	scopes: ConsentScope[];
}

export interface ConsentOverview {
	/** Only adults decide; for a minor the page explains the rules instead. */
	canManage: boolean;
	birthDate: string | null;
	grantees: Grantee[];
}

/** Who may receive a consent from this student: every guardian ever recorded, current companies. */
async function granteesOf(studentPersonId: string) {
	const guardians = await db()
		.selectDistinct({
			id: people.id,
			name: sql<string>`${people.givenNames} || ' ' || ${people.familyName}`
		})
		.from(guardianships)
		.innerJoin(people, eq(people.id, guardianships.guardianPersonId))
		.where(
			and(eq(guardianships.studentPersonId, studentPersonId), isNull(people.mergedIntoPersonId))
		)
		.orderBy(asc(sql`2`));
	const today = schoolDay();
	const firms = await db()
		.selectDistinct({ id: companies.id, name: companies.name })
		.from(apprenticeships)
		.innerJoin(companies, eq(companies.id, apprenticeships.companyId))
		.where(
			and(
				eq(apprenticeships.studentPersonId, studentPersonId),
				or(isNull(apprenticeships.endsOn), gte(apprenticeships.endsOn, today))
			)
		)
		.orderBy(asc(companies.name));
	return { guardians, firms };
}

export async function consentOverview(actor: Actor): Promise<ConsentOverview> {
	const person = await loadPersonRef(actor.personId);
	const canManage = !!person && can(actor, 'consent.manage', { type: 'person', person });
	const { guardians, firms } = await granteesOf(actor.personId);
	const active = await db()
		.select({
			guardianPersonId: consents.guardianPersonId,
			companyId: consents.companyId,
			scope: consents.scope
		})
		.from(consents)
		.where(and(eq(consents.studentPersonId, actor.personId), isNull(consents.revokedAt)));
	const scopesOf = (kind: GranteeKind, id: string) =>
		active
			.filter((c) => (kind === 'guardian' ? c.guardianPersonId : c.companyId) === id)
			.map((c) => c.scope);
	return {
		canManage,
		birthDate: person?.birthDate ?? null,
		grantees: [
			...guardians.map((g) => ({
				kind: 'guardian' as const,
				...g,
				scopes: scopesOf('guardian', g.id)
			})),
			...firms.map((f) => ({ kind: 'company' as const, ...f, scopes: scopesOf('company', f.id) }))
		]
	};
}

/**
 * Sets the grantee's consents to exactly `scopes`: grants what is new, revokes what was dropped.
 * Refused (404) for anyone but the adult student; an unknown grantee is a field error.
 */
export async function setConsents(
	actor: Actor,
	input: { kind: GranteeKind; granteeId: string; scopes: ConsentScope[] }
): Promise<Result<{ granted: ConsentScope[]; revoked: ConsentScope[] }>> {
	const person = await loadPersonRef(actor.personId);
	if (!person) return failure(404, {});
	authorize(actor, 'consent.manage', { type: 'person', person });
	// Defence in depth: the policy already refuses minors.
	if (isMinorOn(person.birthDate, schoolDay())) return failure(403, {});

	const { guardians, firms } = await granteesOf(actor.personId);
	const known = (input.kind === 'guardian' ? guardians : firms).some(
		(g) => g.id === input.granteeId
	);
	if (!known) return failure(400, { grantee: 'error_consent_grantee_unknown' });
	const wanted = new Set(input.scopes.filter((s) => CONSENT_SCOPES.includes(s)));

	const granteeColumn = input.kind === 'guardian' ? consents.guardianPersonId : consents.companyId;
	return db().transaction(async (tx) => {
		const current = await tx
			.select({ id: consents.id, scope: consents.scope })
			.from(consents)
			.where(
				and(
					eq(consents.studentPersonId, actor.personId),
					eq(granteeColumn, input.granteeId),
					isNull(consents.revokedAt)
				)
			)
			.for('update');
		const have = new Set(current.map((c) => c.scope));
		const granted = [...wanted].filter((s) => !have.has(s));
		const dropped = current.filter((c) => !wanted.has(c.scope));
		if (dropped.length)
			await tx
				.update(consents)
				.set({ revokedAt: sql`now()` })
				.where(
					inArray(
						consents.id,
						dropped.map((c) => c.id)
					)
				);
		if (granted.length)
			await tx.insert(consents).values(
				granted.map((scope) => ({
					studentPersonId: actor.personId,
					scope,
					...(input.kind === 'guardian'
						? { guardianPersonId: input.granteeId }
						: { companyId: input.granteeId })
				}))
			);
		const revoked = dropped.map((c) => c.scope);
		if (granted.length || revoked.length)
			await recordAudit(tx, {
				actorAccountId: actor.accountId,
				action: 'consent.change',
				resourceType: 'person',
				resourceId: actor.personId,
				details: { grantee: input.kind, granteeId: input.granteeId, granted, revoked }
			});
		return ok({ granted, revoked });
	});
}
