// Sends a mail now: through SMTP when SMTP_URL is set, otherwise into the development outbox
// table (shown at /entwicklung/postausgang outside production). Called by the mail job only.
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config';
import { db } from '../db';
import { devMails } from './schema';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	/** Stable Message-ID so that a retried job does not look like a new mail to receivers. */
	messageId?: string;
}

let transporter: Transporter | undefined;
let transporterUrl: string | undefined;

function smtp(url: string) {
	if (!transporter || transporterUrl !== url) {
		transporter = nodemailer.createTransport(url, { from: config.mailFrom });
		transporterUrl = url;
	}
	return transporter;
}

export async function deliverMail(mail: OutgoingMail) {
	const url = config.smtpUrl;
	if (url) {
		await smtp(url).sendMail({
			from: config.mailFrom,
			to: mail.to,
			subject: mail.subject,
			text: mail.text,
			messageId: mail.messageId
		});
		return;
	}
	await db().insert(devMails).values({ to: mail.to, subject: mail.subject, text: mail.text });
}
