// Per-school absence settings (Schulbesuchsverordnung BW § 2): whether a report made in the portal
// by the signed-in guardian or adult student counts as the written excuse. The default is yes; a
// school that wants a signed excuse turns it off, and then one is due three days after the notice.
import { eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { now } from '../clock';
import { db, type DbOrTx } from '../db';
import { schools } from '../identity/schema';
import { authorize, can, staffSchoolIds, type Actor } from '../policy';
import { schoolAbsenceSettings } from './schema';

/** Days after the notice by which a signed written excuse must be handed in. */
export const WRITTEN_EXCUSE_DAYS = 3;

export async function portalReportIsExcuse(tx: DbOrTx, schoolId: string) {
	const [row] = await tx
		.select({ value: schoolAbsenceSettings.portalReportIsExcuse })
		.from(schoolAbsenceSettings)
		.where(eq(schoolAbsenceSettings.schoolId, schoolId));
	return row?.value ?? true;
}

export async function setPortalReportIsExcuse(actor: Actor, schoolId: string, value: boolean) {
	authorize(actor, 'absences.settings', { type: 'school', schoolId });
	await db().transaction(async (tx) => {
		const at = now();
		await tx
			.insert(schoolAbsenceSettings)
			.values({
				schoolId,
				portalReportIsExcuse: value,
				updatedAt: at,
				updatedByAccountId: actor.accountId
			})
			.onConflictDoUpdate({
				target: schoolAbsenceSettings.schoolId,
				set: { portalReportIsExcuse: value, updatedAt: at, updatedByAccountId: actor.accountId }
			});
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'absences.settings',
			resourceType: 'school',
			resourceId: schoolId,
			details: { portalReportIsExcuse: value }
		});
	});
}

/** The head of school's settings page: each school the actor may set, with its current value. */
export async function absenceSettingsSchools(actor: Actor) {
	const ids = staffSchoolIds(actor).filter((schoolId) =>
		can(actor, 'absences.settings', { type: 'school', schoolId })
	);
	if (ids.length === 0) return [];
	const rows = await db()
		.select({
			id: schools.id,
			name: schools.name,
			value: schoolAbsenceSettings.portalReportIsExcuse
		})
		.from(schools)
		.leftJoin(schoolAbsenceSettings, eq(schoolAbsenceSettings.schoolId, schools.id))
		.where(inArray(schools.id, ids))
		.orderBy(schools.name);
	return rows.map((r) => ({ id: r.id, name: r.name, portalReportIsExcuse: r.value ?? true }));
}
