import { describe, expect, it } from 'vitest';
import {
	flushOutbox,
	flushWithRetries,
	outcomeOf,
	payloadOf,
	RECEIPT_HOURS,
	type OutboxItem,
	type OutboxReport,
	type OutboxStore,
	type SendOutcome
} from './outbox';

/** The outbox in memory, as IndexedDB keeps it (by client id). */
function memoryStore(items: OutboxItem[] = []): OutboxStore & { items: Map<string, OutboxItem> } {
	const map = new Map(items.map((i) => [i.clientId, i]));
	return {
		items: map,
		list: async () => [...map.values()],
		put: async (item) => void map.set(item.clientId, item),
		remove: async (clientId) => void map.delete(clientId)
	};
}

const NOW = new Date('2026-03-16T08:00:00Z');
let n = 0;
const report = (extra: Partial<OutboxReport> = {}): OutboxReport => ({
	clientId: `c${++n}`,
	account: 'acc-1',
	studentPersonId: 'p-1',
	studentName: 'Lara Jansen',
	createdAt: new Date(NOW.getTime() - 60_000 + n).toISOString(),
	firstDay: '2026-03-16',
	lastDay: '2026-03-17',
	lessonFrom: null,
	lessonTo: null,
	note: 'Arzttermin',
	...extra
});
const pending = (extra: Partial<OutboxReport> = {}): OutboxItem => ({
	...report(extra),
	state: 'pending'
});

describe('outcomeOf: what an answer of the endpoint means for the outbox', () => {
	it.each([
		[201, { reference: 'S360-2026-000001' }, { kind: 'accepted', reference: 'S360-2026-000001' }],
		[200, { reference: 'S360-2026-000001' }, { kind: 'accepted', reference: 'S360-2026-000001' }],
		[
			400,
			{ errors: { firstDay: 'error_sick_first_day_too_early' } },
			{ kind: 'rejected', error: 'error_sick_first_day_too_early' }
		],
		[404, { errors: { form: 'error_not_found' } }, { kind: 'rejected', error: 'error_not_found' }],
		[
			409,
			{ errors: { form: 'offline_error_other_account' } },
			{ kind: 'rejected', error: 'offline_error_other_account' }
		],
		[415, null, { kind: 'rejected', error: 'offline_error_refused' }],
		[401, null, { kind: 'signin' }],
		[500, null, { kind: 'retry' }],
		[503, { errors: { form: 'x' } }, { kind: 'retry' }],
		[429, null, { kind: 'retry' }],
		[408, null, { kind: 'retry' }],
		// A 200 without a reference (an HTML page, say) is not an acceptance.
		[200, null, { kind: 'retry' }]
	])('%i %j → %j', (status, body, expected) => {
		expect(outcomeOf(status, body)).toEqual(expected);
	});
});

describe('flushOutbox', () => {
	it('sends each pending report once, oldest first, and keeps a receipt without the note', async () => {
		const first = pending();
		const second = pending({ note: null });
		const store = memoryStore([second, first]);
		const sent: string[] = [];
		const result = await flushOutbox(
			store,
			async (item) => {
				sent.push(item.clientId);
				return { kind: 'accepted', reference: `REF-${item.clientId}` };
			},
			NOW
		);
		expect(sent).toEqual([first.clientId, second.clientId]);
		expect(result).toEqual({ sent: 2, failed: 0, pending: 0, retrySoon: false });
		expect(store.items.get(first.clientId)).toMatchObject({
			state: 'sent',
			reference: `REF-${first.clientId}`,
			note: null,
			sentAt: NOW.toISOString()
		});
		// A second flush sends nothing again.
		const again = await flushOutbox(
			store,
			async () => {
				throw new Error('must not send');
			},
			NOW
		);
		expect(again).toEqual({ sent: 0, failed: 0, pending: 0, retrySoon: false });
	});

	it('keeps reports pending without a network and stops trying the rest for now', async () => {
		const store = memoryStore([pending(), pending(), pending()]);
		let calls = 0;
		const result = await flushOutbox(
			store,
			async (): Promise<SendOutcome> => {
				calls++;
				return { kind: 'retry' };
			},
			NOW
		);
		expect(calls).toBe(1);
		expect(result).toEqual({ sent: 0, failed: 0, pending: 3, retrySoon: true });
		expect([...store.items.values()].every((i) => i.state === 'pending')).toBe(true);
	});

	it('marks a refused report failed with its message and never sends it again', async () => {
		const refused = pending({ firstDay: '2026-01-01' });
		const fine = pending();
		const store = memoryStore([refused, fine]);
		const send = async (item: OutboxReport): Promise<SendOutcome> =>
			item.clientId === refused.clientId
				? { kind: 'rejected', error: 'error_sick_first_day_too_early' }
				: { kind: 'accepted', reference: 'S360-2026-000002' };
		expect(await flushOutbox(store, send, NOW)).toEqual({
			sent: 1,
			failed: 1,
			pending: 0,
			retrySoon: false
		});
		expect(store.items.get(refused.clientId)).toMatchObject({
			state: 'failed',
			error: 'error_sick_first_day_too_early'
		});
		let calls = 0;
		await flushOutbox(store, async () => (calls++, { kind: 'retry' }), NOW);
		expect(calls).toBe(0);
	});

	it('marks a report that waits for a sign-in, and keeps it', async () => {
		const item = pending();
		const store = memoryStore([item]);
		const result = await flushOutbox(store, async () => ({ kind: 'signin' }), NOW);
		expect(result.pending).toBe(1);
		expect(store.items.get(item.clientId)).toMatchObject({ state: 'pending', needsSignIn: true });
		await flushOutbox(store, async () => ({ kind: 'accepted', reference: 'R' }), NOW);
		expect(store.items.get(item.clientId)).not.toHaveProperty('needsSignIn');
	});

	it('drops receipts older than a day', async () => {
		const old: OutboxItem = {
			...report(),
			state: 'sent',
			reference: 'R1',
			sentAt: new Date(NOW.getTime() - (RECEIPT_HOURS * 3_600_000 + 1)).toISOString()
		};
		const fresh: OutboxItem = {
			...report(),
			state: 'sent',
			reference: 'R2',
			sentAt: NOW.toISOString()
		};
		const store = memoryStore([old, fresh]);
		await flushOutbox(store, async () => ({ kind: 'retry' }), NOW);
		expect([...store.items.keys()]).toEqual([fresh.clientId]);
	});
});

it('payloadOf sends the report without the name shown on the device', () => {
	const r = report();
	expect(payloadOf(r)).toEqual({
		clientId: r.clientId,
		account: 'acc-1',
		studentPersonId: 'p-1',
		firstDay: '2026-03-16',
		lastDay: '2026-03-17',
		lessonFrom: null,
		lessonTo: null,
		note: 'Arzttermin'
	});
});

describe('flushWithRetries (one Background Sync event)', () => {
	const result = (pending: number, retrySoon: boolean) => ({
		sent: 0,
		failed: 0,
		pending,
		retrySoon
	});

	it('tries again after each pause while the network is not through, then stops', async () => {
		const answers = [result(1, true), result(1, true), { ...result(0, false), sent: 1 }];
		const slept: number[] = [];
		const final = await flushWithRetries(
			async () => answers.shift()!,
			[10, 20, 30],
			async (ms) => void slept.push(ms)
		);
		expect(final).toMatchObject({ sent: 1, pending: 0 });
		expect(slept).toEqual([10, 20]);
	});

	it('gives up after the last pause and reports what still waits', async () => {
		let tries = 0;
		const final = await flushWithRetries(
			async () => (tries++, result(2, true)),
			[1, 1],
			async () => {}
		);
		expect(tries).toBe(3);
		expect(final.pending).toBe(2);
	});

	it('does not try again for a sign-in: only a new session helps', async () => {
		let tries = 0;
		await flushWithRetries(
			async () => (tries++, result(1, false)),
			[1, 1],
			async () => {}
		);
		expect(tries).toBe(1);
	});

	it('marks a stop for the network as worth a retry, a stop for a sign-in not', async () => {
		const network = await flushOutbox(
			memoryStore([pending()]),
			async () => ({ kind: 'retry' }),
			NOW
		);
		expect(network.retrySoon).toBe(true);
		const signin = await flushOutbox(
			memoryStore([pending()]),
			async () => ({ kind: 'signin' }),
			NOW
		);
		expect(signin.retrySoon).toBe(false);
	});
});
