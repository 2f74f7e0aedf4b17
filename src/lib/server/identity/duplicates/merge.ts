// Merging two person records from the "Mögliche Dubletten" queue (issue 3, item 7). The office
// chooses which record to keep; everything that points at the other one moves to it in one
// transaction, and the merge is kept forever in person_merges (snapshot of the merged record, the
// ids of every moved row per table) so it can be explained later. The merged record stays as a
// tombstone (people.merged_into_person_id) and is never matched again.
//
// Rules:
// - Both records have an account: refused. Two logins for one person need the person to choose
//   which one stays; the office cannot decide that for them.
// - One is the other's guardian: refused (a person cannot represent themselves).
// - Only the merged record has an account: the account moves (its sessions, passkeys stay valid).
// - ASV id, school e-mail, contact e-mail, birth date: taken over where the kept record has none;
//   the merged record's identifiers are cleared in any case (they are unique and in the snapshot).
//   Two different ASV ids: the office says which one stays (`asvIdFrom`); otherwise next week's
//   list would raise the same pair again. The replaced one is in the merge record.
// - A moved membership, guardianship or apprenticeship the kept record already has (same class and
//   role, same guardian, same company, still open) is ended on moving; a moved role that the kept
//   record already holds is ended; a consent it already has is revoked. Nothing is deleted.
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { cases } from '../../cases/schema';
import { now, schoolDay } from '../../clock';
import { db, type Tx } from '../../db';
import { failure, notFound, ok, type Result } from '../../errors';
import { can, type Actor } from '../../policy';
import {
	accounts,
	apprenticeships,
	classMemberships,
	consents,
	guardianInvitations,
	guardianships,
	people,
	personMerges,
	possibleDuplicates,
	roleMemberships
} from '../schema';

export type MergeErrorKey =
	| 'duplicates_error_decided'
	| 'duplicates_error_keep_invalid'
	| 'duplicates_error_both_accounts'
	| 'duplicates_error_related'
	| 'duplicates_error_already_merged';

export interface MergeOutcome {
	mergeId: string;
	keptPersonId: string;
	mergedPersonId: string;
	/** Row ids per table (and column) that now point at the kept person. */
	moved: Record<string, string[]>;
}

/** The queue row, or 404 when it does not exist or belongs to a school the actor does not run. */
export async function loadDuplicateFor(actor: Actor, duplicateId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(duplicateId)) notFound();
	const [row] = await db()
		.select()
		.from(possibleDuplicates)
		.where(eq(possibleDuplicates.id, duplicateId));
	if (!row || !can(actor, 'duplicates.resolve', { type: 'school', schoolId: row.schoolId }))
		notFound();
	return row!;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

function previousDay(day: string): string {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 1);
	return d.toISOString().slice(0, 10);
}

export async function mergeDuplicate(
	actor: Actor,
	duplicateId: string,
	keepPersonId: string,
	options: {
		/**
		 * Both records have an ASV id and they differ: which one the kept record carries on. The
		 * newer class list is usually right, so the office is asked (default: the kept one's).
		 */
		asvIdFrom?: 'kept' | 'merged';
	} = {}
): Promise<Result<MergeOutcome>> {
	const duplicate = await loadDuplicateFor(actor, duplicateId);
	if (keepPersonId !== duplicate.personId && keepPersonId !== duplicate.candidatePersonId)
		return failure(400, { keep: 'duplicates_error_keep_invalid' });
	const keptId = keepPersonId;
	const mergedId =
		keepPersonId === duplicate.personId ? duplicate.candidatePersonId : duplicate.personId;

	return db().transaction(async (tx): Promise<Result<MergeOutcome>> => {
		const [current] = await tx
			.select({ status: possibleDuplicates.status })
			.from(possibleDuplicates)
			.where(eq(possibleDuplicates.id, duplicateId))
			.for('update');
		if (current.status !== 'open') return failure(409, { form: 'duplicates_error_decided' });
		const pair = await tx
			.select()
			.from(people)
			.where(inArray(people.id, [keptId, mergedId]))
			.orderBy(people.id)
			.for('update');
		const kept = pair.find((p) => p.id === keptId)!;
		const merged = pair.find((p) => p.id === mergedId)!;
		if (kept.mergedIntoPersonId || merged.mergedIntoPersonId)
			return failure(409, { form: 'duplicates_error_already_merged' });

		const logins = await tx
			.select({ id: accounts.id, personId: accounts.personId })
			.from(accounts)
			.where(inArray(accounts.personId, [keptId, mergedId]));
		if (logins.length === 2) return failure(409, { form: 'duplicates_error_both_accounts' });
		const related = await tx
			.select({ id: guardianships.id })
			.from(guardianships)
			.where(
				or(
					and(
						eq(guardianships.guardianPersonId, keptId),
						eq(guardianships.studentPersonId, mergedId)
					),
					and(
						eq(guardianships.guardianPersonId, mergedId),
						eq(guardianships.studentPersonId, keptId)
					)
				)
			);
		if (related.length > 0) return failure(409, { form: 'duplicates_error_related' });

		const moved = await moveEverything(tx, keptId, mergedId, duplicateId);
		const account = logins.find((l) => l.personId === mergedId);
		if (account) {
			await tx.update(accounts).set({ personId: keptId }).where(eq(accounts.id, account.id));
			moved['accounts.person_id'] = [account.id];
		}

		// Identifiers are unique: free them on the merged record first, then give them to the kept
		// one where it has none.
		const snapshot = { ...merged };
		await tx
			.update(people)
			.set({ asvId: null, schoolEmail: null, mergedIntoPersonId: keptId, updatedAt: now() })
			.where(eq(people.id, mergedId));
		const takenOver: Record<string, string> = {};
		if (merged.asvId && (!kept.asvId || options.asvIdFrom === 'merged'))
			takenOver.asvId = merged.asvId;
		if (!kept.schoolEmail && merged.schoolEmail) takenOver.schoolEmail = merged.schoolEmail;
		if (!kept.contactEmail && merged.contactEmail) takenOver.contactEmail = merged.contactEmail;
		if (!kept.birthDate && merged.birthDate) takenOver.birthDate = merged.birthDate;
		if (Object.keys(takenOver).length > 0)
			await tx
				.update(people)
				.set({ ...takenOver, updatedAt: now() })
				.where(eq(people.id, keptId));

		const [merge] = await tx
			.insert(personMerges)
			.values({
				keptPersonId: keptId,
				mergedPersonId: mergedId,
				possibleDuplicateId: duplicateId,
				accountId: actor.accountId,
				details: {
					merged: snapshot,
					takenOver,
					replaced: takenOver.asvId && kept.asvId ? { asvId: kept.asvId } : {},
					moved
				}
			})
			.returning({ id: personMerges.id });
		await tx
			.update(possibleDuplicates)
			.set({ status: 'merged', decidedAt: now(), decidedByAccountId: actor.accountId })
			.where(eq(possibleDuplicates.id, duplicateId));
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'person.merge',
			resourceType: 'person',
			resourceId: keptId,
			details: {
				mergedPersonId: mergedId,
				possibleDuplicateId: duplicateId,
				personMergeId: merge.id,
				takenOver: Object.keys(takenOver),
				moved: Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, v.length]))
			}
		});
		return ok({ mergeId: merge.id, keptPersonId: keptId, mergedPersonId: mergedId, moved });
	});
}

/** Re-points every row that references the merged person; returns the moved ids per column. */
async function moveEverything(
	tx: Tx,
	keptId: string,
	mergedId: string,
	duplicateId: string
): Promise<Record<string, string[]>> {
	const today = schoolDay();
	const yesterday = previousDay(today);
	const moved: Record<string, string[]> = {};
	const at = now();

	// Roles: one open grant per (role, school, company) — end the merged one where the kept has it.
	await tx.execute(sql`
		update ${roleMemberships} m set valid_to = ${today}
		where m.person_id = ${mergedId} and m.valid_to is null and exists (
			select 1 from ${roleMemberships} k where k.person_id = ${keptId} and k.valid_to is null
			and k.role = m.role and k.school_id is not distinct from m.school_id
			and k.company_id is not distinct from m.company_id)`);
	moved['role_memberships.person_id'] = ids(
		await tx
			.update(roleMemberships)
			.set({ personId: keptId })
			.where(eq(roleMemberships.personId, mergedId))
			.returning({ id: roleMemberships.id })
	);

	// Class memberships: the same class and role twice is one membership — end the moved copy.
	await tx.execute(sql`
		update ${classMemberships} m set valid_to = ${yesterday}
		where m.person_id = ${mergedId} and (m.valid_to is null or m.valid_to >= ${today}) and exists (
			select 1 from ${classMemberships} k where k.person_id = ${keptId}
			and (k.valid_to is null or k.valid_to >= ${today})
			and k.class_id = m.class_id and k.role = m.role)`);
	moved['class_memberships.person_id'] = ids(
		await tx
			.update(classMemberships)
			.set({ personId: keptId })
			.where(eq(classMemberships.personId, mergedId))
			.returning({ id: classMemberships.id })
	);

	// Guardianships, both sides: a pair the kept person already has open is ended on moving.
	await tx.execute(sql`
		update ${guardianships} m set valid_to = ${yesterday}
		where (m.valid_to is null or m.valid_to >= ${today}) and exists (
			select 1 from ${guardianships} k where (k.valid_to is null or k.valid_to >= ${today})
			and ((m.guardian_person_id = ${mergedId} and k.guardian_person_id = ${keptId}
				and k.student_person_id = m.student_person_id)
			or (m.student_person_id = ${mergedId} and k.student_person_id = ${keptId}
				and k.guardian_person_id = m.guardian_person_id)))`);
	moved['guardianships.guardian_person_id'] = ids(
		await tx
			.update(guardianships)
			.set({ guardianPersonId: keptId })
			.where(eq(guardianships.guardianPersonId, mergedId))
			.returning({ id: guardianships.id })
	);
	moved['guardianships.student_person_id'] = ids(
		await tx
			.update(guardianships)
			.set({ studentPersonId: keptId })
			.where(eq(guardianships.studentPersonId, mergedId))
			.returning({ id: guardianships.id })
	);

	// Apprenticeships: the same open company twice is one apprenticeship.
	await tx.execute(sql`
		update ${apprenticeships} m set ends_on = greatest(m.starts_on, ${yesterday}::date)
		where m.student_person_id = ${mergedId} and (m.ends_on is null or m.ends_on >= ${today})
		and exists (select 1 from ${apprenticeships} k where k.student_person_id = ${keptId}
			and (k.ends_on is null or k.ends_on >= ${today}) and k.company_id = m.company_id)`);
	moved['apprenticeships.student_person_id'] = ids(
		await tx
			.update(apprenticeships)
			.set({ studentPersonId: keptId })
			.where(eq(apprenticeships.studentPersonId, mergedId))
			.returning({ id: apprenticeships.id })
	);

	// Consents: one active consent per (student, grantee, scope) — revoke the merged copy.
	await tx.execute(sql`
		update ${consents} m set revoked_at = ${at.toISOString()}::timestamptz
		where m.revoked_at is null and exists (
			select 1 from ${consents} k where k.revoked_at is null and k.scope = m.scope
			and ((m.student_person_id = ${mergedId} and k.student_person_id = ${keptId}
				and k.guardian_person_id is not distinct from m.guardian_person_id
				and k.company_id is not distinct from m.company_id)
			or (m.guardian_person_id = ${mergedId} and k.guardian_person_id = ${keptId}
				and k.student_person_id = m.student_person_id)))`);
	moved['consents.student_person_id'] = ids(
		await tx
			.update(consents)
			.set({ studentPersonId: keptId })
			.where(eq(consents.studentPersonId, mergedId))
			.returning({ id: consents.id })
	);
	moved['consents.guardian_person_id'] = ids(
		await tx
			.update(consents)
			.set({ guardianPersonId: keptId })
			.where(eq(consents.guardianPersonId, mergedId))
			.returning({ id: consents.id })
	);

	moved['guardian_invitations.guardian_person_id'] = ids(
		await tx
			.update(guardianInvitations)
			.set({ guardianPersonId: keptId })
			.where(eq(guardianInvitations.guardianPersonId, mergedId))
			.returning({ id: guardianInvitations.id })
	);
	moved['cases.subject_person_id'] = ids(
		await tx
			.update(cases)
			.set({ subjectPersonId: keptId })
			.where(eq(cases.subjectPersonId, mergedId))
			.returning({ id: cases.id })
	);

	// Other queue rows: a second row for the same pair is decided by this merge; rows pairing the
	// merged person with a third one now pair the kept person with it.
	const samePair = or(
		and(
			eq(possibleDuplicates.personId, keptId),
			eq(possibleDuplicates.candidatePersonId, mergedId)
		),
		and(eq(possibleDuplicates.personId, mergedId), eq(possibleDuplicates.candidatePersonId, keptId))
	);
	moved['possible_duplicates.same_pair'] = ids(
		await tx
			.update(possibleDuplicates)
			.set({ status: 'merged', decidedAt: at })
			.where(
				and(samePair, ne(possibleDuplicates.id, duplicateId), eq(possibleDuplicates.status, 'open'))
			)
			.returning({ id: possibleDuplicates.id })
	);
	moved['possible_duplicates.person_id'] = ids(
		await tx
			.update(possibleDuplicates)
			.set({ personId: keptId })
			.where(
				and(
					eq(possibleDuplicates.personId, mergedId),
					ne(possibleDuplicates.candidatePersonId, keptId)
				)
			)
			.returning({ id: possibleDuplicates.id })
	);
	moved['possible_duplicates.candidate_person_id'] = ids(
		await tx
			.update(possibleDuplicates)
			.set({ candidatePersonId: keptId })
			.where(
				and(
					eq(possibleDuplicates.candidatePersonId, mergedId),
					ne(possibleDuplicates.personId, keptId)
				)
			)
			.returning({ id: possibleDuplicates.id })
	);

	// Records merged into the merged one earlier now point at the kept one (no chains).
	moved['people.merged_into_person_id'] = ids(
		await tx
			.update(people)
			.set({ mergedIntoPersonId: keptId })
			.where(eq(people.mergedIntoPersonId, mergedId))
			.returning({ id: people.id })
	);
	for (const key of Object.keys(moved)) if (moved[key].length === 0) delete moved[key];
	return moved;
}

/** "Verschiedene Personen": the pair stays apart; the decision is logged. */
export async function markDifferent(actor: Actor, duplicateId: string): Promise<Result<null>> {
	const duplicate = await loadDuplicateFor(actor, duplicateId);
	return db().transaction(async (tx): Promise<Result<null>> => {
		const [updated] = await tx
			.update(possibleDuplicates)
			.set({ status: 'different', decidedAt: now(), decidedByAccountId: actor.accountId })
			.where(and(eq(possibleDuplicates.id, duplicateId), eq(possibleDuplicates.status, 'open')))
			.returning({ id: possibleDuplicates.id });
		if (!updated) return failure(409, { form: 'duplicates_error_decided' });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'person.duplicate_different',
			resourceType: 'possible_duplicate',
			resourceId: duplicateId,
			details: { personId: duplicate.personId, candidatePersonId: duplicate.candidatePersonId }
		});
		return ok(null);
	});
}
