// Housekeeping, once an hour: drops what is no longer needed (expired sessions and codes, old
// login attempts, uploads not filed in a case after a day, jobs done a month ago; dead jobs stay for
// the district admin). Enqueued with the hour as singleton key, so several nodes
// scheduling it at once still run it once.
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import * as v from 'valibot';
import { oneTimeCodes, sessions } from '../auth/schema';
import { deleteAttachmentFile } from '../cases/attachment-store';
import { attachments } from '../cases/schema';
import { pruneLoginAttempts } from '../auth/rate-limit';
import { now } from '../clock';
import { db } from '../db';
import { enqueue } from './queue';
import { defineJob } from './registry';
import { jobs } from './schema';

const DAY_MS = 24 * 60 * 60 * 1000;

export const pruneJob = defineJob({
	name: 'maintenance.prune.v1',
	payload: v.object({}),
	maxAttempts: 3,
	handler: async () => {
		const at = now().getTime();
		await pruneLoginAttempts();
		await db()
			.delete(sessions)
			.where(lt(sessions.expiresAt, new Date(at)));
		await db()
			.delete(oneTimeCodes)
			.where(
				or(
					lt(oneTimeCodes.expiresAt, new Date(at - DAY_MS)),
					and(isNotNull(oneTimeCodes.usedAt), lt(oneTimeCodes.usedAt, new Date(at - DAY_MS)))
				)
			);
		// Uploads that never became part of a case (e.g. a previewed class list) live a day.
		const stale = await db()
			.delete(attachments)
			.where(and(isNull(attachments.caseId), lt(attachments.createdAt, new Date(at - DAY_MS))))
			.returning({ storageKey: attachments.storageKey });
		for (const { storageKey } of stale) await deleteAttachmentFile(storageKey);
		await db()
			.delete(jobs)
			.where(and(eq(jobs.state, 'done'), lt(jobs.finishedAt, new Date(at - 30 * DAY_MS))));
	}
});

export async function scheduleMaintenance() {
	const hour = now().toISOString().slice(0, 13);
	await enqueue(db(), pruneJob, {}, { singletonKey: hour });
}
