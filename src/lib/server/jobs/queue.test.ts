import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { now, setClock } from '../clock';
import { db } from '../db';
import { backoffMs, enqueue, runDueJobs } from './queue';
import { defineJob, registerJobs } from './registry';
import { jobs } from './schema';

useTestDatabase();
afterEach(() => setClock(undefined));

const seen: string[] = [];
let failuresLeft = 0;
const echoJob = defineJob({
	name: 'test.echo.v1',
	payload: v.object({ word: v.string() }),
	maxAttempts: 3,
	handler: async ({ word }) => {
		if (failuresLeft > 0) {
			failuresLeft--;
			throw new Error(`flaky ${word}`);
		}
		seen.push(word);
	}
});
registerJobs([echoJob]);

describe('job queue', () => {
	it('leaves a kind without a handler in this process pending instead of failing it', async () => {
		const unhandled = { name: 'test.unhandled.v1', payload: v.object({ n: v.number() }) };
		await enqueue(db(), unhandled, { n: 1 });
		await runDueJobs();
		const [row] = await db().select().from(jobs).where(eq(jobs.name, 'test.unhandled.v1'));
		expect(row.state).toBe('pending');
		expect(row.attempts).toBe(0);
	});

	it('runs a job written in a committed transaction, and none from a rolled-back one', async () => {
		await db().transaction(async (tx) => enqueue(tx, echoJob, { word: 'kept' }));
		await db()
			.transaction(async (tx) => {
				await enqueue(tx, echoJob, { word: 'lost' });
				tx.rollback();
			})
			.catch(() => {});
		expect(await runDueJobs()).toBe(1);
		expect(seen).toEqual(['kept']);
	});

	it('retries with backoff and ends dead after maxAttempts', async () => {
		failuresLeft = 10;
		await enqueue(db(), echoJob, { word: 'doomed' });
		const start = now();
		for (let i = 0; i < 3; i++) {
			setClock(new Date(start.getTime() + i * 3_600_000));
			await runDueJobs();
		}
		const [job] = await db()
			.select()
			.from(jobs)
			.where(eq(jobs.name, 'test.echo.v1'))
			.orderBy(jobs.id);
		const all = await db().select().from(jobs).where(eq(jobs.name, 'test.echo.v1'));
		const doomed = all.find((j) => (j.payload as { word: string }).word === 'doomed')!;
		expect(job).toBeDefined();
		expect(doomed.state).toBe('dead');
		expect(doomed.attempts).toBe(3);
		expect(doomed.lastError).toBe('flaky doomed');
	});

	it('does not run a job before its backoff has passed', async () => {
		failuresLeft = 1;
		await enqueue(db(), echoJob, { word: 'later' });
		setClock(new Date(Date.now() + 10 * 3_600_000));
		await runDueJobs();
		expect(seen).not.toContain('later');
		expect(await runDueJobs()).toBe(0);
		setClock(new Date(Date.now() + 11 * 3_600_000));
		await runDueJobs();
		expect(seen).toContain('later');
	});

	it('keeps one job per singleton key', async () => {
		await enqueue(db(), echoJob, { word: 'once' }, { singletonKey: 'k1' });
		await enqueue(db(), echoJob, { word: 'once' }, { singletonKey: 'k1' });
		const rows = await db().select().from(jobs).where(eq(jobs.singletonKey, 'k1'));
		expect(rows).toHaveLength(1);
	});

	it('backs off exponentially with a cap', () => {
		const mid = () => 0.5;
		expect(backoffMs(1, mid)).toBe(10_000);
		expect(backoffMs(2, mid)).toBe(20_000);
		expect(backoffMs(3, mid)).toBe(40_000);
		expect(backoffMs(30, mid)).toBe(3_600_000);
	});
});
