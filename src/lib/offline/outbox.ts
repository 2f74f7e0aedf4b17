// The sick-note outbox: reports written without a network wait on the device until the server
// has them. Pure logic over a small store interface, so the browser (IndexedDB, page and service
// worker) and the unit tests (in memory) share it. An item leaves the outbox only after a 2xx, or
// after a refusal that will never succeed (then it is kept as "failed" with the message, and not
// sent again); a network error, a 5xx or a signed-out session leaves it pending.
import type { SickNoteRuleInput } from '../sick-note-rules';

/** The Background Sync tag the service worker listens for. */
export const SYNC_TAG = 'sick-notes';
/** A "gesendet" receipt stays on the device this long, without the note. */
export const RECEIPT_HOURS = 24;

export interface OutboxReport extends SickNoteRuleInput {
	/** Made on the device (crypto.randomUUID()); the server stores one report per id and account. */
	clientId: string;
	/** The account the report was written under: the server refuses it for any other. */
	account: string;
	studentPersonId: string;
	/** For the list on the device only; never sent. */
	studentName: string;
	createdAt: string;
}

export type OutboxItem = OutboxReport &
	(
		| { state: 'pending'; needsSignIn?: boolean }
		| { state: 'sent'; reference: string; sentAt: string }
		| { state: 'failed'; error: string }
	);

export type SendOutcome =
	| { kind: 'accepted'; reference: string }
	| { kind: 'rejected'; error: string }
	| { kind: 'signin' }
	| { kind: 'retry' };

export interface OutboxStore {
	list(): Promise<OutboxItem[]>;
	put(item: OutboxItem): Promise<void>;
	remove(clientId: string): Promise<void>;
}

/** What a report looks like on the wire (`POST /api/krankmeldungen`). */
export function payloadOf(item: OutboxReport) {
	const { clientId, account, studentPersonId, firstDay, lastDay, lessonFrom, lessonTo, note } =
		item;
	return { clientId, account, studentPersonId, firstDay, lastDay, lessonFrom, lessonTo, note };
}

const NEVER_SUCCEEDS = new Set([400, 403, 404, 409, 413, 415, 422]);

/** Reads the endpoint's answer: accepted (201, or 200 when already stored), refused, or later. */
export function outcomeOf(status: number, body: unknown): SendOutcome {
	const data = (body ?? {}) as { reference?: unknown; errors?: Record<string, unknown> };
	if ((status === 200 || status === 201) && typeof data.reference === 'string')
		return { kind: 'accepted', reference: data.reference };
	if (status === 401) return { kind: 'signin' };
	if (NEVER_SUCCEEDS.has(status)) {
		const errors = data.errors ?? {};
		const first = errors.form ?? Object.values(errors)[0];
		return { kind: 'rejected', error: typeof first === 'string' ? first : 'offline_error_refused' };
	}
	return { kind: 'retry' };
}

export interface FlushResult {
	sent: number;
	failed: number;
	pending: number;
	/** Stopped for the network or the server (not for a sign-in): worth another try soon. */
	retrySoon: boolean;
}

/**
 * Sends every pending report once, in the order written, and drops receipts older than a day.
 * The caller holds the outbox lock (see device.ts) so the page and the service worker do not
 * send at the same time; if they still do, the server keeps one report per client id.
 */
export async function flushOutbox(
	store: OutboxStore,
	send: (item: OutboxReport) => Promise<SendOutcome>,
	now: Date = new Date()
): Promise<FlushResult> {
	const result: FlushResult = { sent: 0, failed: 0, pending: 0, retrySoon: false };
	const items = (await store.list()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	for (const [index, item] of items.entries()) {
		if (item.state === 'sent') {
			const age = now.getTime() - new Date(item.sentAt).getTime();
			if (age > RECEIPT_HOURS * 3_600_000) await store.remove(item.clientId);
			continue;
		}
		if (item.state !== 'pending') continue;
		const outcome = await send(item);
		const report = reportOf(item);
		if (outcome.kind === 'accepted') {
			// The receipt keeps who and when for the "gesendet" line, not the note.
			await store.put({
				...report,
				note: null,
				state: 'sent',
				reference: outcome.reference,
				sentAt: now.toISOString()
			});
			result.sent++;
		} else if (outcome.kind === 'rejected') {
			await store.put({ ...report, state: 'failed', error: outcome.error });
			result.failed++;
		} else {
			if (outcome.kind === 'signin' && !item.needsSignIn)
				await store.put({ ...report, state: 'pending', needsSignIn: true });
			// No network (or no session): the rest would fare no better now.
			result.pending += items.slice(index).filter((i) => i.state === 'pending').length;
			result.retrySoon = outcome.kind === 'retry';
			break;
		}
	}
	return result;
}

/**
 * Pauses between tries within one Background Sync event. The browser fires the event when it
 * believes it is online, which can be a moment before requests get through (a train leaving a
 * tunnel, a captive portal); a failed event is tried again only minutes later.
 */
export const SYNC_RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 20_000];

/** Flushes, and flushes again after each pause while the network still stood in the way. */
export async function flushWithRetries(
	flush: () => Promise<FlushResult>,
	delays: readonly number[] = SYNC_RETRY_DELAYS_MS,
	sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
): Promise<FlushResult> {
	let result = await flush();
	for (const delay of delays) {
		if (!result.retrySoon) break;
		await sleep(delay);
		result = await flush();
	}
	return result;
}

/** The report without its outbox state. */
function reportOf(item: OutboxItem): OutboxReport {
	const { clientId, account, studentPersonId, studentName, createdAt } = item;
	const { firstDay, lastDay, lessonFrom, lessonTo, note } = item;
	return {
		clientId,
		account,
		studentPersonId,
		studentName,
		createdAt,
		firstDay,
		lastDay,
		lessonFrom,
		lessonTo,
		note
	};
}
