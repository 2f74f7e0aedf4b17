// Addresses the service worker precaches and serves without a network (see src/service-worker.ts).

/** The offline page for any page that needs the network. */
export const OFFLINE_PAGE_PATH = '/offline';
/** The sick-note form that works without a network (no personal data in the page itself). */
export const OFFLINE_FORM_PATH = '/krankmeldung-offline';

/** The sick-note form's address (and its steps): without a network, the offline form instead. */
export const servesOfflineForm = (pathname: string) =>
	pathname === '/anliegen/krankmeldung' || pathname === '/anliegen/krankmeldung/';
