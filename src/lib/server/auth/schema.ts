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
		ip: text(),
		/** When this session passed the second factor (TOTP, recovery code or passkey). */
		secondFactorAt: timestamp({ withTimezone: true })
	},
	(t) => [index('sessions_account').on(t.accountId)]
);

export const CODE_PURPOSES = [
	'password_reset',
	'email_verification',
	'email_change',
	'account_activation'
] as const;
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

/** TOTP second factor (RFC 6238, 30 s, 6 digits). Confirmed once the first code was right. */
export const totpCredentials = pgTable('totp_credentials', {
	accountId: uuid()
		.primaryKey()
		.references(() => accounts.id, { onDelete: 'cascade' }),
	/** The shared key, base32 as shown to the authenticator app. */
	secret: text().notNull(),
	confirmedAt: timestamp({ withTimezone: true }),
	/** Last accepted time step: a code is accepted once. */
	lastUsedStep: integer(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** Single-use recovery codes for the second factor, stored hashed. */
export const recoveryCodes = pgTable(
	'recovery_codes',
	{
		id: uuid().primaryKey().defaultRandom(),
		accountId: uuid()
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		codeHash: text().notNull(),
		usedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('recovery_codes_account').on(t.accountId)]
);

/** WebAuthn credentials (passkeys). */
export const passkeys = pgTable(
	'passkeys',
	{
		/** Credential id, base64url. */
		id: text().primaryKey(),
		accountId: uuid()
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		/** COSE public key, base64url. */
		publicKey: text().notNull(),
		counter: integer().notNull().default(0),
		transports: text().array(),
		name: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp({ withTimezone: true })
	},
	(t) => [index('passkeys_account').on(t.accountId)]
);
