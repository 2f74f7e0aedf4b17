// Staff administration for a school's head (policy `school.manageStaff`): who works here in which
// role, who teaches which class. A person exists once in the district: creating a staff member
// whose e-mail is known reuses that person and account and only adds the role. Nothing is
// deleted: a role or class assignment ends (validTo = today). Every change is audit-logged.
import { and, asc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { schoolDay } from '../../clock';
import { db, type Tx } from '../../db';
import { failure, notFound, ok, type Result } from '../../errors';
import { queueMail } from '../../mail/service';
import { authorize, can, type Actor } from '../../policy';
import {
	accounts,
	classes,
	classMemberships,
	people,
	roleMemberships,
	schools,
	schoolYears,
	SCHOOL_STAFF_ROLES,
	type Role
} from '../schema';

export const STAFF_ROLES = ['teacher', 'social_worker', 'secretary', 'school_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const CLASS_STAFF_ROLES = ['class_teacher', 'teacher'] as const;
export type ClassStaffRole = (typeof CLASS_STAFF_ROLES)[number];

const activeOn = (
	t: { validFrom: typeof roleMemberships.validFrom; validTo: typeof roleMemberships.validTo },
	day: string
) => and(lte(t.validFrom, day), or(isNull(t.validTo), gte(t.validTo, day)));
const activeClassOn = (day: string) =>
	and(
		lte(classMemberships.validFrom, day),
		or(isNull(classMemberships.validTo), gte(classMemberships.validTo, day))
	);

const manage = (actor: Actor, schoolId: string) =>
	authorize(actor, 'school.manageStaff', { type: 'school', schoolId });

async function schoolOrNotFound(schoolId: string) {
	const [school] = await db()
		.select({ id: schools.id, name: schools.name, shortName: schools.shortName })
		.from(schools)
		.where(eq(schools.id, schoolId));
	return school ?? notFound();
}

/** The school's staff today: each person with their roles and class assignments. */
export async function listStaff(actor: Actor, schoolId: string) {
	manage(actor, schoolId);
	const school = await schoolOrNotFound(schoolId);
	const today = schoolDay();
	const roleRows = await db()
		.select({
			id: roleMemberships.id,
			personId: roleMemberships.personId,
			role: roleMemberships.role,
			validFrom: roleMemberships.validFrom,
			validTo: roleMemberships.validTo,
			givenNames: people.givenNames,
			familyName: people.familyName,
			email: accounts.email,
			activated: sql<boolean>`${accounts.passwordHash} is not null`
		})
		.from(roleMemberships)
		.innerJoin(people, eq(people.id, roleMemberships.personId))
		.leftJoin(accounts, eq(accounts.personId, people.id))
		.where(
			and(
				eq(roleMemberships.schoolId, schoolId),
				inArray(roleMemberships.role, [...STAFF_ROLES]),
				activeOn(roleMemberships, today)
			)
		)
		.orderBy(asc(people.familyName), asc(people.givenNames), asc(roleMemberships.role));
	const personIds = [...new Set(roleRows.map((r) => r.personId))];
	const classRows = personIds.length
		? await db()
				.select({
					id: classMemberships.id,
					personId: classMemberships.personId,
					role: classMemberships.role,
					validTo: classMemberships.validTo,
					classId: classes.id,
					className: classes.name
				})
				.from(classMemberships)
				.innerJoin(classes, eq(classes.id, classMemberships.classId))
				.where(
					and(
						eq(classes.schoolId, schoolId),
						inArray(classMemberships.personId, personIds),
						inArray(classMemberships.role, [...CLASS_STAFF_ROLES]),
						activeClassOn(today)
					)
				)
				.orderBy(asc(classes.name))
		: [];
	const staff = personIds.map((personId) => {
		const roles = roleRows.filter((r) => r.personId === personId);
		return {
			personId,
			givenNames: roles[0].givenNames,
			familyName: roles[0].familyName,
			email: roles[0].email,
			activated: !!roles[0].activated,
			roles: roles.map((r) => ({
				id: r.id,
				role: r.role as StaffRole,
				validFrom: r.validFrom,
				endsOn: r.validTo
			})),
			classes: classRows
				.filter((c) => c.personId === personId)
				.map((c) => ({
					id: c.id,
					classId: c.classId,
					className: c.className,
					role: c.role as ClassStaffRole,
					endsOn: c.validTo
				}))
		};
	});
	return { school, staff };
}

/** The school's classes of the current school year, for the class assignment form. */
export async function listSchoolClasses(actor: Actor, schoolId: string) {
	manage(actor, schoolId);
	const today = schoolDay();
	return db()
		.select({ id: classes.id, name: classes.name })
		.from(classes)
		.innerJoin(schoolYears, eq(schoolYears.id, classes.schoolYearId))
		.where(
			and(
				eq(classes.schoolId, schoolId),
				lte(schoolYears.startsOn, today),
				gte(schoolYears.endsOn, today)
			)
		)
		.orderBy(asc(classes.name));
}

export interface NewStaffMember {
	givenNames: string;
	familyName: string;
	email: string;
	roles: StaffRole[];
}

/**
 * Adds a staff member. An existing account or person with this e-mail is reused (the role is
 * added to it); otherwise a person and an account without password are created, and a mail tells
 * them to activate it at /konto-aktivieren.
 */
export async function createStaffMember(
	actor: Actor,
	schoolId: string,
	input: NewStaffMember
): Promise<Result<{ personId: string; accountId: string; reused: boolean; added: StaffRole[] }>> {
	manage(actor, schoolId);
	const school = await schoolOrNotFound(schoolId);
	const email = input.email.trim().toLowerCase();
	const roles = [...new Set(input.roles)].filter((r) => STAFF_ROLES.includes(r));
	if (roles.length === 0) return failure(400, { roles: 'error_staff_role_required' });
	const today = schoolDay();

	const outcome = await db().transaction(async (tx) => {
		const existing = await findByEmail(tx, email);
		let personId: string;
		let accountId: string;
		let name = input.givenNames;
		let locale: 'de' | 'en' = 'de';
		let activate = true;
		if (existing.account) {
			({ personId, id: accountId, locale } = existing.account);
			name = existing.account.givenNames;
			activate = !existing.account.hasPassword;
		} else {
			personId =
				existing.personId ??
				(
					await tx
						.insert(people)
						.values({
							givenNames: input.givenNames.trim(),
							familyName: input.familyName.trim(),
							schoolEmail: email
						})
						.returning({ id: people.id })
				)[0].id;
			[{ id: accountId }] = await tx
				.insert(accounts)
				.values({ personId, email, passwordHash: null })
				.returning({ id: accounts.id });
		}
		const current = await tx
			.select({ role: roleMemberships.role })
			.from(roleMemberships)
			.where(
				and(
					eq(roleMemberships.personId, personId),
					eq(roleMemberships.schoolId, schoolId),
					isNull(roleMemberships.validTo)
				)
			);
		const added = roles.filter((r) => !current.some((c) => c.role === r));
		if (added.length === 0) return null;
		await tx
			.insert(roleMemberships)
			.values(added.map((role) => ({ personId, role, schoolId, validFrom: today })));
		await queueMail(tx, email, locale, {
			kind: 'staff_invitation',
			name,
			schoolName: school.name,
			roles: added,
			activate
		});
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: existing.account || existing.personId ? 'staff.role_granted' : 'staff.created',
			resourceType: 'person',
			resourceId: personId,
			details: { schoolId, roles: added, reusedPerson: !!(existing.account || existing.personId) }
		});
		return {
			personId,
			accountId,
			reused: !!(existing.account || existing.personId),
			added
		};
	});
	if (!outcome) return failure(409, { email: 'error_staff_already_has_roles' });
	return ok(outcome);
}

/** The account with this e-mail, else a person whose school address it is. */
async function findByEmail(tx: Tx, email: string) {
	const [account] = await tx
		.select({
			id: accounts.id,
			personId: accounts.personId,
			locale: accounts.locale,
			givenNames: people.givenNames,
			hasPassword: sql<boolean>`${accounts.passwordHash} is not null`
		})
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(eq(accounts.email, email));
	if (account) return { account: { ...account, hasPassword: !!account.hasPassword } };
	const [person] = await tx
		.select({ id: people.id, accountId: accounts.id })
		.from(people)
		.leftJoin(accounts, eq(accounts.personId, people.id))
		.where(and(eq(people.schoolEmail, email), isNull(people.mergedIntoPersonId)));
	// A person with another login address keeps it: only a person without account is taken.
	return { account: null, personId: person && !person.accountId ? person.id : null };
}

/** Ends one of the school's staff roles today (kept for the record). */
export async function endStaffRole(
	actor: Actor,
	schoolId: string,
	roleMembershipId: string
): Promise<Result<undefined>> {
	manage(actor, schoolId);
	const today = schoolDay();
	const done = await db().transaction(async (tx) => {
		const [row] = await tx
			.update(roleMemberships)
			.set({ validTo: today })
			.where(
				and(
					eq(roleMemberships.id, roleMembershipId),
					eq(roleMemberships.schoolId, schoolId),
					inArray(roleMemberships.role, [...SCHOOL_STAFF_ROLES] as Role[]),
					or(isNull(roleMemberships.validTo), gt(roleMemberships.validTo, today))
				)
			)
			.returning({ personId: roleMemberships.personId, role: roleMemberships.role });
		if (!row) return false;
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'staff.role_ended',
			resourceType: 'person',
			resourceId: row.personId,
			details: { schoolId, role: row.role, roleMembershipId, validTo: today }
		});
		return true;
	});
	return done ? ok(undefined) : failure(404, { form: 'error_not_found' });
}

/**
 * Makes a staff member class teacher or subject teacher of one of the school's classes. A class
 * has one class teacher: the previous one's assignment ends today.
 */
export async function assignClass(
	actor: Actor,
	schoolId: string,
	input: { personId: string; classId: string; role: ClassStaffRole }
): Promise<Result<undefined>> {
	manage(actor, schoolId);
	const today = schoolDay();
	const [klass] = await db()
		.select({ id: classes.id, name: classes.name })
		.from(classes)
		.where(and(eq(classes.id, input.classId), eq(classes.schoolId, schoolId)));
	if (!klass) return failure(404, { classId: 'error_not_found' });
	const [staffRole] = await db()
		.select({ id: roleMemberships.id })
		.from(roleMemberships)
		.where(
			and(
				eq(roleMemberships.personId, input.personId),
				eq(roleMemberships.schoolId, schoolId),
				inArray(roleMemberships.role, [...STAFF_ROLES]),
				activeOn(roleMemberships, today)
			)
		)
		.limit(1);
	if (!staffRole) return failure(404, { form: 'error_not_found' });
	const result = await db().transaction(async (tx) => {
		const active = await tx
			.select({
				id: classMemberships.id,
				personId: classMemberships.personId,
				role: classMemberships.role,
				validTo: classMemberships.validTo
			})
			.from(classMemberships)
			.where(
				and(
					eq(classMemberships.classId, klass.id),
					inArray(classMemberships.role, [...CLASS_STAFF_ROLES]),
					activeClassOn(today)
				)
			);
		if (
			active.some(
				(a) => a.personId === input.personId && a.role === input.role && a.validTo === null
			)
		)
			return 'duplicate' as const;
		const previous =
			input.role === 'class_teacher'
				? active.filter(
						(a) => a.role === 'class_teacher' && a.personId !== input.personId && a.validTo === null
					)
				: [];
		for (const p of previous)
			await tx
				.update(classMemberships)
				.set({ validTo: today })
				.where(eq(classMemberships.id, p.id));
		await tx.insert(classMemberships).values({
			classId: klass.id,
			personId: input.personId,
			role: input.role,
			validFrom: today
		});
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'staff.class_assigned',
			resourceType: 'person',
			resourceId: input.personId,
			details: {
				schoolId,
				classId: klass.id,
				className: klass.name,
				role: input.role,
				replaced: previous.map((p) => p.personId)
			}
		});
		return 'ok' as const;
	});
	return result === 'ok'
		? ok(undefined)
		: failure(409, { classId: 'error_staff_already_assigned' });
}

/** Ends a class teacher or subject teacher assignment today (kept for the record). */
export async function endClassAssignment(
	actor: Actor,
	schoolId: string,
	classMembershipId: string
): Promise<Result<undefined>> {
	manage(actor, schoolId);
	const today = schoolDay();
	const done = await db().transaction(async (tx) => {
		const [row] = await tx
			.select({
				id: classMemberships.id,
				personId: classMemberships.personId,
				role: classMemberships.role,
				classId: classes.id
			})
			.from(classMemberships)
			.innerJoin(classes, eq(classes.id, classMemberships.classId))
			.where(
				and(
					eq(classMemberships.id, classMembershipId),
					eq(classes.schoolId, schoolId),
					inArray(classMemberships.role, [...CLASS_STAFF_ROLES]),
					or(isNull(classMemberships.validTo), gt(classMemberships.validTo, today))
				)
			);
		if (!row) return false;
		await tx
			.update(classMemberships)
			.set({ validTo: today })
			.where(eq(classMemberships.id, row.id));
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'staff.class_ended',
			resourceType: 'person',
			resourceId: row.personId,
			details: { schoolId, classId: row.classId, role: row.role, validTo: today }
		});
		return true;
	});
	return done ? ok(undefined) : failure(404, { form: 'error_not_found' });
}

/** Schools where the actor may manage staff (for the page's school choice). */
export async function manageableSchools(actor: Actor) {
	const all = await db()
		.select({ id: schools.id, name: schools.name, shortName: schools.shortName })
		.from(schools)
		.orderBy(asc(schools.name));
	return all.filter((s) => can(actor, 'school.manageStaff', { type: 'school', schoolId: s.id }));
}
