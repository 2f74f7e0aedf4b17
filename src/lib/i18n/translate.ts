import { m } from '$lib/paraglide/messages';

type MessageFn = (params?: Record<string, unknown>) => string;

// The messages a server may hand over by key (field errors, states). Listed one by one so the
// bundler ships only these to the browser, not every message of the app.
const byKey: Record<string, MessageFn> = {
	error_code_invalid: m.error_code_invalid,
	error_code_required: m.error_code_required,
	error_email_invalid: m.error_email_invalid,
	error_email_required: m.error_email_required,
	error_login_invalid: m.error_login_invalid,
	error_login_rate_limited: m.error_login_rate_limited as unknown as MessageFn,
	error_not_found: m.error_not_found,
	error_password_common: m.error_password_common,
	error_password_is_email: m.error_password_is_email,
	error_password_required: m.error_password_required,
	error_password_too_long: m.error_password_too_long,
	error_password_too_short: m.error_password_too_short,
	jobs_state_dead: m.jobs_state_dead,
	jobs_state_done: m.jobs_state_done,
	jobs_state_pending: m.jobs_state_pending,
	jobs_state_running: m.jobs_state_running,
	lang_error: m.lang_error
};

/** Translates a message key handed over by the server (e.g. a field error); unknown keys as-is. */
export function translate(key: string | undefined | null, params?: Record<string, unknown>) {
	if (!key) return '';
	const fn = byKey[key];
	return fn ? fn(params) : key;
}

/** Keys of `translate`, for a test that every key a service returns can be shown. */
export const translatableKeys = () => Object.keys(byKey);
