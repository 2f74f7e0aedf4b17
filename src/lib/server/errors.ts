import { error as kitError } from '@sveltejs/kit';

// Expected outcomes are returned as values; AppError is for the unexpected or for refusals
// thrown deep inside a service (policy), which routes turn into error pages.

export type FieldErrors = Record<string, string>;

export type Result<T = undefined> =
	| { ok: true; value: T }
	| { ok: false; status: number; errors: FieldErrors; retryAfterSeconds?: number };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = (
	status: number,
	errors: FieldErrors,
	retryAfterSeconds?: number
): Result<never> => ({ ok: false, status, errors, retryAfterSeconds });

/**
 * Refusals deep inside a service throw SvelteKit's HttpError, so any route shows the right page
 * (404/403) without catching. A record that does not exist or is not the actor's gets the same
 * 404, so ids cannot be probed.
 */
export const notFound = (): never => kitError(404, 'Nicht gefunden');
export const forbidden = (): never => kitError(403, 'Keine Berechtigung');
