/// <reference lib="webworker" />
// The service worker (built by SvelteKit, precache manifest injected by @vite-pwa/sveltekit's
// injectManifest). It precaches the build, the offline page and the offline sick-note form — all
// free of personal data — and never caches signed-in HTML, __data.json, form actions or /api/*.
// Navigations go to the network; without one, the sick-note form's address gets the offline form
// and every other page the offline page. The `sync` event sends the device's sick-note outbox.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { flush } from '$lib/offline/device';
import { flushWithRetries, SYNC_TAG } from '$lib/offline/outbox';
import { OFFLINE_FORM_PATH, OFFLINE_PAGE_PATH, servesOfflineForm } from '$lib/pwa/offline-routes';

const sw = self as unknown as ServiceWorkerGlobalScope;
type PrecacheEntries = Parameters<typeof precacheAndRoute>[0];

// Written out as `self.__WB_MANIFEST`: the build replaces exactly that text with the file list.
precacheAndRoute((self as unknown as { __WB_MANIFEST: PrecacheEntries }).__WB_MANIFEST);
cleanupOutdatedCaches();
clientsClaim();

// A new version waits until the person chooses to reload (UpdatePrompt.svelte sends this).
sw.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

/**
 * The offline page is rendered at /offline and links its CSS relative to it (./_app/… in the
 * HTML and in a Link preload header), which would miss from /konto/sitzungen: the links are made
 * absolute and the header dropped.
 */
async function offlinePage() {
	const cached = await matchPrecache(OFFLINE_PAGE_PATH);
	if (!cached) return Response.error();
	const html = (await cached.text()).replace(/(href|src)="\.\//g, '$1="/');
	const headers = new Headers(cached.headers);
	headers.delete('content-length');
	headers.delete('link');
	return new Response(html, { status: 200, headers });
}

const network = new NetworkOnly();
registerRoute(
	({ request }) => request.mode === 'navigate',
	async (options) => {
		try {
			return await network.handle(options);
		} catch {
			// The offline form lives at its own address, so its scripts and links resolve as built.
			const url = new URL(options.request.url);
			if (servesOfflineForm(url.pathname))
				return Response.redirect(new URL(OFFLINE_FORM_PATH, url.origin).href, 302);
			return offlinePage();
		}
	}
);

interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
}

/**
 * Sends the outbox, trying again a few times within the event while the network is not through
 * yet; still pending afterwards → reject, so the browser schedules the sync again.
 */
async function sendOutbox() {
	const result = await flushWithRetries(async () => {
		const flushed = await flush();
		for (const client of await sw.clients.matchAll({ type: 'window' }))
			client.postMessage({ type: 'outbox-changed' });
		return flushed;
	});
	if (result.pending > 0) throw new Error('sick notes still waiting for a connection');
}

sw.addEventListener('sync' as 'message', (event) => {
	const sync = event as unknown as SyncEvent;
	if (sync.tag === SYNC_TAG) sync.waitUntil(sendOutbox());
});
