// Training companies (issue 3): the school office invites a company's contact person and enters
// apprenticeships by hand (the roster import brings most of them); a company contact sees their
// apprentices and, per consent or school rule, what they may see of each.
import { and, asc, eq, gte, ilike, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../../audit/service';
import { schoolDay } from '../../clock';
import { db } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { queueMail } from '../../mail/service';
import { authorize, can, type Actor } from '../../policy';
import { loadPersonRef } from '../person-ref';
import {
	accounts,
	apprenticeships,
	classes,
	classMemberships,
	companies,
	CONSENT_SCOPES,
	people,
	roleMemberships,
	schools,
	type ConsentScope
} from '../schema';

const currentOn = (day: string) =>
	and(
		lte(classMemberships.validFrom, day),
		or(isNull(classMemberships.validTo), gte(classMemberships.validTo, day))
	);
const apprenticeshipOn = (day: string) =>
	and(
		lte(apprenticeships.startsOn, day),
		or(isNull(apprenticeships.endsOn), gte(apprenticeships.endsOn, day))
	);

/** Students of the school today (a subquery of person ids). */
const studentsOfSchool = (schoolId: string, day: string) =>
	db()
		.select({ personId: classMemberships.personId })
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.where(
			and(eq(classes.schoolId, schoolId), eq(classMemberships.role, 'student'), currentOn(day))
		);

export interface SchoolCompany {
	id: string;
	name: string;
	address: string;
	email: string;
	apprentices: number;
	contacts: { name: string; email: string; activated: boolean }[];
}

/** Companies training students of this school today, with their contacts. */
export async function schoolCompanies(actor: Actor, schoolId: string): Promise<SchoolCompany[]> {
	authorize(actor, 'companies.manage', { type: 'school', schoolId });
	const day = schoolDay();
	const rows = await db()
		.select({
			id: companies.id,
			name: companies.name,
			address: companies.address,
			email: companies.email,
			apprentices: sql<number>`count(distinct ${apprenticeships.studentPersonId})::int`
		})
		.from(companies)
		.innerJoin(apprenticeships, eq(apprenticeships.companyId, companies.id))
		.where(
			and(
				apprenticeshipOn(day),
				inArray(apprenticeships.studentPersonId, studentsOfSchool(schoolId, day))
			)
		)
		.groupBy(companies.id)
		.orderBy(asc(companies.name));
	if (rows.length === 0) return [];
	const contacts = await db()
		.select({
			companyId: roleMemberships.companyId,
			name: sql<string>`${people.givenNames} || ' ' || ${people.familyName}`,
			email: accounts.email,
			activated: sql<boolean>`${accounts.passwordHash} is not null`
		})
		.from(roleMemberships)
		.innerJoin(people, eq(people.id, roleMemberships.personId))
		.innerJoin(accounts, eq(accounts.personId, people.id))
		.where(
			and(
				eq(roleMemberships.role, 'company_contact'),
				inArray(
					roleMemberships.companyId,
					rows.map((r) => r.id)
				),
				isNull(roleMemberships.validTo)
			)
		)
		.orderBy(asc(people.familyName));
	return rows.map((r) => ({
		...r,
		contacts: contacts
			.filter((c) => c.companyId === r.id)
			.map(({ name, email, activated }) => ({ name, email, activated }))
	}));
}

export const inviteContactSchema = v.object({
	companyId: v.pipe(v.string(), v.uuid('error_company_required')),
	givenNames: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty('error_company_given_names_required'),
		v.maxLength(100)
	),
	familyName: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty('error_company_family_name_required'),
		v.maxLength(100)
	),
	email: v.pipe(
		v.string(),
		v.trim(),
		v.toLowerCase(),
		v.nonEmpty('error_email_required'),
		v.email('error_email_invalid'),
		v.maxLength(254, 'error_email_invalid')
	)
});
export type InviteContactInput = v.InferOutput<typeof inviteContactSchema>;

/**
 * Makes someone a contact of a company training this school's students. An existing account with
 * that e-mail gets the role (one person, one account); otherwise a person and an account without
 * password are created and told by mail to activate it.
 */
export async function inviteCompanyContact(
	actor: Actor,
	schoolId: string,
	input: InviteContactInput
): Promise<Result<{ existingAccount: boolean }>> {
	authorize(actor, 'companies.manage', { type: 'school', schoolId });
	const email = input.email.trim().toLowerCase();
	const known = (await schoolCompanies(actor, schoolId)).find((c) => c.id === input.companyId);
	if (!known) return failure(400, { companyId: 'error_company_required' });
	const [school] = await db()
		.select({ name: schools.name })
		.from(schools)
		.where(eq(schools.id, schoolId));

	return db().transaction(async (tx) => {
		const [existing] = await tx
			.select({ accountId: accounts.id, personId: accounts.personId, locale: accounts.locale })
			.from(accounts)
			.where(eq(accounts.email, email));
		let personId = existing?.personId;
		if (!personId) {
			const [person] = await tx
				.insert(people)
				.values({ givenNames: input.givenNames, familyName: input.familyName })
				.returning({ id: people.id });
			personId = person.id;
			await tx.insert(accounts).values({ personId, email });
		}
		// The unique index treats the empty school id as distinct, so look before adding the role.
		const [hasRole] = await tx
			.select({ id: roleMemberships.id })
			.from(roleMemberships)
			.where(
				and(
					eq(roleMemberships.personId, personId),
					eq(roleMemberships.role, 'company_contact'),
					eq(roleMemberships.companyId, input.companyId),
					isNull(roleMemberships.validTo)
				)
			);
		if (!hasRole)
			await tx.insert(roleMemberships).values({
				personId,
				role: 'company_contact',
				companyId: input.companyId,
				validFrom: schoolDay()
			});
		await queueMail(tx, email, existing?.locale ?? 'de', {
			kind: 'company_contact_invitation',
			name: `${input.givenNames} ${input.familyName}`,
			companyName: known.name,
			schoolName: school.name
		});
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'company.contact_invite',
			resourceType: 'company',
			resourceId: input.companyId,
			details: { personId, existingAccount: !!existing, schoolId }
		});
		return ok({ existingAccount: !!existing });
	});
}

export interface StudentHit {
	personId: string;
	name: string;
	birthDate: string | null;
	className: string;
}

/** Students of the school whose name or ASV id contains the query (for entering apprenticeships). */
export async function findSchoolStudents(
	actor: Actor,
	schoolId: string,
	query: string
): Promise<StudentHit[]> {
	authorize(actor, 'companies.manage', { type: 'school', schoolId });
	const q = query.trim();
	if (q.length < 2) return [];
	const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const day = schoolDay();
	return db()
		.select({
			personId: people.id,
			name: sql<string>`${people.familyName} || ', ' || ${people.givenNames}`,
			birthDate: people.birthDate,
			className: classes.name
		})
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.innerJoin(people, eq(people.id, classMemberships.personId))
		.where(
			and(
				eq(classes.schoolId, schoolId),
				eq(classMemberships.role, 'student'),
				currentOn(day),
				or(
					ilike(sql`${people.givenNames} || ' ' || ${people.familyName}`, pattern),
					ilike(sql`${people.familyName} || ', ' || ${people.givenNames}`, pattern),
					eq(people.asvId, q)
				)
			)
		)
		.orderBy(asc(people.familyName), asc(people.givenNames))
		.limit(20);
}

const isoDate = (message: string) =>
	v.pipe(v.string(), v.trim(), v.nonEmpty(message), v.isoDate(message));

export const apprenticeshipSchema = v.pipe(
	v.object({
		studentPersonId: v.pipe(v.string(), v.uuid('error_company_student_required')),
		companyId: v.optional(v.string(), ''),
		companyName: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
		startsOn: isoDate('error_company_date_invalid'),
		endsOn: v.optional(
			v.union([v.literal(''), v.pipe(v.string(), v.isoDate('error_company_date_invalid'))]),
			''
		)
	}),
	v.forward(
		v.check((i) => !!i.companyId || !!i.companyName, 'error_company_required'),
		['companyName']
	),
	v.forward(
		v.check((i) => !i.endsOn || i.endsOn >= i.startsOn, 'error_company_end_before_start'),
		['endsOn']
	)
);
export type ApprenticeshipInput = v.InferOutput<typeof apprenticeshipSchema>;

/** Enters an apprenticeship by hand: an existing company or a new one by name. */
export async function addApprenticeshipByHand(
	actor: Actor,
	schoolId: string,
	input: ApprenticeshipInput
): Promise<Result<{ apprenticeshipId: string }>> {
	authorize(actor, 'companies.manage', { type: 'school', schoolId });
	const student = await loadPersonRef(input.studentPersonId);
	if (!student || !student.schoolIds.includes(schoolId))
		return failure(400, { studentPersonId: 'error_company_student_required' });
	return db().transaction(async (tx) => {
		let companyId = input.companyId;
		if (companyId) {
			const [company] = await tx
				.select({ id: companies.id })
				.from(companies)
				.where(eq(companies.id, companyId));
			if (!company) return failure(400, { companyName: 'error_company_required' });
		} else {
			const [same] = await tx
				.select({ id: companies.id })
				.from(companies)
				.where(sql`lower(trim(${companies.name})) = lower(${input.companyName})`);
			companyId =
				same?.id ??
				(
					await tx
						.insert(companies)
						.values({ name: input.companyName, address: '', email: '' })
						.returning({ id: companies.id })
				)[0].id;
		}
		const [row] = await tx
			.insert(apprenticeships)
			.values({
				studentPersonId: input.studentPersonId,
				companyId,
				startsOn: input.startsOn,
				endsOn: input.endsOn || null
			})
			.returning({ id: apprenticeships.id });
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'company.apprenticeship_add',
			resourceType: 'person',
			resourceId: input.studentPersonId,
			details: { companyId, startsOn: input.startsOn, endsOn: input.endsOn || null, schoolId }
		});
		return ok({ apprenticeshipId: row.id });
	});
}

/** All companies by name, for the apprenticeship form's choice. */
export async function allCompanies(actor: Actor, schoolId: string) {
	authorize(actor, 'companies.manage', { type: 'school', schoolId });
	return db()
		.select({ id: companies.id, name: companies.name })
		.from(companies)
		.orderBy(asc(companies.name));
}

export interface ApprenticeView {
	personId: string;
	name: string;
	companyName: string;
	schoolName: string | null;
	className: string | null;
	startsOn: string;
	endsOn: string | null;
	/** What this company may see of the apprentice, per consent or school rule. */
	visible: Record<ConsentScope, boolean>;
}

/** The company contact's apprentices today, each with what the policy lets the company see. */
export async function myApprentices(actor: Actor): Promise<ApprenticeView[]> {
	const ids = [...new Set(actor.apprentices.map((a) => a.studentPersonId))];
	if (ids.length === 0) return [];
	const day = schoolDay();
	const companyIds = [...new Set(actor.apprentices.map((a) => a.companyId))];
	const rows = await db()
		.select({
			personId: people.id,
			name: sql<string>`${people.familyName} || ', ' || ${people.givenNames}`,
			companyName: companies.name,
			startsOn: apprenticeships.startsOn,
			endsOn: apprenticeships.endsOn,
			schoolName: sql<string | null>`(
				select ${schools.shortName} from ${classMemberships}
				join ${classes} on ${classes.id} = ${classMemberships.classId}
				join ${schools} on ${schools.id} = ${classes.schoolId}
				where ${classMemberships.personId} = ${people.id} and ${classMemberships.role} = 'student'
				and ${classMemberships.validFrom} <= ${day}
				and (${classMemberships.validTo} is null or ${classMemberships.validTo} >= ${day})
				limit 1)`,
			className: sql<string | null>`(
				select ${classes.name} from ${classMemberships}
				join ${classes} on ${classes.id} = ${classMemberships.classId}
				where ${classMemberships.personId} = ${people.id} and ${classMemberships.role} = 'student'
				and ${classMemberships.validFrom} <= ${day}
				and (${classMemberships.validTo} is null or ${classMemberships.validTo} >= ${day})
				limit 1)`
		})
		.from(apprenticeships)
		.innerJoin(people, eq(people.id, apprenticeships.studentPersonId))
		.innerJoin(companies, eq(companies.id, apprenticeships.companyId))
		.where(
			and(
				inArray(apprenticeships.studentPersonId, ids),
				inArray(apprenticeships.companyId, companyIds),
				apprenticeshipOn(day)
			)
		)
		.orderBy(asc(people.familyName), asc(people.givenNames));
	const views: ApprenticeView[] = [];
	for (const row of rows) {
		const person = await loadPersonRef(row.personId);
		if (!person) continue;
		const visible = Object.fromEntries(
			CONSENT_SCOPES.map((scope) => [
				scope,
				can(actor, 'person.readData', { type: 'personData', person, scope })
			])
		) as Record<ConsentScope, boolean>;
		views.push({ ...row, visible });
	}
	return views;
}
