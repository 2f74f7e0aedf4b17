// Mail leaves the system only through the job queue: `queueMail` writes the job in the caller's
// transaction, so a mail is sent if and only if the record that causes it was saved.
import { desc } from 'drizzle-orm';
import { config } from '../config';
import { db, type DbOrTx } from '../db';
import { enqueue, type EnqueueOptions } from '../jobs/queue';
import type { Locale } from '../identity/schema';
import { sendMailJob } from './jobs';
import { devMails } from './schema';
import { renderMail, type MailTemplate } from './templates';

/** `options.singletonKey`: a mail that must go out once only (a reminder a job may queue twice). */
export async function queueMail(
	tx: DbOrTx,
	to: string,
	locale: Locale,
	template: MailTemplate,
	options: EnqueueOptions = {}
) {
	const { subject, text } = renderMail(locale, template);
	await enqueue(tx, sendMailJob, { to, subject, text }, options);
}

/** The development outbox; refused in production (there is no such page there). */
export async function devOutbox(limit = 50) {
	if (config.production) return null;
	return db()
		.select({
			id: devMails.id,
			to: devMails.to,
			subject: devMails.subject,
			text: devMails.text,
			sentAt: devMails.sentAt
		})
		.from(devMails)
		.orderBy(desc(devMails.sentAt))
		.limit(limit);
}
