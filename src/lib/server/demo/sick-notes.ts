// A few sick notes for the demo (issue 4), so the desk and the class lists are not empty on
// `npm start`: today's reports at the GS Seeburg (portal and phone), an overdue written excuse in
// TG11, an open one at the KS Lindenau. Dates count from the day the demo is loaded (the desk
// shows "today"); for a given day the plan is the same on every machine (picked by position from
// the deterministic demo data, no randomness).
import { nextReference } from '../cases/reference-number';
import { caseEvents, cases } from '../cases/schema';
import type { Tx } from '../db';
import { isMinorOn } from '../identity/age';
import { sickNotes, type SickNoteStatus } from '../absences/schema';
import { WRITTEN_EXCUSE_DAYS } from '../absences/settings';
import { deadlineAfter } from '../absences/working-days';
import type { DemoData } from './data';
import { demoLogin, type DemoLoginKey } from './logins';
import { demoId } from './random';

export interface DemoSickNote {
	key: string;
	caseId: string;
	schoolId: string;
	classId: string;
	studentPersonId: string;
	firstDay: string;
	lastDay: string | null;
	reportedByAccountId: string;
	reportedAs: 'student' | 'guardian';
	channel: 'portal' | 'phone';
	callerName: string | null;
	excuseDueOn: string | null;
	status: SickNoteStatus;
	/** When the report was made (09:00 German winter time on that day). */
	reportedAt: Date;
	acknowledgedByAccountId: string | null;
}

const shift = (day: string, days: number) => {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};

/** The demo's sick notes for the day the data is loaded. */
export function buildDemoSickNotes(data: DemoData, today: string): DemoSickNote[] {
	const accountOf = (key: DemoLoginKey) =>
		data.accounts.find((a) => a.email === demoLogin(key).email)!.id!;
	const person = (id: string) => data.people.find((p) => p.id === id)!;
	const nameOf = (id: string) => `${person(id).givenNames} ${person(id).familyName}`;
	const classId = (name: string) => data.classes.find((c) => c.name === name)!.id!;
	const schoolOf = (name: string) => data.classes.find((c) => c.name === name)!.schoolId;
	/** The n-th generated student of a class (the demo logins' students are left out). */
	const generated = (className: string, n: number) =>
		data.classMemberships.filter(
			(m) =>
				m.classId === classId(className) &&
				m.role === 'student' &&
				data.people.some((p) => p.id === m.personId && p.asvId) &&
				!data.accounts.some((a) => a.personId === m.personId)
		)[n].personId;
	const guardianName = (studentId: string) => {
		const g = data.guardianships.find((x) => x.studentPersonId === studentId && !x.validTo);
		return g ? nameOf(g.guardianPersonId) : nameOf(studentId);
	};
	const at = (day: string) => new Date(`${day}T08:00:00Z`);

	const portal = (
		key: string,
		className: string,
		studentId: string,
		by: DemoLoginKey,
		first: number,
		last: number | null,
		status: SickNoteStatus
	): DemoSickNote => {
		const firstDay = shift(today, first);
		return {
			key,
			caseId: demoId(`case:sick-note:${key}`),
			schoolId: schoolOf(className),
			classId: classId(className),
			studentPersonId: studentId,
			firstDay,
			lastDay: last === null ? null : shift(today, last),
			reportedByAccountId: accountOf(by),
			reportedAs:
				data.accounts.find((a) => a.id === accountOf(by))!.personId === studentId
					? 'student'
					: 'guardian',
			channel: 'portal',
			callerName: null,
			excuseDueOn: null,
			status,
			reportedAt: at(firstDay),
			acknowledgedByAccountId: status === 'submitted' ? null : accountOf('secretary')
		};
	};
	const phone = (
		key: string,
		className: string,
		studentId: string,
		office: DemoLoginKey,
		first: number,
		last: number | null,
		status: SickNoteStatus
	): DemoSickNote => {
		const firstDay = shift(today, first);
		const minor = isMinorOn(person(studentId).birthDate ?? null, firstDay);
		return {
			key,
			caseId: demoId(`case:sick-note:${key}`),
			schoolId: schoolOf(className),
			classId: classId(className),
			studentPersonId: studentId,
			firstDay,
			lastDay: last === null ? null : shift(today, last),
			reportedByAccountId: accountOf(office),
			reportedAs: minor ? 'guardian' : 'student',
			channel: 'phone',
			callerName: minor ? guardianName(studentId) : nameOf(studentId),
			// After a phone notice a signed excuse is due three days later (or the next working day).
			excuseDueOn: deadlineAfter(firstDay, WRITTEN_EXCUSE_DAYS),
			status,
			reportedAt: at(firstDay),
			acknowledgedByAccountId: status === 'submitted' ? null : accountOf(office)
		};
	};

	const emre = demoId('person:studentMinor');
	const elif = demoId('person:elif');
	const jonas = demoId('person:student');
	return [
		portal('emre-today', 'TG11', emre, 'guardian', 0, 1, 'submitted'),
		phone('kfz2-today', 'KFZ2', generated('KFZ2', 2), 'secretary', 0, 0, 'submitted'),
		phone('el1-today', 'EL1', generated('EL1', 4), 'secretary', 0, null, 'submitted'),
		portal('jonas-last-week', 'KFZ2', jonas, 'student', -6, -5, 'acknowledged'),
		// Reported by phone nine days ago: the written excuse was due three days later, moved on by
		// at most four days around a holiday (Karfreitag to Tuesday): overdue whatever the day.
		phone('tg11-overdue', 'TG11', generated('TG11', 3), 'secretary', -9, -7, 'acknowledged'),
		phone('tg11-open', 'TG11', generated('TG11', 7), 'secretary', -1, 0, 'submitted'),
		portal('elif-today', 'BK1', elif, 'guardian', 0, 0, 'submitted'),
		// KS Lindenau: an open written excuse, due in two days.
		phone('wg11-open', 'WG11', generated('WG11', 1), 'secretaryLindenau', -1, 0, 'acknowledged')
	];
}

/** Writes the plan: case, sick note and timeline per report, in the seed's transaction. */
export async function insertDemoSickNotes(tx: Tx, notes: DemoSickNote[]) {
	for (const n of notes) {
		const reference = await nextReference(tx, Number(n.firstDay.slice(0, 4)));
		await tx.insert(cases).values({
			id: n.caseId,
			reference,
			type: 'sick_note',
			schoolId: n.schoolId,
			subjectPersonId: n.studentPersonId,
			createdByAccountId: n.reportedByAccountId,
			status: n.status,
			createdAt: n.reportedAt,
			updatedAt: n.reportedAt
		});
		const acknowledgedAt = n.acknowledgedByAccountId
			? new Date(n.reportedAt.getTime() + 3_600_000)
			: null;
		await tx.insert(sickNotes).values({
			caseId: n.caseId,
			studentPersonId: n.studentPersonId,
			schoolId: n.schoolId,
			classId: n.classId,
			firstDay: n.firstDay,
			lastDay: n.lastDay,
			reportedByAccountId: n.reportedByAccountId,
			reportedAs: n.reportedAs,
			clientId: `demo-${n.key}`,
			channel: n.channel,
			callerName: n.callerName,
			excuseDueOn: n.excuseDueOn,
			acknowledgedAt,
			acknowledgedByAccountId: n.acknowledgedByAccountId,
			createdAt: n.reportedAt
		});
		const event = (kind: string, at: Date, actor: string, data: Record<string, unknown> = {}) =>
			tx.insert(caseEvents).values({ caseId: n.caseId, at, actorAccountId: actor, kind, data });
		await event('created', n.reportedAt, n.reportedByAccountId, { status: 'submitted' });
		await event('sick_note_reported', n.reportedAt, n.reportedByAccountId, {
			firstDay: n.firstDay,
			lastDay: n.lastDay,
			lessonFrom: null,
			lessonTo: null,
			reportedAs: n.reportedAs,
			channel: n.channel,
			excuseDueOn: n.excuseDueOn
		});
		if (acknowledgedAt)
			await event('sick_note_acknowledged', acknowledgedAt, n.acknowledgedByAccountId!);
	}
}
