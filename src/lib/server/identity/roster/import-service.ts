// Roster import (issue 3): a school's office loads its ASV-BW class list. Preview writes nothing;
// import refuses a file with any invalid row, then in one transaction matches every row to a
// person (ASV id, then duplicates/match.ts), creates or updates people and student class
// memberships, and marks students no longer listed as left (valid_to = yesterday; never deleted).
// A likely match is never merged: a new person is created and queued in possible_duplicates.
import { randomUUID } from 'node:crypto';
import { and, eq, gte, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { schoolDay } from '../../clock';
import type { Tx } from '../../db';
import { db } from '../../db';
import { failure, ok, type FieldErrors, type Result } from '../../errors';
import { authorize, type Actor } from '../../policy';
import { findMatches, type PersonRecord } from '../duplicates/match';
import {
	classes,
	classMemberships,
	people,
	possibleDuplicates,
	roleMemberships,
	rosterImports,
	schools,
	schoolYears
} from '../schema';
import { decodeRoster, type RosterEncoding } from './decode';
import { applyMapping, suggestMapping, type RosterField, type RosterMapping } from './mapping';
import { parseRosterCsv } from './parse';
import { validateRoster, type RosterRecord, type ValidatedRow } from './validate';

export interface RosterPreview {
	encoding: RosterEncoding;
	headers: string[];
	mapping: RosterMapping;
	missing: RosterField[];
	unusedColumns: number[];
	rows: ValidatedRow[];
	summary: { rows: number; valid: number; invalid: number };
}

export interface RosterImportCounts {
	created: number;
	updated: number;
	left: number;
	flagged: number;
}

/** Rows per statement: keeps every statement well below PostgreSQL's 65,535 parameters. */
const CHUNK = 1_000;

/** The school's classes of the current school year, by name. */
async function currentClasses(schoolId: string, today: string) {
	const rows = await db()
		.select({ id: classes.id, name: classes.name })
		.from(classes)
		.innerJoin(schoolYears, eq(schoolYears.id, classes.schoolYearId))
		.where(
			and(
				eq(classes.schoolId, schoolId),
				lte(schoolYears.startsOn, today),
				gte(schoolYears.endsOn, today)
			)
		);
	return new Map(rows.map((r) => [r.name, r.id]));
}

async function read(schoolId: string, bytes: Uint8Array, mapping?: RosterMapping) {
	const { text, encoding } = decodeRoster(bytes);
	const parsed = parseRosterCsv(text);
	if (!parsed.ok) return failure(400, { file: parsed.error });
	const suggestion = suggestMapping(parsed.headers);
	const used = mapping ?? suggestion.mapping;
	const missing = mapping
		? suggestion.missing.filter((f) => mapping[f] === undefined)
		: suggestion.missing;
	const classIds = await currentClasses(schoolId, schoolDay());
	const validation = validateRoster(applyMapping(parsed.rows, used), {
		knownClasses: [...classIds.keys()]
	});
	return ok({
		preview: {
			encoding,
			headers: parsed.headers,
			mapping: used,
			missing,
			unusedColumns: suggestion.unusedColumns,
			...validation
		} satisfies RosterPreview,
		classIds
	});
}

/** What the import would do to the file's rows: checks only, writes nothing. */
export async function previewRoster(
	actor: Actor,
	schoolId: string,
	bytes: Uint8Array,
	mapping?: RosterMapping
): Promise<Result<RosterPreview>> {
	authorize(actor, 'roster.import', { type: 'school', schoolId });
	const result = await read(schoolId, bytes, mapping);
	return result.ok ? ok(result.value.preview) : result;
}

export async function importRoster(
	actor: Actor,
	schoolId: string,
	bytes: Uint8Array,
	mapping?: RosterMapping,
	options: { fileName?: string } = {}
): Promise<Result<RosterImportCounts>> {
	authorize(actor, 'roster.import', { type: 'school', schoolId });
	const result = await read(schoolId, bytes, mapping);
	if (!result.ok) return result;
	const { preview, classIds } = result.value;
	const errors: FieldErrors = {};
	for (const field of preview.missing) errors[field] = 'roster_error_column_missing';
	for (const row of preview.rows)
		for (const e of row.errors) errors[`line${row.line}.${e.field}`] = e.key;
	if (Object.keys(errors).length > 0) return failure(400, errors);

	const counts = await db().transaction(async (tx) => {
		// One import per school at a time: a second waits rather than interleaving.
		await tx.select({ id: schools.id }).from(schools).where(eq(schools.id, schoolId)).for('update');
		const counts = await applyRoster(tx, schoolId, preview.rows, classIds);
		await tx.insert(rosterImports).values({
			schoolId,
			accountId: actor.accountId,
			fileName: options.fileName ?? null,
			createdCount: counts.created,
			updatedCount: counts.updated,
			leftCount: counts.left,
			flaggedCount: counts.flagged
		});
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'roster.import',
			resourceType: 'school',
			resourceId: schoolId,
			details: { ...counts, rows: preview.rows.length, fileName: options.fileName ?? null }
		});
		return counts;
	});
	return ok(counts);
}

interface Known extends PersonRecord {
	id: string;
	asvId: string | null;
	schoolEmail: string | null;
}

/** A list as one parameter, for `x in (…)` with any number of values. */
const textList = (values: Iterable<string>): SQL =>
	sql`(select jsonb_array_elements_text(${JSON.stringify([...new Set(values)])}::jsonb))`;

function previousDay(day: string): string {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 1);
	return d.toISOString().slice(0, 10);
}

function chunks<T>(list: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
	return out;
}

async function applyRoster(
	tx: Tx,
	schoolId: string,
	rows: ValidatedRow[],
	classIds: Map<string, string>
): Promise<RosterImportCounts> {
	const today = schoolDay();
	const yesterday = previousDay(today);
	const records = rows.map((r) => r.data);

	// Current student memberships at this school: person → membership.
	const memberships = await tx
		.select({
			id: classMemberships.id,
			personId: classMemberships.personId,
			classId: classMemberships.classId
		})
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.where(
			and(
				eq(classes.schoolId, schoolId),
				eq(classMemberships.role, 'student'),
				or(isNull(classMemberships.validTo), gte(classMemberships.validTo, today))
			)
		);
	const membershipsOf = new Map<string, { id: string; classId: string }[]>();
	for (const m of memberships)
		membershipsOf.set(m.personId, [...(membershipsOf.get(m.personId) ?? []), m]);

	// Candidates by blocking key, in one query: ASV id, school e-mail, birth date; and people
	// without a birth date by family name (rule 7, spelled exactly as in the file).
	const known: Known[] = await tx
		.select({
			id: people.id,
			asvId: people.asvId,
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate,
			schoolEmail: people.schoolEmail
		})
		.from(people)
		.where(
			or(
				sql`${people.asvId} in ${textList(records.map((r) => r.asvId))}`,
				sql`${people.schoolEmail} in ${textList(records.flatMap((r) => (r.schoolEmail ? [r.schoolEmail] : [])))}`,
				sql`${people.birthDate}::text in ${textList(records.flatMap((r) => (r.birthDate ? [r.birthDate] : [])))}`,
				and(
					isNull(people.birthDate),
					sql`${people.familyName} in ${textList(records.map((r) => r.familyName))}`
				)
			)
		);
	const byAsv = new Map<string, Known>();
	const byEmail = new Map<string, Known>();
	const byBirth = new Map<string, Known[]>();
	const byFamily = new Map<string, Known[]>();
	for (const p of known) {
		if (p.asvId) byAsv.set(p.asvId, p);
		if (p.schoolEmail) byEmail.set(p.schoolEmail.toLowerCase(), p);
		const [map, key] = p.birthDate ? [byBirth, p.birthDate] : [byFamily, p.familyName];
		map.set(key, [...(map.get(key) ?? []), p]);
	}
	/** School e-mails are unique: who holds each one, including people created by this import. */
	const emailOwner = new Map([...byEmail].map(([email, p]) => [email, p.id]));
	const emailFor = (personId: string, email: string | null) =>
		email !== null && (emailOwner.get(email) ?? personId) !== personId ? null : email;

	const newPeople: (typeof people.$inferInsert)[] = [];
	const updates: {
		id: string;
		given: string;
		family: string;
		birth: string | null;
		asv: string;
		email: string | null;
	}[] = [];
	const duplicates: (typeof possibleDuplicates.$inferInsert)[] = [];
	const opened: (typeof classMemberships.$inferInsert)[] = [];
	const closed: string[] = [];
	const listed = new Set<string>(); // people the file names or that are queued as duplicates
	const claimed = new Set<string>();
	const counts: RosterImportCounts = { created: 0, updated: 0, left: 0, flagged: 0 };

	const place = (personId: string, classId: string): boolean => {
		const current = membershipsOf.get(personId) ?? [];
		if (current.length === 1 && current[0].classId === classId) return false;
		closed.push(...current.map((m) => m.id));
		opened.push({ personId, classId, role: 'student', validFrom: today });
		return true;
	};
	const create = (record: RosterRecord, classId: string) => {
		const id = randomUUID();
		const schoolEmail = emailFor(id, record.schoolEmail);
		if (schoolEmail) emailOwner.set(schoolEmail, id);
		newPeople.push({
			id,
			givenNames: record.givenNames,
			familyName: record.familyName,
			birthDate: record.birthDate,
			asvId: record.asvId,
			schoolEmail
		});
		place(id, classId);
		listed.add(id);
		counts.created++;
		return id;
	};

	for (const [index, record] of records.entries()) {
		const classId = classIds.get(record.className)!;
		let match = byAsv.get(record.asvId);
		let found: { match: 'sure' | 'likely' | 'none'; records: Known[] } = match
			? { match: 'sure', records: [match] }
			: findMatches(
					record,
					[
						...new Set([
							...(record.schoolEmail ? [byEmail.get(record.schoolEmail)] : []),
							...(record.birthDate ? (byBirth.get(record.birthDate) ?? []) : []),
							...(byFamily.get(record.familyName) ?? [])
						])
					].filter((p): p is Known => p !== undefined)
				);
		// A person two rows claim is not linked twice: the second row goes to the queue.
		if (found.match === 'sure' && claimed.has(found.records[0].id))
			found = { match: 'likely', records: found.records };
		match = found.match === 'sure' ? found.records[0] : undefined;

		if (match) {
			claimed.add(match.id);
			listed.add(match.id);
			const email = emailFor(match.id, record.schoolEmail) ?? match.schoolEmail;
			const changed =
				match.givenNames !== record.givenNames ||
				match.familyName !== record.familyName ||
				match.birthDate !== record.birthDate ||
				match.asvId !== record.asvId ||
				match.schoolEmail !== email;
			if (changed) {
				if (email) emailOwner.set(email, match.id);
				updates.push({
					id: match.id,
					given: record.givenNames,
					family: record.familyName,
					birth: record.birthDate,
					asv: record.asvId,
					email
				});
			}
			if (place(match.id, classId) || changed) counts.updated++;
		} else if (found.match === 'likely') {
			const candidatePersonId = create(record, classId);
			for (const existing of found.records) {
				listed.add(existing.id); // stays in class until the office decides
				duplicates.push({
					schoolId,
					personId: existing.id,
					candidatePersonId,
					reasons: { source: 'roster.import', line: rows[index].line, asvId: record.asvId }
				});
			}
			counts.flagged++;
		} else {
			create(record, classId);
		}
	}

	const leaving = [...membershipsOf.keys()].filter((personId) => !listed.has(personId));
	for (const personId of leaving) closed.push(...membershipsOf.get(personId)!.map((m) => m.id));
	counts.left = leaving.length;

	for (const chunk of chunks(newPeople)) await tx.insert(people).values(chunk);
	for (const chunk of chunks(updates)) {
		// Two steps, so that swapping ASV ids or e-mails between two people cannot collide.
		await tx.execute(sql`
			update ${people} set asv_id = null, school_email = null
			where id in (select (v->>'id')::uuid from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) v)`);
		await tx.execute(sql`
			update ${people} p set given_names = v.given, family_name = v.family, birth_date = v.birth,
				asv_id = v.asv, school_email = v.email, updated_at = now()
			from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
				as v(id uuid, given text, family text, birth date, asv text, email text)
			where p.id = v.id`);
	}
	for (const chunk of chunks(closed))
		await tx
			.update(classMemberships)
			.set({ validTo: yesterday })
			.where(
				sql`${classMemberships.id} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb))`
			);
	for (const chunk of chunks(opened)) await tx.insert(classMemberships).values(chunk);
	for (const chunk of chunks(duplicates)) await tx.insert(possibleDuplicates).values(chunk);

	// The student role at this school follows the class membership.
	const students = [...new Set(opened.map((m) => m.personId))];
	for (const chunk of chunks(students))
		await tx
			.insert(roleMemberships)
			.values(
				chunk.map((personId) => ({
					personId,
					role: 'student' as const,
					schoolId,
					validFrom: today
				}))
			)
			.onConflictDoNothing();
	for (const chunk of chunks(leaving))
		await tx
			.update(roleMemberships)
			.set({ validTo: yesterday })
			.where(
				and(
					eq(roleMemberships.schoolId, schoolId),
					eq(roleMemberships.role, 'student'),
					isNull(roleMemberships.validTo),
					sql`${roleMemberships.personId}::text in ${textList(chunk)}`
				)
			);
	return counts;
}
