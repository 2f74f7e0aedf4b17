import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	DESK_NOW,
	DESK_TODAY,
	deskWorld,
	type DeskWorld,
	fileSickNote,
	patchSickNote,
	useDeskClock
} from '../../../../tests/helpers/sick-note-desk';
import { auditLog } from '../audit/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { listClassAbsences, listMyClasses } from './class-list';
import { enterPhoneReport } from './desk';

useTestDatabase();

const NOW = DESK_NOW;
const TODAY = DESK_TODAY;
useDeskClock();

const PERIOD = { from: '2026-02-16', to: TODAY };
let w: DeskWorld;
let recent: { caseId: string }, older: { caseId: string }, outside: { caseId: string };
let byPhone: string, overdue: string;

beforeAll(async () => {
	setClock(NOW);
	w = await deskWorld();
	recent = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY, {
		note: 'Fieber'
	});
	older = await fileSickNote(w.actors.adult, w.adult.personId, '2026-03-02', '2026-03-03');
	outside = await fileSickNote(w.actors.adult, w.adult.personId, '2026-03-04', '2026-03-04');
	await patchSickNote(outside.caseId, { firstDay: '2026-01-12', lastDay: '2026-01-13' });
	const phone = async (firstDay: string) => {
		const r = await enterPhoneReport(w.actors.secretaryA, {
			studentPersonId: w.minor.personId,
			firstDay,
			lastDay: firstDay,
			lessonFrom: null,
			lessonTo: null,
			note: null,
			clientId: `class-list-${firstDay}`,
			callerName: 'Gerda',
			reportedAs: 'guardian'
		});
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
		return r.value.caseId;
	};
	byPhone = await phone('2026-03-13');
	overdue = await phone('2026-03-05');
	await patchSickNote(overdue, { excuseDueOn: '2026-03-10' });
	// Another class's absence stays out.
	await fileSickNote(w.actors.studentA2, w.studentA2.personId, TODAY, TODAY);
	setClock(undefined);
});

describe('listClassAbsences', () => {
	it('gives the class teacher full rows newest first and the open items with overdue marked', async () => {
		const list = await listClassAbsences(w.actors.classTeacherA1, w.classA1, PERIOD);
		expect(list.readOnly).toBe(false);
		expect(list.className).toBe('A1');
		expect(list.absences.map((a) => a.caseId)).toEqual([
			recent.caseId,
			byPhone,
			overdue,
			older.caseId
		]);
		expect(list.absences[0].full).toMatchObject({ note: 'Fieber', excuse: 'not_needed' });
		expect(list.openItems).toEqual([
			expect.objectContaining({
				caseId: overdue,
				kind: 'excuse',
				dueOn: '2026-03-10',
				overdue: true
			}),
			expect.objectContaining({
				caseId: byPhone,
				kind: 'excuse',
				dueOn: '2026-03-19',
				overdue: false
			})
		]);
		const limited = await listClassAbsences(w.actors.secretaryA, w.classA1, PERIOD, { limit: 2 });
		expect(limited.absences).toHaveLength(2);
		expect(limited.readOnly).toBe(false);

		const [audit] = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.list'), eq(auditLog.resourceId, w.classA1)));
		expect((audit.details as { caseIds: string[] }).caseIds).toContain(recent.caseId);
	});

	it('shows subject teachers dates, lessons and status only, and no open items', async () => {
		const list = await listClassAbsences(w.actors.subjectTeacherA1, w.classA1, PERIOD);
		expect(list.readOnly).toBe(true);
		expect(list.absences).toHaveLength(4);
		expect(list.absences.every((a) => a.full === null)).toBe(true);
		expect(list.openItems).toEqual([]);
		expect(JSON.stringify(list)).not.toContain('Fieber');
	});

	it("refuses another class's teacher, another school's secretary, finance and the family (404)", async () => {
		for (const actor of [
			w.actors.classTeacherA2,
			w.actors.secretaryB,
			w.actors.finance,
			w.actors.guardian
		])
			await expect(listClassAbsences(actor, w.classA1, PERIOD)).rejects.toEqual(
				expect.objectContaining({ status: 404 })
			);
		await expect(listClassAbsences(w.actors.classTeacherA1, 'nonsense', PERIOD)).rejects.toEqual(
			expect.objectContaining({ status: 404 })
		);
	});
});

describe('listMyClasses', () => {
	it('lists the classes a teacher leads with open/overdue counts, and those taught without', async () => {
		expect(await listMyClasses(w.actors.classTeacherA1)).toEqual([
			{ classId: w.classA1, name: 'A1', classTeacher: true, open: 2, overdue: 1 }
		]);
		expect(await listMyClasses(w.actors.subjectTeacherA1)).toEqual([
			{ classId: w.classA1, name: 'A1', classTeacher: false, open: null, overdue: null }
		]);
		expect(await listMyClasses(w.actors.secretaryB)).toEqual([]);
		expect(await listMyClasses(w.actors.guardian)).toEqual([]);
	});
});
