// "Meine Daten herunterladen" (Art. 15 and 20 GDPR): everything stored about the signed-in person,
// as one JSON document. It reads the tables of every module on purpose: a copy of all data about a
// person is the one errand that crosses every module. The parts: export-account.ts (person,
// account, sessions), export-relations.ts (roles, classes, family, company, consents),
// export-records.ts (cases, audit, mails, sign-in attempts). export.test.ts fails when a table is
// added that the parts neither cover nor EXPORT_COVERAGE explains leaving out.
// Secrets never leave: no password hash, no code or recovery-code hashes, no TOTP key, no session
// ids, no file storage keys, and one-time codes in mail texts are blanked.
import { now, schoolDay } from '../../clock';
import { db, type DbOrTx } from '../../db';
import { recordAudit } from '../../audit/service';
import type { Actor } from '../../policy';
import { accountPart } from './export-account';
import { recordsPart } from './export-records';
import { relationsPart } from './export-relations';

/**
 * Every table and how the export treats it: `person` (rows about the person are exported),
 * or the reason it is left out. Checked against the schema by export.test.ts.
 */
export const EXPORT_COVERAGE: Record<string, string> = {
	people: 'person',
	accounts: 'person',
	sessions: 'person',
	one_time_codes: 'person',
	login_attempts: 'person',
	totp_credentials: 'person',
	recovery_codes: 'person',
	passkeys: 'person',
	role_memberships: 'person',
	class_memberships: 'person',
	guardianships: 'person',
	apprenticeships: 'person',
	consents: 'person',
	guardian_invitations: 'person',
	possible_duplicates: 'person',
	person_merges: 'person',
	roster_imports: 'person',
	cases: 'person',
	case_events: 'person',
	attachments: 'person',
	sick_notes: 'person',
	audit_log: 'person',
	jobs: 'person',
	dev_mails: 'person',
	district_settings: 'left out: the district, no personal data',
	schools: 'left out: named where the person has a role or class',
	school_years: 'left out: no personal data',
	classes: 'left out: named where the person is a member',
	companies: 'left out: named where the person is an apprentice or contact',
	reference_counters: 'left out: a counter, no personal data',
	school_absence_settings: 'left out: a school setting, no personal data'
};

async function collect(tx: DbOrTx, actor: Actor) {
	const own = await accountPart(tx, actor);
	const relations = await relationsPart(tx, actor);
	const addresses = [
		own.account.email,
		own.account.pendingEmail,
		own.person.schoolEmail,
		own.person.contactEmail
	].filter((a): a is string => !!a);
	const records = await recordsPart(tx, actor, addresses);
	return { ...own, ...relations, ...records };
}

export type MyData = Awaited<ReturnType<typeof collect>> & {
	format: string;
	createdAt: Date;
	note: string;
};

/** Everything about the actor's person; the export itself is audit-logged. */
export async function exportMyData(actor: Actor): Promise<MyData> {
	const data = await db().transaction(async (tx) => collect(tx, actor), {
		isolationLevel: 'repeatable read',
		accessMode: 'read only'
	});
	await recordAudit(db(), {
		actorAccountId: actor.accountId,
		action: 'account.data_exported',
		resourceType: 'person',
		resourceId: actor.personId
	});
	return {
		format: 'schule360-meine-daten/1',
		createdAt: now(),
		note: 'Alle bei Schule 360° über Sie gespeicherten Daten (Art. 15 DSGVO). Passwörter, Codes und Schlüssel sind nicht enthalten. / Everything Schule 360° stores about you (Art. 15 GDPR), without passwords, codes or keys.',
		...data
	};
}

export const exportFileName = () => `schule360-meine-daten-${schoolDay()}.json`;
