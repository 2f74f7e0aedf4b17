// Loads the demo district (data.ts) when the server starts with DEMO_DATA=1. All or nothing, in one
// transaction; a second start finds the demo school and does nothing, so the data people changed
// while trying the demo stays. An advisory lock keeps two nodes starting at once from both seeding.
import { eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { hashPassword } from '../auth/password';
import { totpCredentials } from '../auth/schema';
import { schoolDay } from '../clock';
import { db, type Tx } from '../db';
import {
	accounts,
	apprenticeships,
	classes,
	classMemberships,
	companies,
	districtSettings,
	guardianships,
	people,
	roleMemberships,
	schools,
	schoolYears
} from '../identity/schema';
import { log } from '../log';
import { buildDemoData } from './data';
import { DEMO_SCHOOL_CODE } from './district';
import { DEMO_PASSWORD, demoLogin, type DemoLoginKey } from './logins';
import { DEMO_TOTP_SECRETS } from './second-factor';
import { buildDemoSickNotes, insertDemoSickNotes } from './sick-notes';

const SEED_LOCK = 360_2026;
/** Rows per INSERT: few round trips, well below PostgreSQL's 65,535 parameters per statement. */
const BATCH = 500;

async function insertAll<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][]) {
	for (let i = 0; i < rows.length; i += BATCH)
		await tx.insert(table).values(rows.slice(i, i + BATCH));
}

/** Returns whether it loaded the data (false: it was there already). */
export async function seedDemoData(): Promise<boolean> {
	const started = performance.now();
	const seeded = await db().transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
		const [existing] = await tx
			.select({ id: schools.id })
			.from(schools)
			.where(eq(schools.code, DEMO_SCHOOL_CODE));
		if (existing) return false;

		// Hashed once for all demo accounts: argon2 takes tens of milliseconds on purpose.
		const data = buildDemoData(await hashPassword(DEMO_PASSWORD));
		// An installation may have named its district already: keep that.
		await tx.insert(districtSettings).values(data.district).onConflictDoNothing();
		await insertAll(tx, schools, data.schools);
		// The school year may have been created by hand already: its classes join that one.
		await tx.insert(schoolYears).values(data.schoolYears).onConflictDoNothing();
		const [year] = await tx
			.select({ id: schoolYears.id })
			.from(schoolYears)
			.where(eq(schoolYears.label, data.schoolYears[0].label));
		await insertAll(tx, companies, data.companies);
		await insertAll(
			tx,
			classes,
			data.classes.map((c) => ({ ...c, schoolYearId: year.id }))
		);
		await insertAll(tx, people, data.people);
		await insertAll(tx, accounts, data.accounts);
		await insertAll(tx, roleMemberships, data.roleMemberships);
		await insertAll(tx, classMemberships, data.classMemberships);
		await insertAll(tx, guardianships, data.guardianships);
		await insertAll(tx, apprenticeships, data.apprenticeships);
		// Staff and district logins must pass a second factor: fixed demo keys, already confirmed.
		const totp = (Object.entries(DEMO_TOTP_SECRETS) as [DemoLoginKey, string][]).map(
			([key, secret]) => ({
				accountId: data.accounts.find((a) => a.email === demoLogin(key).email)!.id!,
				secret,
				confirmedAt: new Date()
			})
		);
		await insertAll(tx, totpCredentials, totp);
		// A few sick notes dated from today, so the desk and the class lists show something.
		await insertDemoSickNotes(tx, buildDemoSickNotes(data, schoolDay()));
		return true;
	});
	const ms = Math.round(performance.now() - started);
	if (seeded) log.info({ ms }, 'demo data loaded');
	else log.debug({ ms }, 'demo data already present');
	return seeded;
}
