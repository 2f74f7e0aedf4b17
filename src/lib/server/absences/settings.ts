// Per-school absence settings (Schulbesuchsverordnung BW § 2): whether a report made in the portal
// by the signed-in guardian or adult student counts as the written excuse. The default is yes; a
// school that wants a signed excuse turns it off, and then one is due three days after the notice.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import { now } from '../clock';
import { db, type DbOrTx } from '../db';
import { authorize, type Actor } from '../policy';
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
