import * as v from 'valibot';
import { defineJob } from '../jobs/registry';
import { deliverMail } from './transport';

export const sendMailJob = defineJob({
	name: 'mail.send.v1',
	payload: v.object({
		to: v.pipe(v.string(), v.email()),
		subject: v.string(),
		text: v.string()
	}),
	maxAttempts: 8,
	handler: (mail, job) => deliverMail({ ...mail, messageId: `<job-${job.id}@schule360.example>` })
});
