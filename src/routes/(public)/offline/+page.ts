// The service worker precaches this page at install and shows it for any page that cannot be
// loaded without a network. It is rendered on the server rather than prerendered because
// prerendering is refused while svelte.config.js uses csp.mode 'nonce'. It needs no JavaScript,
// and the root layout drops the signed-in person from it (see +layout.server.ts), so the copy in
// the cache holds no personal data.
export const csr = false;
