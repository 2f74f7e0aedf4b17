import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../identity/schema';

/** Lucia-style sessions: the id is hex(sha256(token)); the token itself is only in the cookie. */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		accountId: uuid()
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		userAgent: text(),
		ip: text()
	},
	(t) => [index('sessions_account').on(t.accountId)]
);

export const CODE_PURPOSES = ['password_reset', 'email_verification'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** One-time codes sent by mail; stored hashed, limited in tries and time. */
export const oneTimeCodes = pgTable(
	'one_time_codes',
	{
		id: uuid().primaryKey().defaultRandom(),
		accountId: uuid()
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		purpose: text({ enum: CODE_PURPOSES }).notNull(),
		codeHash: text().notNull(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true }),
		failedAttempts: integer().notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('one_time_codes_account').on(t.accountId, t.purpose)]
);

/** Failed and successful sign-in attempts, keyed per account e-mail and per IP. */
export const loginAttempts = pgTable(
	'login_attempts',
	{
		id: uuid().primaryKey().defaultRandom(),
		key: text().notNull(),
		succeeded: boolean().notNull(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('login_attempts_key_at').on(t.key, t.at)]
);
