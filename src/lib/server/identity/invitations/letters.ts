// Guardian invitation letters (issue 3): the school office prints one page per guardian who has no
// account yet. The letter carries a one-time code valid for 60 days; only its hash is stored, and
// a new letter voids the guardian's older unredeemed one at that school.
import { and, desc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { now, schoolDay } from '../../clock';
import { db, type DbOrTx } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { authorize, type Actor } from '../../policy';
import {
	accounts,
	classes,
	classMemberships,
	guardianInvitations,
	guardianships,
	people,
	schools
} from '../schema';
import { hashLetterCode, newLetterCode } from './code';

export const LETTER_VALID_DAYS = 60;
const DAY_MS = 86_400_000;

export type LetterStatus = 'none' | 'valid' | 'expired';

export interface Candidate {
	guardianPersonId: string;
	name: string;
	contactEmail: string | null;
	children: { name: string; className: string }[];
	letter: { status: LetterStatus; expiresAt: Date | null };
}

const validOn = (t: typeof classMemberships | typeof guardianships, day: string) =>
	and(lte(t.validFrom, day), or(isNull(t.validTo), gte(t.validTo, day)));

/** The school's current students' guardians who have no account yet, with their letter status. */
async function candidates(tx: DbOrTx, schoolId: string): Promise<Candidate[]> {
	const today = schoolDay();
	const rows = await tx
		.select({
			guardianPersonId: guardianships.guardianPersonId,
			studentId: classMemberships.personId,
			className: classes.name
		})
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.innerJoin(guardianships, eq(guardianships.studentPersonId, classMemberships.personId))
		.where(
			and(
				eq(classes.schoolId, schoolId),
				eq(classMemberships.role, 'student'),
				validOn(classMemberships, today),
				validOn(guardianships, today)
			)
		);
	if (rows.length === 0) return [];
	const personIds = [...new Set(rows.flatMap((r) => [r.guardianPersonId, r.studentId]))];
	const persons = await tx
		.select({
			id: people.id,
			givenNames: people.givenNames,
			familyName: people.familyName,
			contactEmail: people.contactEmail,
			mergedInto: people.mergedIntoPersonId,
			accountId: accounts.id
		})
		.from(people)
		.leftJoin(accounts, eq(accounts.personId, people.id))
		.where(inArray(people.id, personIds));
	const byId = new Map(persons.map((p) => [p.id, p]));
	const letters = await tx
		.select({
			guardianPersonId: guardianInvitations.guardianPersonId,
			expiresAt: guardianInvitations.expiresAt,
			redeemedAt: guardianInvitations.redeemedAt,
			revokedAt: guardianInvitations.revokedAt
		})
		.from(guardianInvitations)
		.where(eq(guardianInvitations.schoolId, schoolId))
		.orderBy(desc(guardianInvitations.createdAt));
	const latest = new Map<string, (typeof letters)[number]>();
	for (const l of letters) if (!latest.has(l.guardianPersonId)) latest.set(l.guardianPersonId, l);

	const result = new Map<string, Candidate>();
	for (const r of rows) {
		const guardian = byId.get(r.guardianPersonId)!;
		if (guardian.accountId || guardian.mergedInto) continue;
		const child = byId.get(r.studentId)!;
		let c = result.get(guardian.id);
		if (!c) {
			const letter = latest.get(guardian.id);
			const status: LetterStatus =
				!letter || letter.revokedAt || letter.redeemedAt
					? 'none'
					: letter.expiresAt > now()
						? 'valid'
						: 'expired';
			c = {
				guardianPersonId: guardian.id,
				name: `${guardian.givenNames} ${guardian.familyName}`,
				contactEmail: guardian.contactEmail,
				children: [],
				letter: { status, expiresAt: status === 'none' ? null : letter!.expiresAt }
			};
			result.set(guardian.id, c);
		}
		const childName = `${child.givenNames} ${child.familyName}`;
		if (!c.children.some((x) => x.name === childName && x.className === r.className))
			c.children.push({ name: childName, className: r.className });
	}
	const sortKey = (c: Candidate) => c.children[0]?.className + ' ' + c.name;
	return [...result.values()].sort((a, b) => sortKey(a).localeCompare(sortKey(b), 'de'));
}

export async function listLetterCandidates(actor: Actor, schoolId: string) {
	authorize(actor, 'guardians.invite', { type: 'school', schoolId });
	return candidates(db(), schoolId);
}

export interface SchoolLetterhead {
	name: string;
	address: string;
	email: string;
	phone: string | null;
}

export interface Letter {
	guardianName: string;
	contactEmail: string | null;
	children: { name: string; className: string }[];
	/** The plain code: exists only here and on paper. */
	code: string;
	expiresAt: Date;
}

/**
 * Creates letters for the chosen guardians (`all`: everyone without a valid letter) in one
 * transaction and returns them with their plain codes for printing.
 */
export async function createLetters(
	actor: Actor,
	schoolId: string,
	choice: 'all' | string[]
): Promise<Result<{ school: SchoolLetterhead; letters: Letter[] }>> {
	authorize(actor, 'guardians.invite', { type: 'school', schoolId });
	return db().transaction(async (tx) => {
		const all = await candidates(tx, schoolId);
		const chosen =
			choice === 'all'
				? all.filter((c) => c.letter.status !== 'valid')
				: all.filter((c) => choice.includes(c.guardianPersonId));
		// Someone else's guardian or one who has an account by now: not on this school's list.
		if (choice !== 'all' && chosen.length !== new Set(choice).size)
			return failure(404, { form: 'letters_error_not_listed' });
		if (chosen.length === 0) return failure(400, { form: 'letters_error_none' });

		const [school] = await tx
			.select({
				name: schools.name,
				address: schools.address,
				email: schools.email,
				phone: schools.phone
			})
			.from(schools)
			.where(eq(schools.id, schoolId));
		const createdAt = now();
		const expiresAt = new Date(createdAt.getTime() + LETTER_VALID_DAYS * DAY_MS);
		const ids = chosen.map((c) => c.guardianPersonId);
		await tx
			.update(guardianInvitations)
			.set({ revokedAt: createdAt })
			.where(
				and(
					eq(guardianInvitations.schoolId, schoolId),
					inArray(guardianInvitations.guardianPersonId, ids),
					isNull(guardianInvitations.redeemedAt),
					isNull(guardianInvitations.revokedAt)
				)
			);
		const letters: Letter[] = [];
		for (const c of chosen) {
			const code = newLetterCode();
			const [row] = await tx
				.insert(guardianInvitations)
				.values({
					schoolId,
					guardianPersonId: c.guardianPersonId,
					codeHash: hashLetterCode(code),
					expiresAt,
					createdByAccountId: actor.accountId,
					createdAt
				})
				.returning({ id: guardianInvitations.id });
			await recordAudit(tx, {
				actorAccountId: actor.accountId,
				action: 'identity.guardian_letter_created',
				resourceType: 'person',
				resourceId: c.guardianPersonId,
				details: { schoolId, invitationId: row.id, expiresAt: expiresAt.toISOString() }
			});
			letters.push({
				guardianName: c.name,
				contactEmail: c.contactEmail,
				children: c.children,
				code,
				expiresAt
			});
		}
		return ok({ school, letters });
	});
}
