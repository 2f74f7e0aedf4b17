// The secretariat's sick-note desk (issue 4): the day's reports of the school, "zur Kenntnis
// genommen", a signed written excuse handed in. Only the school's office sees the desk; each list
// view and each change is audit-logged. The note text never leaves here (the list shows columns).
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../audit/service';
import { cases } from '../cases/schema';
import { addCaseEvent } from '../cases/service';
import { now, schoolDay } from '../clock';
import { db } from '../db';
import { failure, notFound, ok, type Result } from '../errors';
import { accounts, classes, people, schools } from '../identity/schema';
import { authorize, can, staffSchoolIds, type Actor } from '../policy';
import { excuseState } from './excuse-state';
import { sickNotes, type SickNoteStatus } from './schema';
import { loadSickNote } from './sick-note-record';
import { isDay } from './sick-notes';

export interface DeskRow {
	caseId: string;
	reference: string;
	studentName: string;
	className: string;
	firstDay: string;
	lastDay: string | null;
	lessonFrom: number | null;
	lessonTo: number | null;
	status: SickNoteStatus;
	reportedByName: string;
	reportedAs: 'student' | 'guardian';
	channel: 'portal' | 'phone';
	callerName: string | null;
	excuse: ReturnType<typeof excuseState>;
	excuseDueOn: string | null;
	acknowledged: boolean;
	canAcknowledge: boolean;
}

const reporter = alias(people, 'reporter');

/**
 * The reports of a school whose absence covers `day` (today by default) or that were reported on
 * that day, optionally of one class; newest first. 403 outside the school's office.
 */
export async function listSchoolSickNotes(
	actor: Actor,
	schoolId: string,
	options: { day?: string; classId?: string | null } = {}
): Promise<{ day: string; rows: DeskRow[] }> {
	authorize(actor, 'absences.viewSchool', { type: 'school', schoolId });
	const today = schoolDay();
	const day = options.day && isDay(options.day) ? options.day : today;
	const rows = await db()
		.select({
			caseId: sickNotes.caseId,
			reference: cases.reference,
			status: cases.status,
			givenNames: people.givenNames,
			familyName: people.familyName,
			className: classes.name,
			firstDay: sickNotes.firstDay,
			lastDay: sickNotes.lastDay,
			lessonFrom: sickNotes.lessonFrom,
			lessonTo: sickNotes.lessonTo,
			reporterGiven: reporter.givenNames,
			reporterFamily: reporter.familyName,
			reportedAs: sickNotes.reportedAs,
			channel: sickNotes.channel,
			callerName: sickNotes.callerName,
			excuseDueOn: sickNotes.excuseDueOn,
			excuseReceivedAt: sickNotes.excuseReceivedAt,
			acknowledgedAt: sickNotes.acknowledgedAt,
			closedAt: sickNotes.closedAt
		})
		.from(sickNotes)
		.innerJoin(cases, eq(cases.id, sickNotes.caseId))
		.innerJoin(people, eq(people.id, sickNotes.studentPersonId))
		.innerJoin(classes, eq(classes.id, sickNotes.classId))
		.innerJoin(accounts, eq(accounts.id, sickNotes.reportedByAccountId))
		.innerJoin(reporter, eq(reporter.id, accounts.personId))
		.where(
			and(
				eq(sickNotes.schoolId, schoolId),
				options.classId ? eq(sickNotes.classId, options.classId) : undefined,
				// Absent on that day, or reported on it (German day), a planned absence too.
				or(
					and(
						lte(sickNotes.firstDay, day),
						or(isNull(sickNotes.lastDay), gte(sickNotes.lastDay, day))
					),
					sql`(${sickNotes.createdAt} at time zone 'Europe/Berlin')::date = ${day}::date`
				)
			)
		)
		.orderBy(desc(sickNotes.createdAt), asc(people.familyName))
		.limit(500);
	const result = rows.map((r) => ({
		caseId: r.caseId,
		reference: r.reference,
		studentName: `${r.familyName}, ${r.givenNames}`,
		className: r.className,
		firstDay: r.firstDay,
		lastDay: r.lastDay,
		lessonFrom: r.lessonFrom,
		lessonTo: r.lessonTo,
		status: r.status as SickNoteStatus,
		reportedByName: `${r.reporterGiven} ${r.reporterFamily}`,
		reportedAs: r.reportedAs,
		channel: r.channel,
		callerName: r.callerName,
		excuse: excuseState(r, today),
		excuseDueOn: r.excuseDueOn,
		acknowledged: r.acknowledgedAt !== null,
		canAcknowledge: r.status === 'submitted'
	}));
	await recordAudit(db(), {
		actorAccountId: actor.accountId,
		action: 'sick_note.list',
		resourceType: 'school',
		resourceId: schoolId,
		details: { day, classId: options.classId ?? null, caseIds: result.map((r) => r.caseId) }
	});
	return { day, rows: result };
}

/** The school's classes, for the class filter. */
export async function deskClasses(actor: Actor, schoolId: string) {
	authorize(actor, 'absences.viewSchool', { type: 'school', schoolId });
	return db()
		.select({ id: classes.id, name: classes.name })
		.from(classes)
		.where(eq(classes.schoolId, schoolId))
		.orderBy(asc(classes.name));
}

async function loadForStaff(actor: Actor, caseId: string) {
	const note = await loadSickNote({ caseId });
	if (!note) notFound();
	authorize(actor, 'sickNote.acknowledge', note!.resource);
	return note!;
}

/** "Zur Kenntnis genommen": once, from "gesendet" only; 409 when it was done or moved on. */
export async function acknowledgeSickNote(
	actor: Actor,
	caseId: string
): Promise<Result<{ reference: string }>> {
	const note = await loadForStaff(actor, caseId);
	return db().transaction(async (tx) => {
		const at = now();
		const moved = await tx
			.update(cases)
			.set({ status: 'acknowledged', updatedAt: at })
			.where(and(eq(cases.id, caseId), eq(cases.status, 'submitted')))
			.returning({ id: cases.id });
		if (moved.length === 0) return failure(409, { form: 'desk_error_already_acknowledged' });
		await tx
			.update(sickNotes)
			.set({ acknowledgedAt: at, acknowledgedByAccountId: actor.accountId })
			.where(eq(sickNotes.caseId, caseId));
		await addCaseEvent(tx, caseId, actor, 'sick_note_acknowledged');
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'sick_note.acknowledge',
			resourceType: 'case',
			resourceId: caseId,
			details: { reference: note.reference }
		});
		return ok({ reference: note.reference });
	});
}

/** The signed written excuse was handed in: once, only where one is due and the case is open. */
export async function recordExcuseReceived(
	actor: Actor,
	caseId: string
): Promise<Result<{ reference: string }>> {
	const note = await loadForStaff(actor, caseId);
	if (note.excuseDueOn === null) return failure(409, { form: 'desk_error_no_excuse_due' });
	return db().transaction(async (tx) => {
		const at = now();
		const updated = await tx
			.update(sickNotes)
			.set({ excuseReceivedAt: at, excuseReceivedByAccountId: actor.accountId })
			.where(
				and(
					eq(sickNotes.caseId, caseId),
					isNull(sickNotes.excuseReceivedAt),
					isNull(sickNotes.closedAt)
				)
			)
			.returning({ id: sickNotes.caseId });
		if (updated.length === 0) return failure(409, { form: 'desk_error_excuse_already' });
		await tx.update(cases).set({ updatedAt: at }).where(eq(cases.id, caseId));
		await addCaseEvent(tx, caseId, actor, 'sick_note_excuse_received');
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'sick_note.excuse_received',
			resourceType: 'case',
			resourceId: caseId,
			details: { reference: note.reference }
		});
		return ok({ reference: note.reference });
	});
}

/** Whether the actor works the desk of this school (for links; the services check again). */
export const mayUseDesk = (actor: Actor, schoolId: string) =>
	can(actor, 'absences.viewSchool', { type: 'school', schoolId });

// The phone report lives beside the desk (phone-report.ts) to keep this file small.
export { enterPhoneReport, type PhoneReportInput } from './phone-report';

/** The schools whose desk the actor works, by name (usually one). */
export async function deskSchools(actor: Actor) {
	const ids = staffSchoolIds(actor).filter((schoolId) => mayUseDesk(actor, schoolId));
	if (ids.length === 0) return [];
	return db()
		.select({ id: schools.id, name: schools.name })
		.from(schools)
		.where(inArray(schools.id, ids))
		.orderBy(asc(schools.name));
}
