import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../identity/schema';

/** Append-only record of security-relevant actions and reads of sensitive records. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorAccountId: uuid().references(() => accounts.id),
		action: text().notNull(),
		resourceType: text(),
		resourceId: text(),
		requestId: text(),
		ip: text(),
		details: jsonb().$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [
		index('audit_log_actor').on(t.actorAccountId, t.at),
		index('audit_log_resource').on(t.resourceType, t.resourceId)
	]
);
