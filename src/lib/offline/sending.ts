// The page's side of sending: Background Sync where the browser has it (the service worker sends
// even after the tab is closed), and in any case right now, on every `online` event and page load.
import { flush } from './device';
import { SYNC_TAG } from './outbox';

interface SyncRegistration extends ServiceWorkerRegistration {
	sync?: { register(tag: string): Promise<void> };
}

/** Asks the service worker for a sync (when supported) and sends from the page as well. */
export async function sendSoon() {
	try {
		const registration = (await Promise.race([
			navigator.serviceWorker?.ready,
			new Promise((resolve) => setTimeout(() => resolve(undefined), 1_000))
		])) as SyncRegistration | undefined;
		await registration?.sync?.register(SYNC_TAG);
	} catch {
		// No Background Sync (Firefox, Safari) or not allowed: the page sends.
	}
	if (navigator.onLine) return flush();
}
