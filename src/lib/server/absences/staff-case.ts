// One sick note for the staff (class teacher, office): its data, timeline, attachments and the
// actions the actor may take. Subject teachers are refused here (they have the read-only class
// list); every read is audit-logged.
import { asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { attachments } from '../cases/schema';
import { caseTimeline } from '../cases/timeline';
import { schoolDay } from '../clock';
import { db } from '../db';
import { notFound } from '../errors';
import { accounts, classes, people, schools } from '../identity/schema';
import { can, type Actor } from '../policy';
import { attestOpen } from './attest';
import { deadlineAfter } from './working-days';
import { excuseState } from './excuse-state';
import { ATTEST_DEFAULT_DAYS, attestAllowed, lessonDays } from './rules';
import { loadSickNote } from './sick-note-record';
import { addDays } from './sick-notes';

export async function staffSickNoteView(actor: Actor, reference: string) {
	const note = await loadSickNote({ reference });
	if (!note || !can(actor, 'case.read', note.resource)) notFound();
	const n = note!;
	const today = schoolDay();
	return db().transaction(async (tx) => {
		const [place] = await tx
			.select({
				className: classes.name,
				schoolType: classes.schoolType,
				schoolName: schools.name,
				givenNames: people.givenNames,
				familyName: people.familyName,
				birthDate: people.birthDate
			})
			.from(classes)
			.innerJoin(schools, eq(schools.id, classes.schoolId))
			.innerJoin(people, eq(people.id, n.studentPersonId))
			.where(eq(classes.id, n.classId));
		const [reporter] = await tx
			.select({ givenNames: people.givenNames, familyName: people.familyName })
			.from(accounts)
			.innerJoin(people, eq(people.id, accounts.personId))
			.where(eq(accounts.id, n.reportedByAccountId));
		const files = await tx
			.select({
				id: attachments.id,
				name: attachments.fileName,
				kind: attachments.kind,
				size: attachments.sizeBytes
			})
			.from(attachments)
			.where(eq(attachments.caseId, n.caseId))
			.orderBy(asc(attachments.createdAt));
		const timeline = await caseTimeline(tx, n.caseId);
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'sick_note.read',
			resourceType: 'case',
			resourceId: n.caseId,
			details: { reference: n.reference }
		});
		const days = lessonDays(n.firstDay, n.lastDay, today);
		const open = n.status !== 'closed';
		const mayAttest = can(actor, 'sickNote.requestAttest', n.resource) && attestOpen(n);
		return {
			caseId: n.caseId,
			classId: n.classId,
			reference: n.reference,
			status: n.status,
			studentName: `${place.givenNames} ${place.familyName}`,
			className: place.className,
			schoolName: place.schoolName,
			firstDay: n.firstDay,
			lastDay: n.lastDay,
			lessonFrom: n.lessonFrom,
			lessonTo: n.lessonTo,
			note: n.note,
			channel: n.channel,
			callerName: n.callerName,
			reportedAs: n.reportedAs,
			reportedByName: `${reporter.givenNames} ${reporter.familyName}`,
			reportedAt: n.createdAt,
			excuse: excuseState(n, today),
			excuseDueOn: n.excuseDueOn,
			acknowledgedAt: n.acknowledgedAt,
			attestReason: n.attestReason,
			attestDueOn: n.attestDueOn,
			attestReceivedAt: n.attestReceivedAt,
			decision: n.decision,
			companyNote: n.companyNote,
			lessonDays: days,
			attachments: files,
			timeline,
			actions: {
				acknowledge: n.status === 'submitted' && can(actor, 'sickNote.acknowledge', n.resource),
				excuseReceived:
					open &&
					n.excuseDueOn !== null &&
					n.excuseReceivedAt === null &&
					can(actor, 'sickNote.acknowledge', n.resource),
				requestAttest: mayAttest,
				decide: open && can(actor, 'sickNote.decide', n.resource)
			},
			attest: mayAttest
				? {
						longAbsenceAllowed: attestAllowed('long_absence', place.schoolType, days),
						schoolType: place.schoolType,
						defaultDueOn: deadlineAfter(today, ATTEST_DEFAULT_DAYS),
						minDueOn: addDays(today, 1),
						maxDueOn: addDays(today, 30)
					}
				: null
		};
	});
}

export type StaffSickNoteView = Awaited<ReturnType<typeof staffSickNoteView>>;

/** The case id behind a reference for the staff's actions (404 unless the actor may read it). */
export async function staffCaseId(actor: Actor, reference: string): Promise<string> {
	const note = await loadSickNote({ reference });
	if (!note || !can(actor, 'case.read', note.resource)) notFound();
	return note!.caseId;
}
