// The family's side of a sick note (/anliegen/<reference>): its state, what the school still
// needs from the family and by when, and the family's own steps — extend the report while it is
// open, upload a demanded Attest or a signed written excuse (Schulbesuchsverordnung BW § 2). The
// policy decides: `case.read` to see (a former guardian with the adult's consent reads only),
// `sickNote.respond` to act. Staff read cases on their own pages, where reads are audit-logged.
import { and, eq, gte, isNull, lte, ne, or } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { storeAttachment } from '../cases/attachment-store';
import { attachments, cases } from '../cases/schema';
import { addCaseEvent } from '../cases/service';
import { caseTimeline } from '../cases/timeline';
import { checkUpload } from '../cases/upload-check';
import { now, schoolDay } from '../clock';
import { db, type DbOrTx } from '../db';
import { failure, notFound, ok, type Result } from '../errors';
import { accounts, classes, classMemberships, people, schools } from '../identity/schema';
import { queueMail } from '../mail/service';
import { authorize, can, type Actor } from '../policy';
import { sickNotes } from './schema';
import { loadSickNote, type SickNoteRecord } from './sick-note-record';
import { queueCompanyNotices } from './company';
import { addDays, isDay, MAX_DAYS_AHEAD } from './sick-notes';

/**
 * The family page is for the student and their (former) guardians; staff who may read the case
 * too get their own page (audit-logged) and a 404 here. Access itself is the policy's answer.
 */
export const isFamilyOf = (actor: Actor, studentPersonId: string) =>
	actor.personId === studentPersonId ||
	actor.wards.some((w) => w.studentPersonId === studentPersonId) ||
	actor.consents.some(
		(c) => c.guardianPersonId === actor.personId && c.studentPersonId === studentPersonId
	);

async function loadForFamily(actor: Actor, reference: string) {
	const note = await loadSickNote({ reference });
	if (!note || !isFamilyOf(actor, note.studentPersonId)) notFound();
	authorize(actor, 'case.read', note!.resource);
	return note!;
}

const excuseNeeded = (n: SickNoteRecord) =>
	n.status !== 'closed' && n.excuseDueOn !== null && n.excuseReceivedAt === null;
/** The latest last day a family may give: two weeks ahead, like a first day. */
export const latestLastDay = () => addDays(schoolDay(), MAX_DAYS_AHEAD);

export async function familySickNoteView(actor: Actor, reference: string) {
	const n = await loadForFamily(actor, reference);
	const today = schoolDay();
	const [place] = await db()
		.select({
			className: classes.name,
			schoolName: schools.name,
			givenNames: people.givenNames,
			familyName: people.familyName
		})
		.from(classes)
		.innerJoin(schools, eq(schools.id, classes.schoolId))
		.innerJoin(people, eq(people.id, n.studentPersonId))
		.where(eq(classes.id, n.classId));
	const [reporter] = await db()
		.select({ givenNames: people.givenNames, familyName: people.familyName })
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(eq(accounts.id, n.reportedByAccountId));
	const files = await db()
		.select({
			id: attachments.id,
			name: attachments.fileName,
			kind: attachments.kind,
			size: attachments.sizeBytes,
			at: attachments.createdAt
		})
		.from(attachments)
		.where(and(eq(attachments.caseId, n.caseId), ne(attachments.kind, 'summary')))
		.orderBy(attachments.createdAt);
	const respond = can(actor, 'sickNote.respond', n.resource);
	const open = n.status !== 'closed';
	return {
		reference: n.reference,
		status: n.status,
		studentName: `${place.givenNames} ${place.familyName}`,
		schoolName: place.schoolName,
		className: place.className,
		firstDay: n.firstDay,
		lastDay: n.lastDay,
		lessonFrom: n.lessonFrom,
		lessonTo: n.lessonTo,
		note: n.note,
		reportedBy: reporter ? `${reporter.givenNames} ${reporter.familyName}` : null,
		reportedAs: n.reportedAs,
		channel: n.channel,
		callerName: n.callerName,
		decision: n.decision,
		needs: {
			excuse: excuseNeeded(n) ? { dueOn: n.excuseDueOn!, overdue: n.excuseDueOn! < today } : null,
			attest:
				n.status === 'attest_requested' && n.attestDueOn
					? { dueOn: n.attestDueOn, overdue: n.attestDueOn < today }
					: null
		},
		timeline: await caseTimeline(db(), n.caseId),
		attachments: files,
		actions: {
			extend: respond && open,
			uploadAttest: respond && n.status === 'attest_requested',
			uploadExcuse: respond && excuseNeeded(n)
		},
		latestLastDay: latestLastDay()
	};
}

export type FamilySickNoteView = Awaited<ReturnType<typeof familySickNoteView>>;

/**
 * "Krankmeldung verlängern": a new last day (or "noch unbekannt") on the same case, not before
 * the first day or the old last day, at most two weeks ahead. Lessons of a one-day report become
 * whole days once it spans more days.
 */
export async function extendSickNote(
	actor: Actor,
	reference: string,
	lastDay: string | null
): Promise<Result<{ reference: string }>> {
	const n = await loadForFamily(actor, reference);
	authorize(actor, 'sickNote.respond', n.resource);
	if (n.status === 'closed') return failure(409, { form: 'sickcase_error_closed' });
	if (lastDay !== null) {
		if (!isDay(lastDay)) return failure(400, { lastDay: 'sickcase_error_last_day_invalid' });
		if (lastDay < n.firstDay)
			return failure(400, { lastDay: 'sickcase_error_last_day_before_first' });
		if (n.lastDay !== null && lastDay < n.lastDay)
			return failure(400, { lastDay: 'sickcase_error_last_day_before_old' });
		if (lastDay > latestLastDay())
			return failure(400, { lastDay: 'sickcase_error_last_day_too_late' });
	}
	if (lastDay === n.lastDay) return failure(400, { lastDay: 'sickcase_error_unchanged' });
	const oneDay = lastDay === n.firstDay;

	return db().transaction(async (tx) => {
		const moved = await tx
			.update(cases)
			.set({ updatedAt: now() })
			.where(and(eq(cases.id, n.caseId), ne(cases.status, 'closed')))
			.returning({ id: cases.id });
		if (moved.length === 0) return failure(409, { form: 'sickcase_error_closed' });
		await tx
			.update(sickNotes)
			.set(oneDay ? { lastDay } : { lastDay, lessonFrom: null, lessonTo: null })
			.where(eq(sickNotes.caseId, n.caseId));
		await addCaseEvent(tx, n.caseId, actor, 'sick_note_extended', { from: n.lastDay, to: lastDay });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'sick_note.extend',
			resourceType: 'case',
			resourceId: n.caseId,
			details: { reference: n.reference, from: n.lastDay, to: lastDay }
		});
		// The training company planned with the old last day: it hears of the new one.
		await queueCompanyNotices(tx, {
			caseId: n.caseId,
			studentPersonId: n.studentPersonId,
			firstDay: n.firstDay,
			lastDay,
			reference: n.reference,
			extended: true
		});
		return ok({ reference: n.reference });
	});
}

export type FamilyUploadKind = 'attest' | 'excuse';

/**
 * Uploads the demanded Attest (then "Attest eingegangen", and the class teachers are told) or the
 * signed written excuse while one is due. Errors are keyed by the field (`attest` / `excuse`).
 */
export async function uploadSickNoteDocument(
	actor: Actor,
	reference: string,
	kind: FamilyUploadKind,
	file: File | null
): Promise<Result<{ reference: string }>> {
	const n = await loadForFamily(actor, reference);
	authorize(actor, 'sickNote.respond', n.resource);
	if (kind === 'attest' && n.status !== 'attest_requested')
		return failure(409, { form: 'sickcase_error_attest_not_requested' });
	if (kind === 'excuse' && !excuseNeeded(n))
		return failure(409, { form: 'sickcase_error_excuse_not_due' });
	const checked = await checkUpload(file, kind);
	if (!checked.ok) return checked;
	const { fileName, mimeType, bytes } = checked.value;

	return db().transaction(async (tx) => {
		const at = now();
		if (kind === 'attest') {
			const moved = await tx
				.update(cases)
				.set({ status: 'attest_received', updatedAt: at })
				.where(and(eq(cases.id, n.caseId), eq(cases.status, 'attest_requested')))
				.returning({ id: cases.id });
			if (moved.length === 0) return failure(409, { form: 'sickcase_error_attest_not_requested' });
			await tx
				.update(sickNotes)
				.set({ attestReceivedAt: at })
				.where(eq(sickNotes.caseId, n.caseId));
		} else {
			const open = await tx
				.update(cases)
				.set({ updatedAt: at })
				.where(and(eq(cases.id, n.caseId), ne(cases.status, 'closed')))
				.returning({ id: cases.id });
			if (open.length === 0) return failure(409, { form: 'sickcase_error_excuse_not_due' });
			const marked = await tx
				.update(sickNotes)
				.set({ excuseReceivedAt: at })
				.where(and(eq(sickNotes.caseId, n.caseId), isNull(sickNotes.excuseReceivedAt)))
				.returning({ id: sickNotes.caseId });
			if (marked.length === 0) return failure(409, { form: 'sickcase_error_excuse_not_due' });
		}
		const stored = await storeAttachment(tx, {
			caseId: n.caseId,
			uploadedByAccountId: actor.accountId,
			fileName,
			mimeType,
			bytes,
			kind
		});
		await addCaseEvent(tx, n.caseId, actor, `sick_note_${kind}_uploaded`, { fileName });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: `sick_note.upload_${kind}`,
			resourceType: 'case',
			resourceId: n.caseId,
			details: { reference: n.reference, attachmentId: stored.id, mimeType }
		});
		if (kind === 'attest') await tellClassTeachers(tx, n);
		return ok({ reference: n.reference });
	});
}

/** "Attest eingegangen" to the class teacher(s) of the class the note was filed in. */
async function tellClassTeachers(tx: DbOrTx, n: SickNoteRecord) {
	const today = schoolDay();
	const [student] = await tx
		.select({ givenNames: people.givenNames, familyName: people.familyName })
		.from(people)
		.where(eq(people.id, n.studentPersonId));
	const [klass] = await tx
		.select({ name: classes.name })
		.from(classes)
		.where(eq(classes.id, n.classId));
	const teachers = await tx
		.select({
			email: accounts.email,
			locale: accounts.locale,
			givenNames: people.givenNames,
			familyName: people.familyName
		})
		.from(classMemberships)
		.innerJoin(accounts, eq(accounts.personId, classMemberships.personId))
		.innerJoin(people, eq(people.id, classMemberships.personId))
		.where(
			and(
				eq(classMemberships.classId, n.classId),
				eq(classMemberships.role, 'class_teacher'),
				lte(classMemberships.validFrom, today),
				or(isNull(classMemberships.validTo), gte(classMemberships.validTo, today)),
				isNull(accounts.disabledAt)
			)
		);
	for (const t of teachers)
		await queueMail(tx, t.email, t.locale, {
			kind: 'sick_note_attest_received',
			name: `${t.givenNames} ${t.familyName}`,
			studentName: `${student.givenNames} ${student.familyName}`,
			className: klass.name,
			reference: n.reference
		});
}
