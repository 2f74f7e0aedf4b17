// Mail through the job queue to a real SMTP receiver on 127.0.0.1; without SMTP_URL into the
// development outbox; and a receiver that refuses: retried with backoff, then dead.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { createAccount } from '../../../../tests/helpers/factories';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../tests/helpers/smtp';
import { requestPasswordReset, resetPassword, signIn } from '../auth/service';
import { now, setClock } from '../clock';
import { db } from '../db';
import { runDueJobs } from '../jobs/queue';
import { jobs } from '../jobs/schema';
import { sendMailJob } from './jobs';
import { devMails } from './schema';
import { devOutbox } from './service';

useTestDatabase();

let receiver: SmtpReceiver;
const savedSmtpUrl = process.env.SMTP_URL;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(async () => {
	await receiver.close();
});
afterEach(() => {
	setClock(undefined);
	receiver.rejectRecipient = null;
	if (savedSmtpUrl === undefined) delete process.env.SMTP_URL;
	else process.env.SMTP_URL = savedSmtpUrl;
});

const mailJobsTo = async (email: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, sendMailJob.name)).orderBy(jobs.id)).filter(
		(j) => (j.payload as { to: string }).to === email
	);
const codeIn = (text: string) => /^(\d{8})$/m.exec(text)?.[1];

describe('mail over SMTP', () => {
	it('delivers the password-reset mail with a working code to the right address', async () => {
		process.env.SMTP_URL = receiver.url;
		const account = await createAccount({
			givenNames: 'Jürgen',
			email: 'juergen.schaefer@mail.example'
		});
		await createAccount({ email: 'someone.else@mail.example' });
		await requestPasswordReset(account.email);
		expect(receiver.mails).toHaveLength(0); // queued, not sent
		expect(await runDueJobs()).toBe(1);

		expect(receiver.mails).toHaveLength(1);
		const [mail] = receiver.mails;
		const [job] = await mailJobsTo(account.email);
		expect(mail.envelopeTo).toEqual(['juergen.schaefer@mail.example']);
		expect(mail.envelopeFrom).toBe('noreply@schule360.example');
		expect(mail.headers.to).toBe('juergen.schaefer@mail.example');
		expect(mail.headers.from).toBe('Schule 360° <noreply@schule360.example>');
		expect(mail.headers['message-id']).toBe(`<job-${job.id}@schule360.example>`);
		expect(mail.subject).toBe('Ihr Code zum Zurücksetzen des Passworts');
		expect(mail.text).toContain('Hallo Jürgen,');
		expect(mail.text).toContain('/passwort-zuruecksetzen');
		const code = codeIn(mail.text);
		expect(code).toMatch(/^\d{8}$/);
		expect(job).toMatchObject({ state: 'done', attempts: 1, lastError: null });
		expect(await db().select().from(devMails)).toEqual([]);

		// The code in the delivered mail is the one that works.
		expect((await resetPassword(account.email, code!, 'Ganz-neues-Passwort-7')).ok).toBe(true);
		expect((await signIn(account.email, 'Ganz-neues-Passwort-7')).ok).toBe(true);
		await runDueJobs();
		expect(receiver.mails.map((m) => m.subject)).toEqual([
			'Ihr Code zum Zurücksetzen des Passworts',
			'Ihr Passwort wurde geändert'
		]);
		expect(receiver.mails[1].envelopeTo).toEqual(['juergen.schaefer@mail.example']);
	});

	it('retries a refused mail with backoff and ends it dead after maxAttempts', async () => {
		process.env.SMTP_URL = receiver.url;
		receiver.rejectRecipient = (address) => address === 'abgelehnt@mail.example';
		const before = receiver.mails.length;
		const account = await createAccount({ email: 'abgelehnt@mail.example' });
		await requestPasswordReset(account.email);

		let t = now().getTime();
		setClock(new Date(t));
		expect(await runDueJobs()).toBe(1);
		let [job] = await mailJobsTo(account.email);
		expect(job).toMatchObject({ state: 'pending', attempts: 1 });
		expect(job.lastError).toMatch(/550/);
		expect(job.runAt.getTime()).toBeGreaterThan(t);
		expect(await runDueJobs()).toBe(0); // not before its backoff

		const maxAttempts = sendMailJob.maxAttempts!;
		expect(job.maxAttempts).toBe(maxAttempts);
		for (let attempt = 2; attempt <= maxAttempts; attempt++) {
			t = job.runAt.getTime() + 1000;
			setClock(new Date(t));
			expect(await runDueJobs()).toBe(1);
			[job] = await mailJobsTo(account.email);
			expect(job.attempts).toBe(attempt);
		}
		expect(job).toMatchObject({ state: 'dead', attempts: maxAttempts });
		expect(job.lastError).toMatch(/550/);
		expect(job.finishedAt).not.toBeNull();
		setClock(new Date(t + 24 * 3_600_000));
		expect(await runDueJobs()).toBe(0);
		expect(receiver.mails.length).toBe(before);
	});
});

describe('mail without SMTP_URL', () => {
	it('lands in the development outbox', async () => {
		delete process.env.SMTP_URL;
		const before = receiver.mails.length;
		const account = await createAccount({ email: 'postausgang@mail.example' });
		await requestPasswordReset(account.email);
		expect(await runDueJobs()).toBe(1);

		const outbox = (await devOutbox())!.filter((m) => m.to === account.email);
		expect(outbox).toHaveLength(1);
		expect(outbox[0].subject).toBe('Ihr Code zum Zurücksetzen des Passworts');
		expect(codeIn(outbox[0].text)).toMatch(/^\d{8}$/);
		expect((await mailJobsTo(account.email))[0].state).toBe('done');
		expect(receiver.mails.length).toBe(before);
	});

	it('has no outbox in production', async () => {
		const saved = { NODE_ENV: process.env.NODE_ENV, S360_DEV_TOOLS: process.env.S360_DEV_TOOLS };
		process.env.NODE_ENV = 'production';
		delete process.env.S360_DEV_TOOLS;
		try {
			expect(await devOutbox()).toBeNull();
		} finally {
			for (const [name, value] of Object.entries(saved))
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
		}
	});
});
