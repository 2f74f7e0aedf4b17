// What the device keeps for the offline sick-note form, in IndexedDB: the outbox (reports not yet
// sent, and a day's "gesendet" receipts) and the family profile (who is signed in, whom they may
// report). Nothing else: no case data, no pages. Cleared at sign-out and when another account
// signs in. Used by the pages and by the service worker (both have IndexedDB and Web Locks).
import {
	flushOutbox,
	outcomeOf,
	payloadOf,
	type FlushResult,
	type OutboxItem,
	type OutboxReport,
	type OutboxStore,
	type SendOutcome
} from './outbox';

const DB_NAME = 's360-device';
const OUTBOX = 'outbox';
const PROFILE = 'profile';
const LOCK = 's360-outbox';
export const ENDPOINT = '/api/krankmeldungen';

/** A person the signed-in account may report sick, as the form lists them. */
export interface OfflineStudent {
	personId: string;
	name: string;
	self: boolean;
	schoolName: string;
	className: string;
}

export interface FamilyProfile {
	/** The account id: a marker of who wrote to this device. */
	account: string;
	students: OfflineStudent[];
	savedAt: string;
}

const STORES = [OUTBOX, PROFILE];

function openVersion(version?: number): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, version);
		request.onupgradeneeded = () => {
			for (const name of STORES)
				if (!request.result.objectStoreNames.contains(name))
					request.result.createObjectStore(name, name === OUTBOX ? { keyPath: 'clientId' } : {});
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

/** The device's database with both stores (made anew if something opened it without them). */
async function open(): Promise<IDBDatabase> {
	const db = await openVersion();
	if (STORES.every((name) => db.objectStoreNames.contains(name))) return db;
	const next = db.version + 1;
	db.close();
	return openVersion(next);
}

/** One transaction on one store; the connection is closed afterwards (no lingering handles). */
async function run<T>(
	store: string,
	mode: IDBTransactionMode,
	work: (s: IDBObjectStore) => IDBRequest<T> | void
): Promise<T | undefined> {
	const db = await open();
	try {
		return await new Promise<T | undefined>((resolve, reject) => {
			const tx = db.transaction(store, mode);
			const request = work(tx.objectStore(store));
			tx.oncomplete = () => resolve(request ? request.result : undefined);
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

export const deviceOutbox: OutboxStore = {
	list: async () => (await run<OutboxItem[]>(OUTBOX, 'readonly', (s) => s.getAll())) ?? [],
	put: async (item) => void (await run(OUTBOX, 'readwrite', (s) => void s.put(item))),
	remove: async (clientId) => void (await run(OUTBOX, 'readwrite', (s) => void s.delete(clientId)))
};

export const loadProfile = async () =>
	(await run<FamilyProfile>(PROFILE, 'readonly', (s) => s.get('family'))) ?? null;

/**
 * Keeps whom this account may report, for the offline form. When another account wrote to the
 * device before, everything of theirs is removed first.
 */
export async function saveProfile(account: string, students: OfflineStudent[]) {
	const before = await loadProfile();
	const items = await deviceOutbox.list();
	if ((before && before.account !== account) || items.some((i) => i.account !== account))
		await clearDevice();
	const profile: FamilyProfile = { account, students, savedAt: new Date().toISOString() };
	await run(PROFILE, 'readwrite', (s) => void s.put(profile, 'family'));
}

/** Removes everything this app keeps in IndexedDB (sign-out). */
export async function clearDevice() {
	await run(OUTBOX, 'readwrite', (s) => void s.clear());
	await run(PROFILE, 'readwrite', (s) => void s.clear());
}

/** Keeps a report for sending; `flush` or the service worker's sync event sends it. */
export const keepReport = (report: OutboxReport) =>
	deviceOutbox.put({ ...report, state: 'pending' });

/** Sends one report. Manual redirects: a signed-out session is sent to /anmelden (303), not JSON. */
export async function sendReport(item: OutboxReport): Promise<SendOutcome> {
	let response: Response;
	try {
		response = await fetch(ENDPOINT, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(payloadOf(item)),
			credentials: 'same-origin',
			redirect: 'manual',
			cache: 'no-store'
		});
	} catch {
		return { kind: 'retry' };
	}
	if (response.type === 'opaqueredirect') return { kind: 'signin' };
	const body = await response.json().catch(() => null);
	return outcomeOf(response.status, body);
}

/** Sends what waits, one sender at a time on this device (page tabs and service worker). */
export async function flush(): Promise<FlushResult> {
	const work = () => flushOutbox(deviceOutbox, sendReport);
	const locks = (globalThis.navigator as Navigator | undefined)?.locks;
	return locks ? locks.request(LOCK, work) : work();
}
