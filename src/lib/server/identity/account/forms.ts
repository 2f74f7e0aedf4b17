import * as v from 'valibot';
import { MAX_NAME_LENGTH, NAME_PATTERN } from './rules';

const name = (required: string) =>
	v.pipe(
		v.string(),
		v.transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim()),
		v.nonEmpty(required),
		v.maxLength(MAX_NAME_LENGTH, 'error_name_too_long'),
		v.regex(NAME_PATTERN, 'error_name_invalid')
	);

export const NameForm = v.object({
	givenNames: name('error_given_names_required'),
	familyName: name('error_family_name_required')
});
export type NameInput = v.InferOutput<typeof NameForm>;

export const EmailChangeForm = v.object({
	newEmail: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty('error_email_required'),
		v.maxLength(254, 'error_email_invalid'),
		v.email('error_email_invalid'),
		v.toLowerCase()
	),
	password: v.pipe(v.string(), v.nonEmpty('error_password_required'))
});
export type EmailChangeInput = v.InferOutput<typeof EmailChangeForm>;

export const EmailCodeForm = v.object({
	code: v.pipe(v.string(), v.trim(), v.nonEmpty('error_code_required'))
});
