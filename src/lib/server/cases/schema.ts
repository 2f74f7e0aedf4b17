import {
	bigserial,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { accounts, people, schools } from '../identity/schema';

/** Last reference number handed out per year (S360-2026-000123). */
export const referenceCounters = pgTable('reference_counters', {
	year: integer().primaryKey(),
	last: integer().notNull()
});

/** A case (Vorgang): every errand a person starts. Modules keep their details keyed by case id. */
export const cases = pgTable(
	'cases',
	{
		id: uuid().primaryKey().defaultRandom(),
		reference: text().notNull().unique(),
		type: text().notNull(),
		schoolId: uuid()
			.notNull()
			.references(() => schools.id),
		subjectPersonId: uuid()
			.notNull()
			.references(() => people.id),
		createdByAccountId: uuid().references(() => accounts.id),
		status: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		closedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('cases_subject').on(t.subjectPersonId, t.createdAt),
		index('cases_school').on(t.schoolId, t.type, t.status)
	]
);

/** The timeline of a case. */
export const caseEvents = pgTable(
	'case_events',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		caseId: uuid()
			.notNull()
			.references(() => cases.id),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorAccountId: uuid().references(() => accounts.id),
		kind: text().notNull(),
		data: jsonb().$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [index('case_events_case').on(t.caseId, t.at)]
);

/**
 * What an attachment is for: a family's upload with a report, a demanded medical certificate, a
 * signed written excuse, or a summary the system generated (e.g. for the e-file).
 */
export const ATTACHMENT_KINDS = ['document', 'attest', 'excuse', 'summary'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Files stored outside the web root (data/files by default), named by a generated key. */
export const attachments = pgTable(
	'attachments',
	{
		id: uuid().primaryKey().defaultRandom(),
		caseId: uuid().references(() => cases.id),
		uploadedByAccountId: uuid().references(() => accounts.id),
		fileName: text().notNull(),
		storageKey: text().notNull().unique(),
		sha256: text().notNull(),
		mimeType: text().notNull(),
		sizeBytes: integer().notNull(),
		kind: text({ enum: ATTACHMENT_KINDS }).notNull().default('document'),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('attachments_case').on(t.caseId)]
);
