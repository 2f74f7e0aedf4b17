// The sick-note form that works without a network. The service worker precaches this page at
// install (like /offline, rendered on the server: prerendering is refused with csp.mode 'nonce')
// and serves it when /anliegen/krankmeldung cannot be loaded. The page itself holds no personal
// data (the root layout drops the signed-in person here): whom to list comes from the device's
// store, which the online form fills, and reports wait in the device's outbox.
export const ssr = true;
export const csr = true;
