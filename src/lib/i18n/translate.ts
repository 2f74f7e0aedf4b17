import { m } from '$lib/paraglide/messages';

type MessageFn = (params?: Record<string, unknown>) => string;

/** Translates a message key handed over by the server (e.g. a field error); unknown keys as-is. */
export function translate(key: string | undefined | null, params?: Record<string, unknown>) {
	if (!key) return '';
	const fn = (m as unknown as Record<string, MessageFn | undefined>)[key];
	return fn ? fn(params) : key;
}
