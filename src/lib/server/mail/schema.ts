import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Mails "sent" by the embedded default transport (no SMTP_URL): kept so that the development
 * outbox page can show them, e.g. a demo user's one-time code. Unused when SMTP is configured.
 */
export const devMails = pgTable(
	'dev_mails',
	{
		id: uuid().primaryKey().defaultRandom(),
		to: text().notNull(),
		subject: text().notNull(),
		text: text().notNull(),
		sentAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('dev_mails_sent').on(t.sentAt)]
);
