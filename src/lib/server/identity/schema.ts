import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	check,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** One row: the district (Schulträger) this installation serves. */
export const districtSettings = pgTable(
	'district_settings',
	{
		id: integer().primaryKey().default(1),
		name: text().notNull(),
		officeName: text().notNull(),
		contactEmail: text().notNull(),
		updatedAt: createdAt()
	},
	(t) => [check('district_settings_single_row', sql`${t.id} = 1`)]
);

export const SCHOOL_TYPES = ['part_time', 'full_time'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

export const schools = pgTable('schools', {
	id: uuid().primaryKey().defaultRandom(),
	/** Dienststellennummer of the school in BW. */
	code: text().notNull().unique(),
	name: text().notNull(),
	shortName: text().notNull(),
	address: text().notNull(),
	email: text().notNull(),
	phone: text(),
	createdAt: createdAt()
});

export const schoolYears = pgTable('school_years', {
	id: uuid().primaryKey().defaultRandom(),
	label: text().notNull().unique(),
	startsOn: date().notNull(),
	endsOn: date().notNull()
});

export const classes = pgTable(
	'classes',
	{
		id: uuid().primaryKey().defaultRandom(),
		schoolId: uuid()
			.notNull()
			.references(() => schools.id),
		schoolYearId: uuid()
			.notNull()
			.references(() => schoolYears.id),
		name: text().notNull(),
		/** Part-time (Berufsschule, dual) or full-time school type: decides e.g. Attest thresholds. */
		schoolType: text({ enum: SCHOOL_TYPES }).notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('classes_school_year_name').on(t.schoolId, t.schoolYearId, t.name)]
);

/** A natural person, stored once for the whole district. */
export const people = pgTable(
	'people',
	{
		id: uuid().primaryKey().defaultRandom(),
		givenNames: text().notNull(),
		familyName: text().notNull(),
		birthDate: date(),
		/** Student id from ASV-BW, where the person is or was a student. */
		asvId: text().unique(),
		schoolEmail: text().unique(),
		/** Contact address from the roster (guardians); not a login, not unique. */
		contactEmail: text(),
		/** Set when this record was merged into another person (see person_merges). */
		mergedIntoPersonId: uuid().references((): AnyPgColumn => people.id),
		/** When the student and guardians were told that legal representation ended (turning 18). */
		majorityNotifiedAt: timestamp({ withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: createdAt()
	},
	(t) => [index('people_name_birth').on(t.familyName, t.birthDate)]
);

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A login. Belongs to exactly one person; a person has at most one account. */
export const accounts = pgTable('accounts', {
	id: uuid().primaryKey().defaultRandom(),
	personId: uuid()
		.notNull()
		.unique()
		.references(() => people.id),
	/** Stored lower-cased; unique across the district. */
	email: text().notNull().unique(),
	emailVerifiedAt: timestamp({ withTimezone: true }),
	/** New address waiting for its confirmation code; becomes `email` once confirmed. */
	pendingEmail: text(),
	/** Null until the account is activated (student activation, staff and company invitations). */
	passwordHash: text(),
	locale: text({ enum: LOCALES }).notNull().default('de'),
	disabledAt: timestamp({ withTimezone: true }),
	createdAt: createdAt()
});

export const ROLES = [
	'student',
	'guardian',
	'teacher',
	'social_worker',
	'secretary',
	'school_admin',
	'company_contact',
	'district_finance',
	'district_admin'
] as const;
export type Role = (typeof ROLES)[number];
export const SCHOOL_STAFF_ROLES: readonly Role[] = [
	'teacher',
	'social_worker',
	'secretary',
	'school_admin'
];
export const DISTRICT_ROLES: readonly Role[] = ['district_finance', 'district_admin'];

export const companies = pgTable('companies', {
	id: uuid().primaryKey().defaultRandom(),
	name: text().notNull(),
	address: text().notNull(),
	email: text().notNull(),
	createdAt: createdAt()
});

/** Person × school × role. District roles have no school; company contacts name their company. */
export const roleMemberships = pgTable(
	'role_memberships',
	{
		id: uuid().primaryKey().defaultRandom(),
		personId: uuid()
			.notNull()
			.references(() => people.id),
		role: text({ enum: ROLES }).notNull(),
		schoolId: uuid().references(() => schools.id),
		companyId: uuid().references(() => companies.id),
		validFrom: date().notNull().defaultNow(),
		validTo: date(),
		createdAt: createdAt()
	},
	(t) => [
		index('role_memberships_person').on(t.personId),
		uniqueIndex('role_memberships_unique')
			.on(t.personId, t.role, t.schoolId, t.companyId)
			.where(sql`${t.validTo} is null`)
	]
);

export const CLASS_ROLES = ['student', 'class_teacher', 'teacher'] as const;
export type ClassRole = (typeof CLASS_ROLES)[number];

/** Who is in a class: students, the class teacher, subject teachers. */
export const classMemberships = pgTable(
	'class_memberships',
	{
		id: uuid().primaryKey().defaultRandom(),
		classId: uuid()
			.notNull()
			.references(() => classes.id),
		personId: uuid()
			.notNull()
			.references(() => people.id),
		role: text({ enum: CLASS_ROLES }).notNull(),
		validFrom: date().notNull().defaultNow(),
		validTo: date()
	},
	(t) => [
		index('class_memberships_person').on(t.personId),
		index('class_memberships_class').on(t.classId, t.role)
	]
);

/** Legal representation: a guardian acts for a student while the student is a minor. */
export const guardianships = pgTable(
	'guardianships',
	{
		id: uuid().primaryKey().defaultRandom(),
		guardianPersonId: uuid()
			.notNull()
			.references(() => people.id),
		studentPersonId: uuid()
			.notNull()
			.references(() => people.id),
		validFrom: date().notNull().defaultNow(),
		validTo: date(),
		createdAt: createdAt()
	},
	(t) => [
		index('guardianships_guardian').on(t.guardianPersonId),
		index('guardianships_student').on(t.studentPersonId),
		check('guardianships_not_self', sql`${t.guardianPersonId} <> ${t.studentPersonId}`)
	]
);

export const apprenticeships = pgTable(
	'apprenticeships',
	{
		id: uuid().primaryKey().defaultRandom(),
		studentPersonId: uuid()
			.notNull()
			.references(() => people.id),
		companyId: uuid()
			.notNull()
			.references(() => companies.id),
		startsOn: date().notNull(),
		endsOn: date()
	},
	(t) => [index('apprenticeships_student').on(t.studentPersonId)]
);

export const DUPLICATE_STATUSES = ['open', 'merged', 'different'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

/**
 * The secretary's "Mögliche Dubletten" queue: a newly created person that likely is an existing
 * one. Never merged automatically; a human decides.
 */
export const possibleDuplicates = pgTable(
	'possible_duplicates',
	{
		id: uuid().primaryKey().defaultRandom(),
		schoolId: uuid()
			.notNull()
			.references(() => schools.id),
		/** The person already on record. */
		personId: uuid()
			.notNull()
			.references(() => people.id),
		/** The person just created (e.g. by a roster import). */
		candidatePersonId: uuid()
			.notNull()
			.references(() => people.id),
		/** Why they were paired: the match rule(s) and source (e.g. the roster line). */
		reasons: jsonb().$type<Record<string, unknown>>().notNull().default({}),
		status: text({ enum: DUPLICATE_STATUSES }).notNull().default('open'),
		createdAt: createdAt(),
		decidedAt: timestamp({ withTimezone: true }),
		decidedByAccountId: uuid().references(() => accounts.id)
	},
	(t) => [
		index('possible_duplicates_school_status').on(t.schoolId, t.status),
		check('possible_duplicates_not_self', sql`${t.personId} <> ${t.candidatePersonId}`)
	]
);

/** One row per roster import: who imported which file into which school, with its counts. */
export const rosterImports = pgTable(
	'roster_imports',
	{
		id: uuid().primaryKey().defaultRandom(),
		schoolId: uuid()
			.notNull()
			.references(() => schools.id),
		accountId: uuid().references(() => accounts.id),
		fileName: text(),
		createdCount: integer().notNull(),
		updatedCount: integer().notNull(),
		leftCount: integer().notNull(),
		flaggedCount: integer().notNull(),
		createdAt: createdAt()
	},
	(t) => [index('roster_imports_school').on(t.schoolId, t.createdAt)]
);

/**
 * Guardian invitation letters: one per guardian and school, printed by the office. The code is
 * on the letter (typed or scanned as QR link); redeeming it links the guardian person to an
 * account. Only the hash is stored.
 */
export const guardianInvitations = pgTable(
	'guardian_invitations',
	{
		id: uuid().primaryKey().defaultRandom(),
		schoolId: uuid()
			.notNull()
			.references(() => schools.id),
		guardianPersonId: uuid()
			.notNull()
			.references(() => people.id),
		codeHash: text().notNull().unique(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		redeemedAt: timestamp({ withTimezone: true }),
		redeemedByAccountId: uuid().references(() => accounts.id),
		revokedAt: timestamp({ withTimezone: true }),
		createdByAccountId: uuid().references(() => accounts.id),
		createdAt: createdAt()
	},
	(t) => [index('guardian_invitations_guardian').on(t.guardianPersonId)]
);

/** What an adult student (or, for minors, the school rules) lets a guardian or company see. */
export const CONSENT_SCOPES = ['absences', 'payments', 'certificates'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** A student's revocable consent: one grantee (a guardian person or a company), one scope. */
export const consents = pgTable(
	'consents',
	{
		id: uuid().primaryKey().defaultRandom(),
		studentPersonId: uuid()
			.notNull()
			.references(() => people.id),
		guardianPersonId: uuid().references(() => people.id),
		companyId: uuid().references(() => companies.id),
		scope: text({ enum: CONSENT_SCOPES }).notNull(),
		grantedAt: createdAt(),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('consents_student').on(t.studentPersonId),
		index('consents_guardian').on(t.guardianPersonId),
		index('consents_company').on(t.companyId),
		uniqueIndex('consents_active_guardian')
			.on(t.studentPersonId, t.guardianPersonId, t.scope)
			.where(sql`${t.revokedAt} is null and ${t.guardianPersonId} is not null`),
		uniqueIndex('consents_active_company')
			.on(t.studentPersonId, t.companyId, t.scope)
			.where(sql`${t.revokedAt} is null and ${t.companyId} is not null`),
		check('consents_one_grantee', sql`(${t.guardianPersonId} is null) <> (${t.companyId} is null)`)
	]
);

/**
 * A merge of two person records, kept forever so it can be explained later: which record was
 * kept, which was merged into it, who decided, and which rows moved.
 */
export const personMerges = pgTable(
	'person_merges',
	{
		id: uuid().primaryKey().defaultRandom(),
		keptPersonId: uuid()
			.notNull()
			.references(() => people.id),
		mergedPersonId: uuid()
			.notNull()
			.references(() => people.id),
		possibleDuplicateId: uuid().references(() => possibleDuplicates.id),
		accountId: uuid().references(() => accounts.id),
		/** Snapshot of the merged record and the ids of every moved row, per table. */
		details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
		createdAt: createdAt()
	},
	(t) => [index('person_merges_kept').on(t.keptPersonId)]
);
