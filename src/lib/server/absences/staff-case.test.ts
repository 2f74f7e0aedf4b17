import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { DESK_TODAY, fileSickNote, useDeskWorld } from '../../../../tests/helpers/sick-note-desk';
import { auditLog } from '../audit/schema';
import { db } from '../db';
import { acknowledgeSickNote } from './desk';
import { staffSickNoteView } from './staff-case';

useTestDatabase();

const TODAY = DESK_TODAY;
const w = useDeskWorld();

describe('staffSickNoteView', () => {
	it('shows the class teacher the note, timeline and actions, and logs the read', async () => {
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY, {
			note: 'Magen'
		});
		const view = await staffSickNoteView(w.actors.classTeacherA1, note.reference);
		expect(view).toMatchObject({
			reference: note.reference,
			status: 'submitted',
			className: 'A1',
			note: 'Magen',
			reportedAs: 'guardian',
			lessonDays: 1,
			attachments: [],
			actions: { acknowledge: true, excuseReceived: false, requestAttest: true, decide: true }
		});
		expect(view.reportedByName).toContain('Gerda');
		expect(view.timeline.map((e) => e.kind)).toEqual(['created', 'sick_note_reported']);
		expect(view.attest).toMatchObject({ longAbsenceAllowed: false, defaultDueOn: '2026-03-23' });
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.read'), eq(auditLog.resourceId, note.caseId)));
		expect(audit).toHaveLength(1);
	});

	it('gives the office acknowledge but neither Attest nor decision; none once acknowledged', async () => {
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		const view = await staffSickNoteView(w.actors.secretaryA, note.reference);
		expect(view.actions).toEqual({
			acknowledge: true,
			excuseReceived: false,
			requestAttest: false,
			decide: false
		});
		expect(view.attest).toBeNull();
		await acknowledgeSickNote(w.actors.secretaryA, note.caseId);
		const after = await staffSickNoteView(w.actors.secretaryA, note.reference);
		expect(after.actions.acknowledge).toBe(false);
		expect(after.timeline.map((e) => e.kind)).toContain('sick_note_acknowledged');
	});

	it("refuses a subject teacher, another class's teacher, another school, finance (404), and logs nothing", async () => {
		const note = await fileSickNote(w.actors.guardian, w.minor.personId, TODAY, TODAY);
		for (const actor of [
			w.actors.subjectTeacherA1,
			w.actors.classTeacherA2,
			w.actors.secretaryB,
			w.actors.finance
		])
			await expect(staffSickNoteView(actor, note.reference)).rejects.toEqual(
				expect.objectContaining({ status: 404 })
			);
		await expect(staffSickNoteView(w.actors.secretaryA, 'S360-1999-000001')).rejects.toEqual(
			expect.objectContaining({ status: 404 })
		);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'sick_note.read'), eq(auditLog.resourceId, note.caseId)));
		expect(audit).toEqual([]);
	});
});
