// Everything the summary PDF of a sick note prints, read in the closing transaction so the PDF
// shows the decision and the close event that were just written.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { attachments, cases, type AttachmentKind } from '../cases/schema';
import { caseTimeline, type TimelineEvent } from '../cases/timeline';
import type { DbOrTx } from '../db';
import { accounts, classes, people, schools } from '../identity/schema';
import { sickNotes, type SickNoteDecision } from './schema';

export interface SickNoteSummary {
	reference: string;
	school: { name: string; address: string; code: string };
	student: { name: string; birthDate: string | null; className: string };
	firstDay: string;
	lastDay: string | null;
	lessonFrom: number | null;
	lessonTo: number | null;
	note: string | null;
	reportedAs: 'student' | 'guardian';
	channel: 'portal' | 'phone';
	callerName: string | null;
	reportedByName: string;
	reportedAt: Date;
	excuseDueOn: string | null;
	excuseReceivedAt: Date | null;
	attestRequestedAt: Date | null;
	attestReason: 'long_absence' | 'frequent' | null;
	attestDueOn: string | null;
	attestReceivedAt: Date | null;
	companyNote: 'informed' | 'excused_by_company' | null;
	decision: SickNoteDecision;
	closedAt: Date;
	closedByName: string;
	timeline: TimelineEvent[];
	attachments: {
		fileName: string;
		kind: AttachmentKind;
		mimeType: string;
		sizeBytes: number;
		sha256: string;
	}[];
	/** When the summary is made (the close). */
	createdAt: Date;
}

async function accountNames(tx: DbOrTx, accountIds: string[]) {
	const ids = [...new Set(accountIds)];
	if (ids.length === 0) return new Map<string, string>();
	const rows = await tx
		.select({ id: accounts.id, givenNames: people.givenNames, familyName: people.familyName })
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(inArray(accounts.id, ids));
	return new Map(rows.map((r) => [r.id, `${r.givenNames} ${r.familyName}`]));
}

/** The facts of a closed sick note; throws when the case is not a closed sick note. */
export async function loadSickNoteSummary(tx: DbOrTx, caseId: string): Promise<SickNoteSummary> {
	const [row] = await tx
		.select({
			note: sickNotes,
			reference: cases.reference,
			reportedAt: cases.createdAt,
			schoolName: schools.name,
			schoolAddress: schools.address,
			schoolCode: schools.code,
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate,
			className: classes.name
		})
		.from(sickNotes)
		.innerJoin(cases, eq(cases.id, sickNotes.caseId))
		.innerJoin(schools, eq(schools.id, sickNotes.schoolId))
		.innerJoin(people, eq(people.id, sickNotes.studentPersonId))
		.innerJoin(classes, eq(classes.id, sickNotes.classId))
		.where(eq(sickNotes.caseId, caseId));
	if (!row) throw new Error(`No sick note for case ${caseId}`);
	const n = row.note;
	if (!n.decision || !n.closedAt || !n.closedByAccountId)
		throw new Error(`Sick note ${row.reference} is not closed`);
	const names = await accountNames(tx, [n.reportedByAccountId, n.closedByAccountId]);
	const files = await tx
		.select({
			fileName: attachments.fileName,
			kind: attachments.kind,
			mimeType: attachments.mimeType,
			sizeBytes: attachments.sizeBytes,
			sha256: attachments.sha256
		})
		.from(attachments)
		.where(and(eq(attachments.caseId, caseId), ne(attachments.kind, 'summary')))
		.orderBy(asc(attachments.createdAt), asc(attachments.id));
	return {
		reference: row.reference,
		school: { name: row.schoolName, address: row.schoolAddress, code: row.schoolCode },
		student: {
			name: `${row.givenNames} ${row.familyName}`,
			birthDate: row.birthDate,
			className: row.className
		},
		firstDay: n.firstDay,
		lastDay: n.lastDay,
		lessonFrom: n.lessonFrom,
		lessonTo: n.lessonTo,
		note: n.note,
		reportedAs: n.reportedAs,
		channel: n.channel,
		callerName: n.callerName,
		reportedByName: names.get(n.reportedByAccountId) ?? 'unbekannt',
		reportedAt: row.reportedAt,
		excuseDueOn: n.excuseDueOn,
		excuseReceivedAt: n.excuseReceivedAt,
		attestRequestedAt: n.attestRequestedAt,
		attestReason: n.attestReason,
		attestDueOn: n.attestDueOn,
		attestReceivedAt: n.attestReceivedAt,
		companyNote: n.companyNote,
		decision: n.decision,
		closedAt: n.closedAt,
		closedByName: names.get(n.closedByAccountId) ?? 'unbekannt',
		timeline: await caseTimeline(tx, caseId),
		attachments: files,
		createdAt: n.closedAt
	};
}
