// The training company's side of a sick note (issue 4, item 6): the company of an apprentice is
// told of a new absence and sees it on /betrieb where the policy lets it (a current apprenticeship,
// and a minor by the school rule or the adult apprentice's consent). It may add a note ("Betrieb
// informiert", "entschuldigt durch Betrieb"); the class teacher still decides. The company never
// sees the family's note, the reason or attachments.
import { and, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { addDays } from '../../sick-note-rules';
import { recordAudit } from '../audit/service';
import { cases } from '../cases/schema';
import { addCaseEvent } from '../cases/service';
import { now, schoolDay } from '../clock';
import { db, type DbOrTx, type Tx } from '../db';
import { failure, notFound, ok, type Result } from '../errors';
import { loadPersonRef } from '../identity/person-ref';
import {
	accounts,
	apprenticeships,
	classes,
	companies,
	consents,
	people,
	roleMemberships
} from '../identity/schema';
import { queueMail } from '../mail/service';
import { authorize, can, companyRuleAllows, type Actor, type PersonRef } from '../policy';
import { COMPANY_NOTE_KINDS, sickNotes, type CompanyNoteKind, type SickNoteStatus } from './schema';
import { loadSickNote, type SickNoteCaseResource } from './sick-note-record';

/** The company's list: absences of the last eight weeks, and all still open. */
export const COMPANY_LIST_DAYS = 56;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Companies that may see the student's absences today, decided without an actor by the same rule
 * the policy applies to a company contact (`companyRuleAllows`): a current apprenticeship, and a
 * minor by the school rule or the apprentice's unrevoked 'absences' consent to that company.
 */
export async function companiesSeeingAbsences(
	tx: DbOrTx,
	studentPersonId: string
): Promise<{ companyId: string; companyName: string }[]> {
	const day = schoolDay();
	const rows = await tx
		.selectDistinct({
			companyId: companies.id,
			companyName: companies.name,
			birthDate: people.birthDate,
			consented: sql<boolean>`exists (select 1 from ${consents}
				where ${consents.studentPersonId} = ${apprenticeships.studentPersonId}
				and ${consents.companyId} = ${apprenticeships.companyId}
				and ${consents.scope} = 'absences' and ${consents.revokedAt} is null)`
		})
		.from(apprenticeships)
		.innerJoin(companies, eq(companies.id, apprenticeships.companyId))
		.innerJoin(people, eq(people.id, apprenticeships.studentPersonId))
		.where(
			and(
				eq(apprenticeships.studentPersonId, studentPersonId),
				lte(apprenticeships.startsOn, day),
				or(isNull(apprenticeships.endsOn), gte(apprenticeships.endsOn, day))
			)
		);
	return rows
		.filter((r) => companyRuleAllows('absences', r.birthDate, r.consented))
		.map(({ companyId, companyName }) => ({ companyId, companyName }));
}

/**
 * Mails each contact (company_contact today, with an enabled account) of every company that may
 * see this absence. Runs in the transaction that records the report; no reason, no note.
 */
export async function queueCompanyNotices(
	tx: Tx,
	note: {
		caseId: string;
		studentPersonId: string;
		firstDay: string;
		lastDay: string | null;
		reference: string;
		/** "Krankmeldung verlängert": the same absence with a new last day. */
		extended?: boolean;
	}
): Promise<void> {
	const seeing = await companiesSeeingAbsences(tx, note.studentPersonId);
	if (seeing.length === 0) return;
	const day = schoolDay();
	const contacts = await tx
		.select({
			companyId: roleMemberships.companyId,
			email: accounts.email,
			locale: accounts.locale,
			name: sql<string>`${people.givenNames} || ' ' || ${people.familyName}`
		})
		.from(roleMemberships)
		.innerJoin(accounts, eq(accounts.personId, roleMemberships.personId))
		.innerJoin(people, eq(people.id, roleMemberships.personId))
		.where(
			and(
				eq(roleMemberships.role, 'company_contact'),
				inArray(
					roleMemberships.companyId,
					seeing.map((c) => c.companyId)
				),
				lte(roleMemberships.validFrom, day),
				or(isNull(roleMemberships.validTo), gte(roleMemberships.validTo, day)),
				isNull(accounts.disabledAt)
			)
		);
	const [student] = await tx
		.select({ givenNames: people.givenNames, familyName: people.familyName })
		.from(people)
		.where(eq(people.id, note.studentPersonId));
	const mailed = new Set<string>();
	for (const contact of contacts) {
		if (mailed.has(contact.email)) continue;
		mailed.add(contact.email);
		await queueMail(tx, contact.email, contact.locale, {
			kind: 'sick_note_company_notice',
			name: contact.name,
			companyName: seeing.find((c) => c.companyId === contact.companyId)?.companyName ?? '',
			studentName: `${student.givenNames} ${student.familyName}`,
			firstDay: note.firstDay,
			lastDay: note.lastDay,
			extended: note.extended ?? false
		});
	}
}

export interface CompanyAbsence {
	caseId: string;
	reference: string;
	studentName: string;
	className: string;
	firstDay: string;
	lastDay: string | null;
	lessonFrom: number | null;
	lessonTo: number | null;
	status: SickNoteStatus;
	companyNote: CompanyNoteKind | null;
	companyNoteAt: Date | null;
}

const caseResource = (person: PersonRef, schoolId: string): SickNoteCaseResource => ({
	type: 'case',
	caseType: 'sick_note',
	schoolId,
	sensitive: true,
	subject: person
});

/**
 * A company contact's view: their apprentices' absences they may see, of the last eight weeks and
 * all still open, newest first. Only what the list shows: no note, no attachments, no reason.
 */
export async function listCompanyAbsences(actor: Actor): Promise<CompanyAbsence[]> {
	const ids = [...new Set(actor.apprentices.map((a) => a.studentPersonId))];
	const visible = new Map<string, PersonRef>();
	for (const id of ids) {
		const person = await loadPersonRef(id);
		if (person && can(actor, 'person.readData', { type: 'personData', person, scope: 'absences' }))
			visible.set(id, person);
	}
	if (visible.size === 0) return [];
	const today = schoolDay();
	const since = addDays(today, -COMPANY_LIST_DAYS);
	const companyIds = [...new Set(actor.apprentices.map((a) => a.companyId))];
	const rows = await db()
		.select({
			caseId: sickNotes.caseId,
			schoolId: sickNotes.schoolId,
			studentPersonId: sickNotes.studentPersonId,
			reference: cases.reference,
			studentName: sql<string>`${people.familyName} || ', ' || ${people.givenNames}`,
			className: classes.name,
			firstDay: sickNotes.firstDay,
			lastDay: sickNotes.lastDay,
			lessonFrom: sickNotes.lessonFrom,
			lessonTo: sickNotes.lessonTo,
			status: cases.status,
			companyNote: sickNotes.companyNote,
			companyNoteAt: sickNotes.companyNoteAt
		})
		.from(sickNotes)
		.innerJoin(cases, eq(cases.id, sickNotes.caseId))
		.innerJoin(people, eq(people.id, sickNotes.studentPersonId))
		.innerJoin(classes, eq(classes.id, sickNotes.classId))
		.where(
			and(
				inArray(sickNotes.studentPersonId, [...visible.keys()]),
				// Only what falls into an apprenticeship with one of the actor's companies.
				sql`exists (select 1 from ${apprenticeships}
					where ${apprenticeships.studentPersonId} = ${sickNotes.studentPersonId}
					and ${apprenticeships.companyId} in (${sql.join(
						companyIds.map((id) => sql`${id}::uuid`),
						sql`, `
					)})
					and ${apprenticeships.startsOn} <= coalesce(${sickNotes.lastDay}, ${today}::date)
					and (${apprenticeships.endsOn} is null or ${apprenticeships.endsOn} >= ${sickNotes.firstDay}))`,
				or(
					ne(cases.status, 'closed'),
					gte(sql`coalesce(${sickNotes.lastDay}, ${sickNotes.firstDay})`, since)
				)
			)
		)
		.orderBy(desc(sickNotes.firstDay), desc(cases.createdAt))
		.limit(200);
	// The note is what the company may do with a case: the same rule decides what it sees.
	return rows
		.filter((r) =>
			can(actor, 'sickNote.companyNote', caseResource(visible.get(r.studentPersonId)!, r.schoolId))
		)
		.map((r) => ({
			caseId: r.caseId,
			reference: r.reference,
			studentName: r.studentName,
			className: r.className,
			firstDay: r.firstDay,
			lastDay: r.lastDay,
			lessonFrom: r.lessonFrom,
			lessonTo: r.lessonTo,
			status: r.status as SickNoteStatus,
			companyNote: r.companyNote,
			companyNoteAt: r.companyNoteAt
		}));
}

/**
 * The company's note on an absence. It is a note only: the case status stays, the class teacher
 * decides. Refused like a missing record (404) where the company may not see the absence.
 */
export async function addCompanyNote(
	actor: Actor,
	caseId: string,
	kind: string
): Promise<Result<{ kind: CompanyNoteKind }>> {
	if (!UUID.test(caseId)) return notFound();
	const record = await loadSickNote({ caseId });
	if (!record) return notFound();
	authorize(actor, 'sickNote.companyNote', record.resource);
	if (!(COMPANY_NOTE_KINDS as readonly string[]).includes(kind))
		return failure(400, { kind: 'company_abs_error_kind' });
	if (record.status === 'closed') return failure(409, { kind: 'company_abs_error_closed' });
	const noteKind = kind as CompanyNoteKind;
	await db().transaction(async (tx) => {
		const at = now();
		await tx
			.update(sickNotes)
			.set({ companyNote: noteKind, companyNoteAt: at, companyNoteByAccountId: actor.accountId })
			.where(eq(sickNotes.caseId, caseId));
		await tx.update(cases).set({ updatedAt: at }).where(eq(cases.id, caseId));
		await addCaseEvent(tx, caseId, actor, 'sick_note_company_note', { kind: noteKind });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'sick_note.company_note',
			resourceType: 'case',
			resourceId: caseId,
			details: { kind: noteKind, reference: record.reference }
		});
	});
	return ok({ kind: noteKind });
}
