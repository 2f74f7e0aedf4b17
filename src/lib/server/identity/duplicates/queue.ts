// Read side of the "Mögliche Dubletten" queue: the open pairs of the schools whose office the actor
// is, and one pair side by side with what the office needs to decide (issue 3, item 7).
import { and, asc, count, desc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { cases } from '../../cases/schema';
import { schoolDay } from '../../clock';
import { db } from '../../db';
import { can, staffSchoolIds, type Actor } from '../../policy';
import {
	accounts,
	classes,
	classMemberships,
	guardianships,
	people,
	personMerges,
	possibleDuplicates,
	schools
} from '../schema';
import { explainMatch, type MatchRule } from './match';
import { loadDuplicateFor } from './merge';

/** Schools whose queue the actor works: the office of each. */
export function duplicateSchoolIds(actor: Actor): string[] {
	return staffSchoolIds(actor).filter((schoolId) =>
		can(actor, 'duplicates.resolve', { type: 'school', schoolId })
	);
}

export async function countOpenDuplicates(actor: Actor): Promise<number> {
	const schoolIds = duplicateSchoolIds(actor);
	if (schoolIds.length === 0) return 0;
	const [{ n }] = await db()
		.select({ n: count() })
		.from(possibleDuplicates)
		.where(
			and(inArray(possibleDuplicates.schoolId, schoolIds), eq(possibleDuplicates.status, 'open'))
		);
	return Number(n);
}

const existing = alias(people, 'existing');
const candidate = alias(people, 'candidate');

export interface OpenDuplicate {
	id: string;
	schoolName: string;
	createdAt: Date;
	existing: { givenNames: string; familyName: string; birthDate: string | null };
	candidate: { givenNames: string; familyName: string; birthDate: string | null };
}

export async function listOpenDuplicates(actor: Actor): Promise<OpenDuplicate[]> {
	const schoolIds = duplicateSchoolIds(actor);
	if (schoolIds.length === 0) return [];
	const rows = await db()
		.select({
			id: possibleDuplicates.id,
			schoolName: schools.shortName,
			createdAt: possibleDuplicates.createdAt,
			existingGiven: existing.givenNames,
			existingFamily: existing.familyName,
			existingBirth: existing.birthDate,
			candidateGiven: candidate.givenNames,
			candidateFamily: candidate.familyName,
			candidateBirth: candidate.birthDate
		})
		.from(possibleDuplicates)
		.innerJoin(schools, eq(schools.id, possibleDuplicates.schoolId))
		.innerJoin(existing, eq(existing.id, possibleDuplicates.personId))
		.innerJoin(candidate, eq(candidate.id, possibleDuplicates.candidatePersonId))
		.where(
			and(inArray(possibleDuplicates.schoolId, schoolIds), eq(possibleDuplicates.status, 'open'))
		)
		.orderBy(asc(possibleDuplicates.createdAt), asc(existing.familyName))
		.limit(500);
	return rows.map((r) => ({
		id: r.id,
		schoolName: r.schoolName,
		createdAt: r.createdAt,
		existing: {
			givenNames: r.existingGiven,
			familyName: r.existingFamily,
			birthDate: r.existingBirth
		},
		candidate: {
			givenNames: r.candidateGiven,
			familyName: r.candidateFamily,
			birthDate: r.candidateBirth
		}
	}));
}

export interface DecidedDuplicate extends OpenDuplicate {
	status: 'merged' | 'different';
	decidedAt: Date | null;
	decidedBy: string | null;
}

/** The latest decisions of the actor's schools, so a merge can be looked up and explained later. */
export async function listDecidedDuplicates(actor: Actor, limit = 50): Promise<DecidedDuplicate[]> {
	const schoolIds = duplicateSchoolIds(actor);
	if (schoolIds.length === 0) return [];
	const decider = alias(people, 'decider');
	const rows = await db()
		.select({
			id: possibleDuplicates.id,
			schoolName: schools.shortName,
			createdAt: possibleDuplicates.createdAt,
			status: possibleDuplicates.status,
			decidedAt: possibleDuplicates.decidedAt,
			decidedBy: sql<string | null>`${decider.givenNames} || ' ' || ${decider.familyName}`,
			existingGiven: existing.givenNames,
			existingFamily: existing.familyName,
			existingBirth: existing.birthDate,
			candidateGiven: candidate.givenNames,
			candidateFamily: candidate.familyName,
			candidateBirth: candidate.birthDate
		})
		.from(possibleDuplicates)
		.innerJoin(schools, eq(schools.id, possibleDuplicates.schoolId))
		.innerJoin(existing, eq(existing.id, possibleDuplicates.personId))
		.innerJoin(candidate, eq(candidate.id, possibleDuplicates.candidatePersonId))
		.leftJoin(accounts, eq(accounts.id, possibleDuplicates.decidedByAccountId))
		.leftJoin(decider, eq(decider.id, accounts.personId))
		.where(
			and(inArray(possibleDuplicates.schoolId, schoolIds), ne(possibleDuplicates.status, 'open'))
		)
		.orderBy(desc(possibleDuplicates.decidedAt))
		.limit(limit);
	return rows.map((r) => ({
		id: r.id,
		schoolName: r.schoolName,
		createdAt: r.createdAt,
		status: r.status as 'merged' | 'different',
		decidedAt: r.decidedAt,
		decidedBy: r.decidedBy,
		existing: {
			givenNames: r.existingGiven,
			familyName: r.existingFamily,
			birthDate: r.existingBirth
		},
		candidate: {
			givenNames: r.candidateGiven,
			familyName: r.candidateFamily,
			birthDate: r.candidateBirth
		}
	}));
}

/** Who decided a pair, when, and for a merge how many rows moved per kind (person_merges). */
export interface DuplicateDecision {
	at: Date | null;
	by: string | null;
	moved: { table: string; count: number }[];
}

async function decisionOf(duplicateId: string): Promise<DuplicateDecision> {
	const [row] = await db()
		.select({
			at: possibleDuplicates.decidedAt,
			by: sql<string | null>`${people.givenNames} || ' ' || ${people.familyName}`
		})
		.from(possibleDuplicates)
		.leftJoin(accounts, eq(accounts.id, possibleDuplicates.decidedByAccountId))
		.leftJoin(people, eq(people.id, accounts.personId))
		.where(eq(possibleDuplicates.id, duplicateId));
	const [merge] = await db()
		.select({ details: personMerges.details })
		.from(personMerges)
		.where(eq(personMerges.possibleDuplicateId, duplicateId));
	const moved = (merge?.details.moved ?? {}) as Record<string, string[]>;
	const perTable = new Map<string, number>();
	for (const [column, ids] of Object.entries(moved)) {
		const table = column.split('.')[0];
		if (ids.length) perTable.set(table, (perTable.get(table) ?? 0) + ids.length);
	}
	return {
		at: row?.at ?? null,
		by: row?.by ?? null,
		moved: [...perTable].map(([table, n]) => ({ table, count: n }))
	};
}

export interface PersonSide {
	id: string;
	givenNames: string;
	familyName: string;
	birthDate: string | null;
	asvId: string | null;
	schoolEmail: string | null;
	contactEmail: string | null;
	createdAt: Date;
	classes: string[];
	guardians: string[];
	hasAccount: boolean;
	caseCount: number;
}

export type ReasonKey =
	| `duplicates_rule_${Exclude<MatchRule, 'same-asv-id' | 'different-birth-dates' | 'different-names'>}`
	| 'duplicates_reason_same_birth_date'
	| 'duplicates_reason_same_school_email'
	| 'duplicates_reason_roster_line';

export interface DuplicateDetail {
	id: string;
	schoolId: string;
	status: 'open' | 'merged' | 'different';
	createdAt: Date;
	existing: PersonSide;
	candidate: PersonSide;
	reasons: { key: ReasonKey | string; params?: Record<string, string> }[];
	decision: DuplicateDecision | null;
}

async function side(personId: string): Promise<PersonSide> {
	const today = schoolDay();
	const [person] = await db().select().from(people).where(eq(people.id, personId));
	const classRows = await db()
		.select({ name: classes.name, school: schools.shortName })
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.innerJoin(schools, eq(schools.id, classes.schoolId))
		.where(
			and(
				eq(classMemberships.personId, personId),
				or(isNull(classMemberships.validTo), gte(classMemberships.validTo, today))
			)
		)
		.orderBy(classes.name);
	const guardianRows = await db()
		.select({ given: people.givenNames, family: people.familyName })
		.from(guardianships)
		.innerJoin(people, eq(people.id, guardianships.guardianPersonId))
		.where(
			and(
				eq(guardianships.studentPersonId, personId),
				or(isNull(guardianships.validTo), gte(guardianships.validTo, today))
			)
		)
		.orderBy(people.familyName, people.givenNames);
	const [{ n: accountCount }] = await db()
		.select({ n: count() })
		.from(accounts)
		.where(eq(accounts.personId, personId));
	const [{ n: caseCount }] = await db()
		.select({ n: count() })
		.from(cases)
		.where(eq(cases.subjectPersonId, personId));
	return {
		id: person.id,
		givenNames: person.givenNames,
		familyName: person.familyName,
		birthDate: person.birthDate,
		asvId: person.asvId,
		schoolEmail: person.schoolEmail,
		contactEmail: person.contactEmail,
		createdAt: person.createdAt,
		classes: classRows.map((c) => `${c.name} (${c.school})`),
		guardians: guardianRows.map((g) => `${g.given} ${g.family}`.trim()),
		hasAccount: Number(accountCount) > 0,
		caseCount: Number(caseCount)
	};
}

/** One pair side by side; 404 unless the actor runs the office of the pair's school. */
export async function duplicateDetail(actor: Actor, duplicateId: string): Promise<DuplicateDetail> {
	const row = await loadDuplicateFor(actor, duplicateId);
	const [a, b] = [await side(row.personId), await side(row.candidatePersonId)];
	const stored = row.reasons as {
		source?: string;
		line?: number;
		rule?: MatchRule;
		schoolEmail?: string | null;
	};
	const rule = stored.rule ?? explainMatch(b, a).rule;
	const reasons: DuplicateDetail['reasons'] = [];
	if (rule !== 'same-asv-id' && rule !== 'different-birth-dates' && rule !== 'different-names')
		reasons.push({ key: `duplicates_rule_${rule}` });
	if (a.birthDate && a.birthDate === b.birthDate)
		reasons.push({ key: 'duplicates_reason_same_birth_date' });
	const email = stored.schoolEmail ?? b.schoolEmail;
	if (email && a.schoolEmail && email.toLowerCase() === a.schoolEmail.toLowerCase())
		reasons.push({ key: 'duplicates_reason_same_school_email', params: { email } });
	if (stored.source === 'roster.import' && stored.line)
		reasons.push({ key: 'duplicates_reason_roster_line', params: { line: String(stored.line) } });
	return {
		id: row.id,
		schoolId: row.schoolId,
		status: row.status,
		createdAt: row.createdAt,
		existing: a,
		candidate: b,
		reasons,
		decision: row.status === 'open' ? null : await decisionOf(row.id)
	};
}
