import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { deskWorld, type DeskWorld } from '../../../../tests/helpers/sick-note-desk';
import { auditLog } from '../audit/schema';
import { db } from '../db';
import { absenceSettingsSchools, portalReportIsExcuse, setPortalReportIsExcuse } from './settings';

useTestDatabase();

let w: DeskWorld;
beforeAll(async () => {
	w = await deskWorld();
});

describe('absence settings of a school', () => {
	it('the head of school sees the default (portal report is the excuse) and turns it off', async () => {
		expect(await absenceSettingsSchools(w.actors.headA)).toEqual([
			{ id: w.schoolA, name: 'Schule A', portalReportIsExcuse: true }
		]);
		await setPortalReportIsExcuse(w.actors.headA, w.schoolA, false);
		expect(await portalReportIsExcuse(db(), w.schoolA)).toBe(false);
		expect((await absenceSettingsSchools(w.actors.headA))[0].portalReportIsExcuse).toBe(false);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'absences.settings'));
		expect(audit.map((a) => a.resourceId)).toContain(w.schoolA);
		await setPortalReportIsExcuse(w.actors.headA, w.schoolA, true);
		expect(await portalReportIsExcuse(db(), w.schoolA)).toBe(true);
	});

	it("refuses the office, teachers, another school's staff and district finance", async () => {
		for (const actor of [
			w.actors.secretaryA,
			w.actors.classTeacherA1,
			w.actors.secretaryB,
			w.actors.finance
		]) {
			expect(await absenceSettingsSchools(actor)).toEqual([]);
			await expect(setPortalReportIsExcuse(actor, w.schoolA, false)).rejects.toEqual(
				expect.objectContaining({ status: 403 })
			);
		}
		expect(await portalReportIsExcuse(db(), w.schoolA)).toBe(true);
	});
});
