import * as v from 'valibot';
import type { FieldErrors } from '../errors';

export type ParsedForm<T> =
	| { ok: true; data: T; values: Record<string, string> }
	| { ok: false; values: Record<string, string>; errors: FieldErrors };

/** Names of fields never sent back to the page (the user types them again). */
const SECRET = /password|code/i;

/**
 * Validates a form against a valibot schema whose messages are message keys. Returns the values
 * to put back into the form (secrets left out) and one error key per field.
 */
export function parseForm<S extends v.GenericSchema>(
	schema: S,
	formData: FormData
): ParsedForm<v.InferOutput<S>> {
	const raw: Record<string, string> = {};
	for (const [key, value] of formData) if (typeof value === 'string') raw[key] = value;
	const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !SECRET.test(k)));
	const result = v.safeParse(schema, raw);
	if (result.success) return { ok: true, data: result.output, values };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const field = issue.path?.map((p) => String(p.key)).join('.') || 'form';
		errors[field] ??= issue.message;
	}
	return { ok: false, values, errors };
}
