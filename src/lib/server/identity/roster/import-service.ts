// Roster import (issue 3): a school's office loads its ASV-BW class list. Preview writes nothing;
// import refuses a file with any invalid row, then in one transaction matches every row to a
// person (ASV id, then duplicates/match.ts), creates or updates people and student class
// memberships, and marks students no longer listed as left (valid_to = yesterday; never deleted).
// A likely match is never merged: a new person is created and queued in possible_duplicates.
// People merged into another (people.merged_into_person_id) are never matched again, and a
// person recorded as someone's guardian is no candidate for the no-birth-date rule (rule 7).
// The optional columns: each guardian name links the student to an existing guardian of that
// student with the same normalised name, or to a guardian person created here (contact e-mail from
// the file; one person per name + e-mail within a file, so siblings share their parents). Guardians
// no longer listed keep their guardianship (ending one is the office's decision, not a file's).
// The company column matches a company by name (case and spaces ignored) or creates one by name
// only (address and e-mail empty until the office completes them); the student's open
// apprenticeship with that company is kept, or a new one starts today and one with another
// company ends yesterday. An empty company cell changes nothing.
import { randomUUID } from 'node:crypto';
import { and, eq, gte, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { recordAudit } from '../../audit/service';
import { schoolDay } from '../../clock';
import type { Tx } from '../../db';
import { db } from '../../db';
import { failure, ok, type FieldErrors, type Result } from '../../errors';
import { authorize, type Actor } from '../../policy';
import { isMinorOn } from '../age';
import { explainMatch, findMatches, type PersonRecord } from '../duplicates/match';
import { normaliseName } from '../duplicates/normalise';
import {
	apprenticeships,
	classes,
	classMemberships,
	companies,
	guardianships,
	people,
	possibleDuplicates,
	roleMemberships,
	rosterImports,
	schools,
	schoolYears
} from '../schema';
import { decodeRoster, type RosterEncoding } from './decode';
import {
	applyMapping,
	REQUIRED_FIELDS,
	suggestMapping,
	type RosterField,
	type RosterMapping
} from './mapping';
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

/** Called while an import runs: rows done so far of all rows (done reaches total at the end). */
export type RosterProgress = (progress: { done: number; total: number }) => void;

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
		? REQUIRED_FIELDS.filter((f) => (mapping[f] ?? Infinity) >= parsed.headers.length)
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
	options: { fileName?: string; onProgress?: RosterProgress } = {}
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
		const counts = await applyRoster(tx, schoolId, preview.rows, classIds, options.onProgress);
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

function chunks<T>(list: T[], size = CHUNK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Rows per bulk insert: one JSON parameter each, so only memory bounds it. */
const BULK = 5_000;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Inserts many rows as one JSON parameter (jsonb_to_recordset): far less work for client and
 * server than thousands of bound parameters. `types` names each column (camelCase) and its SQL type.
 */
async function bulkInsert(
	tx: Tx,
	table: PgTable,
	types: Record<string, string>,
	rows: Record<string, unknown>[],
	onConflictDoNothing = false
) {
	const names = Object.keys(types);
	const columns = sql.raw(names.map((n) => `"${snake(n)}"`).join(', '));
	const record = sql.raw(names.map((n) => `"${n}" ${types[n]}`).join(', '));
	const select = sql.raw(names.map((n) => `v."${n}"`).join(', '));
	const values = rows.map((r) => Object.fromEntries(names.map((n) => [n, r[n] ?? null])));
	await tx.execute(sql`
		insert into ${table} (${columns})
		select ${select} from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(${record})
		${onConflictDoNothing ? sql`on conflict do nothing` : sql``}`);
}

const PEOPLE_COLUMNS = {
	id: 'uuid',
	givenNames: 'text',
	familyName: 'text',
	birthDate: 'date',
	asvId: 'text',
	schoolEmail: 'text',
	contactEmail: 'text'
};
const MEMBERSHIP_COLUMNS = { personId: 'uuid', classId: 'uuid', role: 'text', validFrom: 'date' };
const GUARDIANSHIP_COLUMNS = {
	guardianPersonId: 'uuid',
	studentPersonId: 'uuid',
	validFrom: 'date'
};
const APPRENTICESHIP_COLUMNS = {
	id: 'uuid',
	studentPersonId: 'uuid',
	companyId: 'uuid',
	startsOn: 'date'
};

async function applyRoster(
	tx: Tx,
	schoolId: string,
	rows: ValidatedRow[],
	classIds: Map<string, string>,
	onProgress?: RosterProgress
): Promise<RosterImportCounts> {
	const total = rows.length;
	await report(onProgress, 0, total);
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
			and(
				isNull(people.mergedIntoPersonId),
				or(
					sql`${people.asvId} in ${textList(records.map((r) => r.asvId))}`,
					sql`${people.schoolEmail} in ${textList(records.flatMap((r) => (r.schoolEmail ? [r.schoolEmail] : [])))}`,
					sql`${people.birthDate}::text in ${textList(records.flatMap((r) => (r.birthDate ? [r.birthDate] : [])))}`,
					and(
						isNull(people.birthDate),
						sql`${people.familyName} in ${textList(records.map((r) => r.familyName))}`,
						// A parent is no candidate for a student row: parent and child often share names.
						sql`not exists (select 1 from ${guardianships} g where g.guardian_person_id = ${people.id})`
					)
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
	/** The student each row ended up as, for guardians and apprenticeships. */
	const studentOf: string[] = [];
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
			studentOf[index] = match.id;
		} else if (found.match === 'likely') {
			const candidatePersonId = create(record, classId);
			studentOf[index] = candidatePersonId;
			for (const existing of found.records) {
				listed.add(existing.id); // stays in class until the office decides
				duplicates.push({
					schoolId,
					personId: existing.id,
					candidatePersonId,
					reasons: {
						source: 'roster.import',
						line: rows[index].line,
						asvId: record.asvId,
						schoolEmail: record.schoolEmail,
						rule: explainMatch(record, existing).rule
					}
				});
			}
			counts.flagged++;
		} else {
			studentOf[index] = create(record, classId);
		}
	}
	const links = await planLinks(tx, records, studentOf, today);
	newPeople.push(...links.newGuardians);

	const leaving = [...membershipsOf.keys()].filter((personId) => !listed.has(personId));
	for (const personId of leaving) closed.push(...membershipsOf.get(personId)!.map((m) => m.id));
	counts.left = leaving.length;

	const students = [...new Set(opened.map((m) => m.personId))];
	// Progress: the writes, statement by statement, counted as a share of the file's rows.
	const statements =
		chunks(newPeople, BULK).length +
		chunks(updates).length * 2 +
		chunks(closed).length +
		chunks(opened, BULK).length +
		chunks(students, BULK).length +
		chunks(duplicates).length +
		links.statements +
		1;
	let written = 0;
	const step = async (n = 1) => {
		written += n;
		await report(onProgress, Math.min(total, Math.floor((total * written) / statements)), total);
	};

	for (const chunk of chunks(newPeople, BULK)) {
		await bulkInsert(tx, people, PEOPLE_COLUMNS, chunk);
		await step();
	}
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
		await step(2);
	}
	for (const chunk of chunks(closed)) {
		await tx
			.update(classMemberships)
			.set({ validTo: yesterday })
			.where(
				sql`${classMemberships.id} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb))`
			);
		await step();
	}
	for (const chunk of chunks(opened, BULK)) {
		await bulkInsert(tx, classMemberships, MEMBERSHIP_COLUMNS, chunk);
		await step();
	}
	for (const chunk of chunks(duplicates)) {
		await tx.insert(possibleDuplicates).values(chunk);
		await step();
	}
	await writeLinks(tx, links, yesterday, step);

	// The student role at this school follows the class membership.
	for (const chunk of chunks(students, BULK)) {
		await bulkInsert(
			tx,
			roleMemberships,
			{ personId: 'uuid', role: 'text', schoolId: 'uuid', validFrom: 'date' },
			chunk.map((personId) => ({ personId, role: 'student', schoolId, validFrom: today })),
			true
		);
		await step();
	}
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
	await report(onProgress, total, total);
	return counts;
}

/**
 * Tells the caller how far the import is, then lets the event loop run once: PGlite works
 * synchronously inside its promises, so without this a streamed answer would only leave the
 * server when the transaction ends.
 */
async function report(onProgress: RosterProgress | undefined, done: number, total: number) {
	if (!onProgress) return;
	onProgress({ done, total });
	await new Promise((resolve) => setImmediate(resolve));
}

/** "Hans-Jürgen Müller" → given "Hans-Jürgen", family "Müller" (the last word is the family name). */
function splitName(name: string): { givenNames: string; familyName: string } {
	const words = name.trim().split(/\s+/);
	if (words.length === 1) return { givenNames: '', familyName: words[0] };
	return { givenNames: words.slice(0, -1).join(' '), familyName: words[words.length - 1] };
}

/** Company names as the office types them: "Bäckerei  weiß " = "Bäckerei Weiß". */
export function companyKey(name: string): string {
	return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

interface LinkPlan {
	newGuardians: (typeof people.$inferInsert)[];
	contactUpdates: { id: string; email: string }[];
	newGuardianships: (typeof guardianships.$inferInsert)[];
	newCompanies: (typeof companies.$inferInsert)[];
	newApprenticeships: (typeof apprenticeships.$inferInsert)[];
	endedApprenticeships: string[];
	statements: number;
}

/**
 * Guardians and apprenticeships of the file's rows, decided in memory from two queries: the
 * students' current guardians and apprenticeships, and all companies (a district has hundreds).
 */
async function planLinks(
	tx: Tx,
	records: RosterRecord[],
	studentOf: string[],
	today: string
): Promise<LinkPlan> {
	const students = [...new Set(studentOf)];
	const withGuardians = records.some((r) => r.guardian1Name || r.guardian2Name);
	const withCompany = records.some((r) => r.company);

	const existingGuardians = withGuardians
		? await tx
				.select({
					studentPersonId: guardianships.studentPersonId,
					guardianPersonId: guardianships.guardianPersonId,
					givenNames: people.givenNames,
					familyName: people.familyName,
					contactEmail: people.contactEmail
				})
				.from(guardianships)
				.innerJoin(people, eq(people.id, guardianships.guardianPersonId))
				.where(
					and(
						sql`${guardianships.studentPersonId}::text in ${textList(students)}`,
						or(isNull(guardianships.validTo), gte(guardianships.validTo, today)),
						isNull(people.mergedIntoPersonId)
					)
				)
		: [];
	type Guardian = { id: string; name: string; contactEmail: string | null };
	const guardiansOf = new Map<string, Guardian[]>();
	/** Guardians by normalised name + e-mail: a sibling's parent is the same person. */
	const byNameAndEmail = new Map<string, Guardian>();
	const remember = (studentId: string, g: Guardian) => {
		guardiansOf.set(studentId, [...(guardiansOf.get(studentId) ?? []), g]);
		if (g.contactEmail) byNameAndEmail.set(`${g.name}|${g.contactEmail.toLowerCase()}`, g);
	};
	for (const row of existingGuardians)
		remember(row.studentPersonId, {
			id: row.guardianPersonId,
			name: normaliseName(`${row.givenNames} ${row.familyName}`),
			contactEmail: row.contactEmail
		});

	const companyRows = withCompany
		? await tx.select({ id: companies.id, name: companies.name }).from(companies)
		: [];
	const companyByKey = new Map(companyRows.map((c) => [companyKey(c.name), c.id]));
	const openApprenticeships = withCompany
		? await tx
				.select({
					id: apprenticeships.id,
					studentPersonId: apprenticeships.studentPersonId,
					companyId: apprenticeships.companyId
				})
				.from(apprenticeships)
				.where(
					and(
						sql`${apprenticeships.studentPersonId}::text in ${textList(students)}`,
						or(isNull(apprenticeships.endsOn), gte(apprenticeships.endsOn, today))
					)
				)
		: [];
	const apprenticeshipsOf = new Map<string, { id: string; companyId: string }[]>();
	for (const a of openApprenticeships)
		apprenticeshipsOf.set(a.studentPersonId, [
			...(apprenticeshipsOf.get(a.studentPersonId) ?? []),
			a
		]);

	const plan: LinkPlan = {
		newGuardians: [],
		contactUpdates: [],
		newGuardianships: [],
		newCompanies: [],
		newApprenticeships: [],
		endedApprenticeships: [],
		statements: 0
	};
	const updated = new Set<string>();
	const linked = new Set<string>(); // student|guardian pairs already planned

	for (const [index, record] of records.entries()) {
		const studentId = studentOf[index];
		// Legal representation ends at 18: ASV often still lists the parents of adult students,
		// but they become no guardians here (and get no mail about a birthday long past).
		const represented = isMinorOn(record.birthDate, today);
		for (const [rawName, rawEmail] of [
			[record.guardian1Name, record.guardian1Email],
			[record.guardian2Name, record.guardian2Email]
		] as const) {
			if (!rawName || !represented) continue;
			const name = normaliseName(rawName);
			if (name === '') continue;
			const email = rawEmail ?? null;
			let guardian = (guardiansOf.get(studentId) ?? []).find((g) => g.name === name);
			if (guardian) {
				if (email && guardian.contactEmail !== email && !updated.has(guardian.id)) {
					updated.add(guardian.id);
					guardian.contactEmail = email;
					plan.contactUpdates.push({ id: guardian.id, email });
				}
				continue;
			}
			guardian = email ? byNameAndEmail.get(`${name}|${email}`) : undefined;
			if (!guardian) {
				guardian = { id: randomUUID(), name, contactEmail: email };
				plan.newGuardians.push({ id: guardian.id, ...splitName(rawName), contactEmail: email });
			}
			remember(studentId, guardian);
			const pair = `${studentId}|${guardian.id}`;
			if (guardian.id === studentId || linked.has(pair)) continue;
			linked.add(pair);
			plan.newGuardianships.push({
				guardianPersonId: guardian.id,
				studentPersonId: studentId,
				validFrom: today
			});
		}

		if (record.company) {
			const key = companyKey(record.company);
			let companyId = companyByKey.get(key);
			if (!companyId) {
				companyId = randomUUID();
				companyByKey.set(key, companyId);
				plan.newCompanies.push({
					id: companyId,
					name: record.company.replace(/\s+/g, ' ').trim(),
					address: '',
					email: ''
				});
			}
			const open = apprenticeshipsOf.get(studentId) ?? [];
			if (open.some((a) => a.companyId === companyId)) continue;
			plan.endedApprenticeships.push(...open.map((a) => a.id));
			const id = randomUUID();
			apprenticeshipsOf.set(studentId, [{ id, companyId }]);
			plan.newApprenticeships.push({ id, studentPersonId: studentId, companyId, startsOn: today });
		}
	}
	plan.statements =
		chunks(plan.contactUpdates).length +
		chunks(plan.newGuardianships, BULK).length +
		chunks(plan.newCompanies).length +
		chunks(plan.endedApprenticeships).length +
		chunks(plan.newApprenticeships, BULK).length;
	return plan;
}

async function writeLinks(tx: Tx, plan: LinkPlan, yesterday: string, step: () => Promise<void>) {
	for (const chunk of chunks(plan.contactUpdates)) {
		await tx.execute(sql`
			update ${people} p set contact_email = v.email, updated_at = now()
			from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(id uuid, email text)
			where p.id = v.id`);
		await step();
	}
	for (const chunk of chunks(plan.newGuardianships, BULK)) {
		await bulkInsert(tx, guardianships, GUARDIANSHIP_COLUMNS, chunk);
		await step();
	}
	for (const chunk of chunks(plan.newCompanies)) {
		await tx.insert(companies).values(chunk);
		await step();
	}
	for (const chunk of chunks(plan.endedApprenticeships)) {
		await tx
			.update(apprenticeships)
			.set({ endsOn: yesterday })
			.where(sql`${apprenticeships.id}::text in ${textList(chunk)}`);
		await step();
	}
	for (const chunk of chunks(plan.newApprenticeships, BULK)) {
		await bulkInsert(tx, apprenticeships, APPRENTICESHIP_COLUMNS, chunk);
		await step();
	}
}
