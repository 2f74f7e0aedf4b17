// A durable job queue in PostgreSQL (transactional outbox). Jobs are inserted in the transaction of
// the record that causes them, claimed with FOR UPDATE SKIP LOCKED so several nodes share the
// work, retried with exponential backoff, and end as "dead" where staff can see and retry them.
// Why not pg-boss: see README "Jobs".
import { and, count, desc, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { now } from '../clock';
import { db, type DbOrTx } from '../db';
import { log } from '../log';
import { authorize, type Actor } from '../policy';
import { jobDefinition, registeredJobNames, type JobKind } from './registry';
import { jobs, type JobState } from './schema';

const LOCK_MS = 5 * 60 * 1000;
const BASE_BACKOFF_MS = 10 * 1000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

export interface EnqueueOptions {
	runAt?: Date;
	/** The same key for the same job name is enqueued once (idempotent producers). */
	singletonKey?: string;
}

export async function enqueue<S extends v.GenericSchema>(
	tx: DbOrTx,
	definition: JobKind<S>,
	payload: v.InferInput<S>,
	options: EnqueueOptions = {}
) {
	const parsed = v.parse(definition.payload, payload);
	await tx
		.insert(jobs)
		.values({
			name: definition.name,
			payload: parsed,
			singletonKey: options.singletonKey ?? null,
			maxAttempts: definition.maxAttempts ?? 5,
			runAt: options.runAt ?? now()
		})
		.onConflictDoNothing();
}

/** Delay before attempt n+1: 10 s, 20 s, 40 s … capped at an hour, with ±20 % jitter. */
export function backoffMs(attempt: number, random = Math.random) {
	const base = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
	return Math.round(base * (0.8 + 0.4 * random()));
}

type ClaimedJob = {
	id: number;
	name: string;
	payload: unknown;
	attempts: number;
	maxAttempts: number;
};

/**
 * Claims the next due job of a kind this process has a handler for. A kind no handler is deployed
 * for yet (the e-file delivery until its connector lands, or a newer kind during a rolling update)
 * stays pending instead of failing.
 */
async function claimNext(): Promise<ClaimedJob | undefined> {
	const at = now();
	const names = registeredJobNames();
	if (names.length === 0) return undefined;
	const rows = await db().execute(sql`
		update ${jobs} set state = 'running', attempts = attempts + 1,
			locked_until = ${new Date(at.getTime() + LOCK_MS).toISOString()}::timestamptz
		where id = (
			select id from ${jobs}
			where ((state = 'pending' and run_at <= ${at.toISOString()}::timestamptz)
				or (state = 'running' and locked_until < ${at.toISOString()}::timestamptz))
				and name in (${sql.join(
					names.map((n) => sql`${n}`),
					sql`, `
				)})
			order by run_at, id
			limit 1
			for update skip locked
		)
		returning id, name, payload, attempts, max_attempts as "maxAttempts"`);
	const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as ClaimedJob[];
	return list[0] ? { ...list[0], id: Number(list[0].id) } : undefined;
}

async function runJob(job: ClaimedJob) {
	const definition = jobDefinition(job.name);
	try {
		if (!definition) throw new Error(`No handler registered for job ${job.name}`);
		await definition.handler(v.parse(definition.payload, job.payload), {
			id: job.id,
			attempt: job.attempts
		});
		await db()
			.update(jobs)
			.set({ state: 'done', finishedAt: now(), lockedUntil: null, lastError: null })
			.where(eq(jobs.id, job.id));
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const dead = job.attempts >= job.maxAttempts;
		log.warn(
			{ jobId: job.id, job: job.name, attempt: job.attempts, dead, err: message },
			'job failed'
		);
		await db()
			.update(jobs)
			.set({
				state: dead ? 'dead' : 'pending',
				lastError: message.slice(0, 2000),
				lockedUntil: null,
				finishedAt: dead ? now() : null,
				runAt: dead ? undefined : new Date(now().getTime() + backoffMs(job.attempts))
			})
			.where(eq(jobs.id, job.id));
	}
}

/** Runs due jobs until none is left (or `limit` ran); returns how many ran. */
export async function runDueJobs(limit = 100) {
	let ran = 0;
	while (ran < limit) {
		const job = await claimNext();
		if (!job) break;
		await runJob(job);
		ran++;
	}
	return ran;
}

/** Polls for due jobs in the background; returns a stop function that waits for the current job. */
export function startWorker(pollMs = 1000) {
	let stopped = false;
	let current: Promise<unknown> = Promise.resolve();
	let timer: NodeJS.Timeout | undefined;
	const tick = () => {
		if (stopped) return;
		current = runDueJobs(20)
			.catch((error) => log.error({ err: error }, 'job worker error'))
			.finally(() => {
				if (!stopped) timer = setTimeout(tick, pollMs);
			});
	};
	timer = setTimeout(tick, 50);
	return async () => {
		stopped = true;
		clearTimeout(timer);
		await current;
	};
}

export async function jobCounts(actor: Actor) {
	authorize(actor, 'jobs.view', { type: 'district' });
	const rows = await db().select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state);
	const counts: Record<JobState, number> = { pending: 0, running: 0, done: 0, dead: 0 };
	for (const r of rows) counts[r.state] = Number(r.n);
	return counts;
}

export async function deadJobs(actor: Actor, limit = 50) {
	authorize(actor, 'jobs.view', { type: 'district' });
	return db()
		.select({
			id: jobs.id,
			name: jobs.name,
			attempts: jobs.attempts,
			lastError: jobs.lastError,
			createdAt: jobs.createdAt,
			finishedAt: jobs.finishedAt
		})
		.from(jobs)
		.where(eq(jobs.state, 'dead'))
		.orderBy(desc(jobs.finishedAt))
		.limit(limit);
}

/** Puts a dead job back in the queue with a fresh set of attempts. */
export async function retryDeadJob(actor: Actor, jobId: number) {
	authorize(actor, 'jobs.view', { type: 'district' });
	const updated = await db()
		.update(jobs)
		.set({ state: 'pending', attempts: 0, runAt: now(), finishedAt: null })
		.where(and(eq(jobs.id, jobId), eq(jobs.state, 'dead')))
		.returning({ id: jobs.id });
	return updated.length === 1;
}
