// Export part 3: what happened with and around the person: cases with events and attachment
// metadata, audit entries by or about them, mails to any address they had, sign-in attempts.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditLog } from '../../audit/schema';
import { accountKey } from '../../auth/rate-limit';
import { loginAttempts } from '../../auth/schema';
import { sickNotes } from '../../absences/schema';
import { attachments, caseEvents, cases } from '../../cases/schema';
import type { DbOrTx } from '../../db';
import { jobs } from '../../jobs/schema';
import { devMails } from '../../mail/schema';
import type { Actor } from '../../policy';
import { people, schools } from '../schema';
import { fullName } from './export-relations';

const CODE_IN_TEXT = /\b\d{8}\b/g;
/** One-time codes in mail texts are blanked: the file may be kept or passed on. */
const blankCodes = (text: string) => text.replace(CODE_IN_TEXT, '••••••••');

/** Rows of many cases, by case, without the case id. */
function groupByCase<T extends { caseId: string | null }>(rows: T[]) {
	const byCase = new Map<string, Omit<T, 'caseId'>[]>();
	for (const { caseId, ...row } of rows) {
		if (!caseId) continue;
		let list = byCase.get(caseId);
		if (!list) byCase.set(caseId, (list = []));
		list.push(row);
	}
	return byCase;
}

/** `addresses`: every e-mail address the person has on record (login, pending, school, contact). */
export async function recordsPart(tx: DbOrTx, actor: Actor, addresses: string[]) {
	const me = actor.personId;
	const account = actor.accountId;
	const other = alias(people, 'other');

	const caseRows = await tx
		.select({
			id: cases.id,
			reference: cases.reference,
			type: cases.type,
			status: cases.status,
			school: schools.name,
			subjectIsMe: sql<boolean>`${cases.subjectPersonId} = ${me}`,
			subject: fullName(other),
			createdByMe: sql<boolean>`coalesce(${cases.createdByAccountId} = ${account}, false)`,
			createdAt: cases.createdAt,
			updatedAt: cases.updatedAt,
			closedAt: cases.closedAt
		})
		.from(cases)
		.innerJoin(schools, eq(schools.id, cases.schoolId))
		.innerJoin(other, eq(other.id, cases.subjectPersonId))
		.where(or(eq(cases.subjectPersonId, me), eq(cases.createdByAccountId, account)))
		.orderBy(asc(cases.createdAt));
	const caseIds = caseRows.map((c) => c.id);
	const events = caseIds.length
		? await tx
				.select({
					caseId: caseEvents.caseId,
					at: caseEvents.at,
					kind: caseEvents.kind,
					byMe: sql<boolean>`coalesce(${caseEvents.actorAccountId} = ${account}, false)`,
					data: caseEvents.data
				})
				.from(caseEvents)
				.where(inArray(caseEvents.caseId, caseIds))
				.orderBy(asc(caseEvents.at), asc(caseEvents.id))
		: [];
	const files = caseIds.length
		? await tx
				.select({
					caseId: attachments.caseId,
					fileName: attachments.fileName,
					mimeType: attachments.mimeType,
					kind: attachments.kind,
					sizeBytes: attachments.sizeBytes,
					sha256: attachments.sha256,
					uploadedByMe: sql<boolean>`coalesce(${attachments.uploadedByAccountId} = ${account}, false)`,
					createdAt: attachments.createdAt
				})
				.from(attachments)
				.where(inArray(attachments.caseId, caseIds))
				.orderBy(asc(attachments.createdAt))
		: [];

	// The details of sick notes (no client id: a device's key, not about the person).
	const sickNoteRows = caseIds.length
		? await tx
				.select({
					caseId: sickNotes.caseId,
					firstDay: sickNotes.firstDay,
					lastDay: sickNotes.lastDay,
					lessonFrom: sickNotes.lessonFrom,
					lessonTo: sickNotes.lessonTo,
					note: sickNotes.note,
					reportedAs: sickNotes.reportedAs,
					reportedByMe: sql<boolean>`${sickNotes.reportedByAccountId} = ${account}`,
					channel: sickNotes.channel,
					callerName: sickNotes.callerName,
					excuseDueOn: sickNotes.excuseDueOn,
					excuseReceivedAt: sickNotes.excuseReceivedAt,
					acknowledgedAt: sickNotes.acknowledgedAt,
					attestRequestedAt: sickNotes.attestRequestedAt,
					attestReason: sickNotes.attestReason,
					attestDueOn: sickNotes.attestDueOn,
					attestReceivedAt: sickNotes.attestReceivedAt,
					companyNote: sickNotes.companyNote,
					decision: sickNotes.decision,
					closedAt: sickNotes.closedAt,
					createdAt: sickNotes.createdAt
				})
				.from(sickNotes)
				.where(inArray(sickNotes.caseId, caseIds))
		: [];

	const eventsByCase = groupByCase(events);
	const sickNoteByCase = new Map(sickNoteRows.map(({ caseId, ...n }) => [caseId, n]));
	const filesByCase = groupByCase(files);

	const audit = await tx
		.select({
			at: auditLog.at,
			action: auditLog.action,
			byMe: sql<boolean>`coalesce(${auditLog.actorAccountId} = ${account}, false)`,
			resourceType: auditLog.resourceType,
			resourceId: auditLog.resourceId,
			ip: auditLog.ip,
			details: auditLog.details
		})
		.from(auditLog)
		.where(
			or(
				eq(auditLog.actorAccountId, account),
				and(eq(auditLog.resourceType, 'person'), eq(auditLog.resourceId, me)),
				and(eq(auditLog.resourceType, 'account'), eq(auditLog.resourceId, account))
			)
		)
		.orderBy(asc(auditLog.id));

	// Earlier login addresses, from the record of each change.
	const known = new Set(addresses.map((a) => a.toLowerCase()));
	for (const entry of audit)
		if (entry.action === 'account.email_changed')
			for (const key of ['from', 'to'])
				if (typeof entry.details[key] === 'string') known.add(entry.details[key] as string);
	const to = [...known];

	const mails = await tx
		.select({
			to: sql<string>`${jobs.payload}->>'to'`,
			subject: sql<string>`${jobs.payload}->>'subject'`,
			text: sql<string>`${jobs.payload}->>'text'`,
			state: jobs.state,
			queuedAt: jobs.createdAt,
			finishedAt: jobs.finishedAt
		})
		.from(jobs)
		.where(and(eq(jobs.name, 'mail.send.v1'), inArray(sql`${jobs.payload}->>'to'`, to)))
		.orderBy(asc(jobs.id));
	const devOutbox = await tx
		.select({
			to: devMails.to,
			subject: devMails.subject,
			text: devMails.text,
			sentAt: devMails.sentAt
		})
		.from(devMails)
		.where(inArray(devMails.to, to))
		.orderBy(asc(devMails.sentAt));
	const attempts = await tx
		.select({ key: loginAttempts.key, succeeded: loginAttempts.succeeded, at: loginAttempts.at })
		.from(loginAttempts)
		.where(inArray(loginAttempts.key, to.map(accountKey)))
		.orderBy(asc(loginAttempts.at));

	return {
		cases: caseRows.map(({ id, subject, subjectIsMe, ...c }) => ({
			...c,
			subject: subjectIsMe ? 'self' : subject,
			...(sickNoteByCase.has(id) ? { sickNote: sickNoteByCase.get(id) } : {}),
			events: eventsByCase.get(id) ?? [],
			attachments: filesByCase.get(id) ?? []
		})),
		// Someone else's entry about the person: what and when, not from where.
		auditLog: audit.map((a) => (a.byMe ? a : { ...a, ip: null })),
		mails: mails.map((m) => ({ ...m, text: blankCodes(m.text ?? '') })),
		developmentOutbox: devOutbox.map((m) => ({ ...m, text: blankCodes(m.text) })),
		loginAttempts: attempts.map(({ key, ...a }) => ({ email: key.slice('email:'.length), ...a }))
	};
}
