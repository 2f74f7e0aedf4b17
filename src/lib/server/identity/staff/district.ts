// District administration (policy `district.manage`): the district's schools and who holds the
// district roles (finance, administration). Roles end (validTo = today), never vanish; the last
// district administrator cannot be removed. Every change is audit-logged.
import { and, asc, eq, gt, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { schoolDay } from '../../clock';
import { db } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { authorize, type Actor } from '../../policy';
import { accounts, people, roleMemberships, schools } from '../schema';

export const DISTRICT_ROLE_KEYS = ['district_finance', 'district_admin'] as const;
export type DistrictRole = (typeof DISTRICT_ROLE_KEYS)[number];
/** Serialises changes of district roles, so two admins cannot remove each other at once. */
const DISTRICT_ROLES_LOCK = 360_3003;

const manage = (actor: Actor) => authorize(actor, 'district.manage', { type: 'district' });

export interface SchoolInput {
	code: string;
	name: string;
	shortName: string;
	address: string;
	email: string;
	phone: string | null;
}

export async function listSchools(actor: Actor) {
	manage(actor);
	return db()
		.select({
			id: schools.id,
			code: schools.code,
			name: schools.name,
			shortName: schools.shortName,
			address: schools.address,
			email: schools.email,
			phone: schools.phone
		})
		.from(schools)
		.orderBy(asc(schools.name));
}

const clean = (input: SchoolInput): SchoolInput => ({
	code: input.code.trim(),
	name: input.name.trim(),
	shortName: input.shortName.trim(),
	address: input.address.trim(),
	email: input.email.trim().toLowerCase(),
	phone: input.phone?.trim() || null
});

async function codeTaken(code: string, exceptId?: string) {
	const [row] = await db()
		.select({ id: schools.id })
		.from(schools)
		.where(
			exceptId ? and(eq(schools.code, code), ne(schools.id, exceptId)) : eq(schools.code, code)
		);
	return !!row;
}

export async function createSchool(
	actor: Actor,
	input: SchoolInput
): Promise<Result<{ id: string }>> {
	manage(actor);
	const values = clean(input);
	if (await codeTaken(values.code)) return failure(409, { code: 'error_school_code_taken' });
	const id = await db().transaction(async (tx) => {
		const [row] = await tx.insert(schools).values(values).returning({ id: schools.id });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'district.school_created',
			resourceType: 'school',
			resourceId: row.id,
			details: { ...values }
		});
		return row.id;
	});
	return ok({ id });
}

export async function updateSchool(
	actor: Actor,
	schoolId: string,
	input: SchoolInput
): Promise<Result<undefined>> {
	manage(actor);
	const values = clean(input);
	if (await codeTaken(values.code, schoolId))
		return failure(409, { code: 'error_school_code_taken' });
	const done = await db().transaction(async (tx) => {
		const [before] = await tx.select().from(schools).where(eq(schools.id, schoolId));
		if (!before) return false;
		await tx.update(schools).set(values).where(eq(schools.id, schoolId));
		const changed = Object.fromEntries(
			Object.entries(values).filter(([k, v]) => before[k as keyof typeof before] !== v)
		);
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'district.school_updated',
			resourceType: 'school',
			resourceId: schoolId,
			details: { changed: Object.keys(changed), after: changed }
		});
		return true;
	});
	return done ? ok(undefined) : failure(404, { form: 'error_not_found' });
}

/** Who holds a district role today (and until when, if it ends). */
export async function listDistrictRoles(actor: Actor) {
	manage(actor);
	const today = schoolDay();
	return db()
		.select({
			id: roleMemberships.id,
			role: roleMemberships.role,
			validFrom: roleMemberships.validFrom,
			validTo: roleMemberships.validTo,
			givenNames: people.givenNames,
			familyName: people.familyName,
			email: accounts.email
		})
		.from(roleMemberships)
		.innerJoin(people, eq(people.id, roleMemberships.personId))
		.leftJoin(accounts, eq(accounts.personId, people.id))
		.where(
			and(
				inArray(roleMemberships.role, [...DISTRICT_ROLE_KEYS]),
				lte(roleMemberships.validFrom, today),
				or(isNull(roleMemberships.validTo), sql`${roleMemberships.validTo} >= ${today}`)
			)
		)
		.orderBy(asc(roleMemberships.role), asc(people.familyName), asc(people.givenNames));
}

/** Gives an existing account a district role (looked up by its sign-in e-mail). */
export async function grantDistrictRole(
	actor: Actor,
	email: string,
	role: DistrictRole
): Promise<Result<undefined>> {
	manage(actor);
	if (!DISTRICT_ROLE_KEYS.includes(role))
		return failure(400, { role: 'error_district_role_required' });
	const [account] = await db()
		.select({ id: accounts.id, personId: accounts.personId })
		.from(accounts)
		.where(eq(accounts.email, email.trim().toLowerCase()));
	if (!account) return failure(404, { email: 'error_account_not_found' });
	const today = schoolDay();
	const done = await db().transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${DISTRICT_ROLES_LOCK})`);
		const [existing] = await tx
			.select({ id: roleMemberships.id })
			.from(roleMemberships)
			.where(
				and(
					eq(roleMemberships.personId, account.personId),
					eq(roleMemberships.role, role),
					isNull(roleMemberships.validTo)
				)
			);
		if (existing) return false;
		const [row] = await tx
			.insert(roleMemberships)
			.values({ personId: account.personId, role, validFrom: today })
			.returning({ id: roleMemberships.id });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'district.role_granted',
			resourceType: 'person',
			resourceId: account.personId,
			details: { role, roleMembershipId: row.id }
		});
		return true;
	});
	return done ? ok(undefined) : failure(409, { email: 'error_district_role_exists' });
}

/** Ends a district role today. The last district administrator stays. */
export async function endDistrictRole(
	actor: Actor,
	roleMembershipId: string
): Promise<Result<undefined>> {
	manage(actor);
	const today = schoolDay();
	const stillActive = or(isNull(roleMemberships.validTo), gt(roleMemberships.validTo, today));
	const outcome = await db().transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${DISTRICT_ROLES_LOCK})`);
		const [row] = await tx
			.select({
				id: roleMemberships.id,
				role: roleMemberships.role,
				personId: roleMemberships.personId
			})
			.from(roleMemberships)
			.where(
				and(
					eq(roleMemberships.id, roleMembershipId),
					inArray(roleMemberships.role, [...DISTRICT_ROLE_KEYS]),
					stillActive
				)
			);
		if (!row) return 'not_found' as const;
		if (row.role === 'district_admin') {
			const others = await tx
				.select({ id: roleMemberships.id })
				.from(roleMemberships)
				.where(
					and(
						eq(roleMemberships.role, 'district_admin'),
						ne(roleMemberships.id, row.id),
						lte(roleMemberships.validFrom, today),
						stillActive
					)
				);
			if (others.length === 0) return 'last_admin' as const;
		}
		await tx.update(roleMemberships).set({ validTo: today }).where(eq(roleMemberships.id, row.id));
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'district.role_ended',
			resourceType: 'person',
			resourceId: row.personId,
			details: { role: row.role, roleMembershipId: row.id, validTo: today }
		});
		return 'ok' as const;
	});
	if (outcome === 'last_admin') return failure(409, { form: 'error_last_district_admin' });
	if (outcome === 'not_found') return failure(404, { form: 'error_not_found' });
	return ok(undefined);
}
