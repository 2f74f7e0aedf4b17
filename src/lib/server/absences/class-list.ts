// The class's absences for its teachers (issue 4): the class teacher and the office see full rows
// and act; subject teachers see dates, lessons and status only. Open items (a written excuse or a
// demanded Attest still missing) come from the partial index `sick_notes_class_pending`, the
// period from `sick_notes_class_first_day`: two queries, no per-row work, no functions on indexed
// columns (bench/ measures this on PostgreSQL).
import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { cases } from '../cases/schema';
import { schoolDay } from '../clock';
import { db } from '../db';
import { notFound } from '../errors';
import { classes, people } from '../identity/schema';
import { authorize, can, type Actor } from '../policy';
import { excuseState, type ExcuseState } from './excuse-state';
import { sickNotes, type SickNoteStatus } from './schema';
import { addDays } from './sick-notes';

/**
 * How far before the period an absence may have begun and still be listed: the index is read as
 * a range on the first day. Longer absences that are still open show up as open items anyway.
 */
export const LOOKBACK_DAYS = 92;
export const DEFAULT_LIMIT = 200;

export interface ClassAbsence {
	caseId: string;
	studentName: string;
	firstDay: string;
	lastDay: string | null;
	lessonFrom: number | null;
	lessonTo: number | null;
	status: SickNoteStatus;
	/** Full rows only (class teacher, office); null for subject teachers. */
	full: {
		reference: string;
		channel: 'portal' | 'phone';
		note: string | null;
		excuse: ExcuseState;
		excuseDueOn: string | null;
		attestDueOn: string | null;
		attestReceived: boolean;
	} | null;
}

export interface OpenItem {
	caseId: string;
	reference: string | null;
	studentName: string;
	firstDay: string;
	kind: 'excuse' | 'attest';
	dueOn: string;
	overdue: boolean;
}

const pending = and(
	isNull(sickNotes.closedAt),
	or(
		and(isNotNull(sickNotes.excuseDueOn), isNull(sickNotes.excuseReceivedAt)),
		and(isNotNull(sickNotes.attestDueOn), isNull(sickNotes.attestReceivedAt))
	)
);

const columns = {
	caseId: sickNotes.caseId,
	reference: cases.reference,
	status: cases.status,
	givenNames: people.givenNames,
	familyName: people.familyName,
	firstDay: sickNotes.firstDay,
	lastDay: sickNotes.lastDay,
	lessonFrom: sickNotes.lessonFrom,
	lessonTo: sickNotes.lessonTo,
	channel: sickNotes.channel,
	note: sickNotes.note,
	excuseDueOn: sickNotes.excuseDueOn,
	excuseReceivedAt: sickNotes.excuseReceivedAt,
	attestDueOn: sickNotes.attestDueOn,
	attestReceivedAt: sickNotes.attestReceivedAt
};

async function loadClass(classId: string) {
	const [klass] = await db()
		.select({ id: classes.id, name: classes.name, schoolId: classes.schoolId })
		.from(classes)
		.where(eq(classes.id, classId));
	return klass ?? null;
}

/** May the actor read this class's sick-note cases in full (class teacher, office)? */
function readsInFull(actor: Actor, classId: string, schoolId: string) {
	return can(actor, 'case.read', {
		type: 'case',
		caseType: 'sick_note',
		schoolId,
		sensitive: true,
		subject: { personId: '', birthDate: null, classIds: [classId], schoolIds: [schoolId] }
	});
}

export async function listClassAbsences(
	actor: Actor,
	classId: string,
	period: { from: string; to: string },
	options: { limit?: number } = {}
) {
	const klass = /^[0-9a-f-]{36}$/i.test(classId) ? await loadClass(classId) : null;
	if (!klass) notFound();
	const { schoolId, name } = klass!;
	authorize(actor, 'absences.viewClass', { type: 'class', classId, schoolId });
	const readOnly = !readsInFull(actor, classId, schoolId);
	const today = schoolDay();
	const limit = Math.min(Math.max(options.limit ?? DEFAULT_LIMIT, 1), 1000);

	const base = () =>
		db()
			.select(columns)
			.from(sickNotes)
			.innerJoin(cases, eq(cases.id, sickNotes.caseId))
			.innerJoin(people, eq(people.id, sickNotes.studentPersonId));
	const [rows, openRows] = await Promise.all([
		base()
			.where(
				and(
					eq(sickNotes.classId, classId),
					lte(sickNotes.firstDay, period.to),
					gte(sickNotes.firstDay, addDays(period.from, -LOOKBACK_DAYS)),
					or(isNull(sickNotes.lastDay), gte(sickNotes.lastDay, period.from))
				)
			)
			.orderBy(desc(sickNotes.firstDay), desc(sickNotes.caseId))
			.limit(limit),
		readOnly
			? Promise.resolve([])
			: base()
					.where(and(eq(sickNotes.classId, classId), pending))
					.orderBy(desc(sickNotes.firstDay))
					.limit(limit)
	]);

	const absences: ClassAbsence[] = rows.map((r) => ({
		caseId: r.caseId,
		studentName: `${r.familyName}, ${r.givenNames}`,
		firstDay: r.firstDay,
		lastDay: r.lastDay,
		lessonFrom: r.lessonFrom,
		lessonTo: r.lessonTo,
		status: r.status as SickNoteStatus,
		full: readOnly
			? null
			: {
					reference: r.reference,
					channel: r.channel,
					note: r.note,
					excuse: excuseState(r, today),
					excuseDueOn: r.excuseDueOn,
					attestDueOn: r.attestDueOn,
					attestReceived: r.attestReceivedAt !== null
				}
	}));
	const openItems: OpenItem[] = [];
	for (const r of openRows) {
		const studentName = `${r.familyName}, ${r.givenNames}`;
		const item = { caseId: r.caseId, reference: r.reference, studentName, firstDay: r.firstDay };
		if (r.excuseDueOn && !r.excuseReceivedAt)
			openItems.push({
				...item,
				kind: 'excuse',
				dueOn: r.excuseDueOn,
				overdue: r.excuseDueOn < today
			});
		if (r.attestDueOn && !r.attestReceivedAt)
			openItems.push({
				...item,
				kind: 'attest',
				dueOn: r.attestDueOn,
				overdue: r.attestDueOn < today
			});
	}
	openItems.sort((a, b) => a.dueOn.localeCompare(b.dueOn));

	await recordAudit(db(), {
		actorAccountId: actor.accountId,
		action: 'sick_note.list',
		resourceType: 'class',
		resourceId: classId,
		details: {
			period,
			readOnly,
			caseIds: [...new Set([...absences.map((a) => a.caseId), ...openItems.map((o) => o.caseId)])]
		}
	});
	return { classId, className: name, readOnly, absences, openItems };
}

/**
 * The teacher's start: classes they lead or teach today, with counts of open and overdue items for
 * the classes they lead (subject teachers act on nothing).
 */
export async function listMyClasses(actor: Actor) {
	const mine = actor.classes.filter(
		(c) =>
			(c.role === 'class_teacher' || c.role === 'teacher') &&
			can(actor, 'absences.viewClass', { type: 'class', classId: c.classId, schoolId: c.schoolId })
	);
	if (mine.length === 0) return [];
	const ids = [...new Set(mine.map((c) => c.classId))];
	const leads = new Set(mine.filter((c) => c.role === 'class_teacher').map((c) => c.classId));
	const today = schoolDay();
	const [names, counts] = await Promise.all([
		db()
			.select({ id: classes.id, name: classes.name })
			.from(classes)
			.where(inArray(classes.id, ids)),
		leads.size === 0
			? Promise.resolve([])
			: db()
					.select({
						classId: sickNotes.classId,
						open: sql<number>`count(*)`,
						overdue: sql<number>`count(*) filter (where (${sickNotes.excuseDueOn} < ${today} and ${sickNotes.excuseReceivedAt} is null) or (${sickNotes.attestDueOn} < ${today} and ${sickNotes.attestReceivedAt} is null))`
					})
					.from(sickNotes)
					.where(and(inArray(sickNotes.classId, [...leads]), pending))
					.groupBy(sickNotes.classId)
	]);
	return names
		.map((c) => {
			const count = counts.find((k) => k.classId === c.id);
			return {
				classId: c.id,
				name: c.name,
				classTeacher: leads.has(c.id),
				open: leads.has(c.id) ? Number(count?.open ?? 0) : null,
				overdue: leads.has(c.id) ? Number(count?.overdue ?? 0) : null
			};
		})
		.sort((a, b) =>
			a.classTeacher === b.classTeacher
				? a.name.localeCompare(b.name, 'de')
				: a.classTeacher
					? -1
					: 1
		);
}
