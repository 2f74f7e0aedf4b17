// Cases (Vorgänge) are the spine: every errand is a case with a reference number, a subject person,
// a school, a status and a timeline. Modules create cases inside their own transaction and keep
// their details in their own tables keyed by the case id.
import { desc, eq, inArray } from 'drizzle-orm';
import { now, schoolDay } from '../clock';
import { db, type DbOrTx } from '../db';
import { isMinorOn } from '../identity/age';
import { people, schools } from '../identity/schema';
import type { Actor } from '../policy';
import { nextReference } from './reference-number';
import { caseEvents, cases } from './schema';

export interface NewCase {
	type: string;
	schoolId: string;
	subjectPersonId: string;
	status: string;
}

/** Creates a case and its first event; the caller has already asked the policy. */
export async function createCase(tx: DbOrTx, actor: Actor | null, input: NewCase) {
	const at = now();
	const reference = await nextReference(tx, Number(schoolDay(at).slice(0, 4)));
	const [row] = await tx
		.insert(cases)
		.values({
			...input,
			reference,
			createdByAccountId: actor?.accountId ?? null,
			createdAt: at,
			updatedAt: at
		})
		.returning({ id: cases.id, reference: cases.reference });
	await addCaseEvent(tx, row.id, actor, 'created', { status: input.status });
	return row;
}

export async function addCaseEvent(
	tx: DbOrTx,
	caseId: string,
	actor: Actor | null,
	kind: string,
	data: Record<string, unknown> = {}
) {
	await tx
		.insert(caseEvents)
		.values({ caseId, actorAccountId: actor?.accountId ?? null, kind, data, at: now() });
}

/** People whose cases the actor sees in "Meine Anliegen": themself and their minor wards. */
export function ownAndWardPersonIds(actor: Actor) {
	const today = schoolDay();
	return [
		actor.personId,
		...actor.wards.filter((w) => isMinorOn(w.birthDate, today)).map((w) => w.studentPersonId)
	];
}

/** "Meine Anliegen": the actor's own cases and those of the minors they represent. */
export async function listMyCases(actor: Actor, limit = 100) {
	const personIds = ownAndWardPersonIds(actor);
	return db()
		.select({
			reference: cases.reference,
			type: cases.type,
			status: cases.status,
			createdAt: cases.createdAt,
			updatedAt: cases.updatedAt,
			schoolName: schools.shortName,
			subjectGivenNames: people.givenNames,
			subjectFamilyName: people.familyName
		})
		.from(cases)
		.innerJoin(schools, eq(schools.id, cases.schoolId))
		.innerJoin(people, eq(people.id, cases.subjectPersonId))
		.where(inArray(cases.subjectPersonId, personIds))
		.orderBy(desc(cases.updatedAt))
		.limit(limit);
}
