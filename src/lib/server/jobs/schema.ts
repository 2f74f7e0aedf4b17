import { sql } from 'drizzle-orm';
import {
	bigserial,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

export const JOB_STATES = ['pending', 'running', 'done', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The durable job queue (transactional outbox): written in the transaction that causes the job. */
export const jobs = pgTable(
	'jobs',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		name: text().notNull(),
		payload: jsonb().$type<unknown>().notNull(),
		/** Optional idempotency key: enqueueing the same key twice keeps one job. */
		singletonKey: text(),
		state: text({ enum: JOB_STATES }).notNull().default('pending'),
		attempts: integer().notNull().default(0),
		maxAttempts: integer().notNull().default(5),
		runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lockedUntil: timestamp({ withTimezone: true }),
		lastError: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('jobs_due')
			.on(t.runAt)
			.where(sql`${t.state} = 'pending'`),
		index('jobs_state').on(t.state, t.name),
		uniqueIndex('jobs_singleton').on(t.name, t.singletonKey)
	]
);
