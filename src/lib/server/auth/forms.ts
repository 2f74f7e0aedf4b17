import * as v from 'valibot';

const email = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty('error_email_required'),
	v.maxLength(254, 'error_email_invalid'),
	v.email('error_email_invalid')
);
const code = v.pipe(v.string(), v.trim(), v.nonEmpty('error_code_required'));

export const SignInForm = v.object({
	email,
	password: v.pipe(v.string(), v.nonEmpty('error_password_required')),
	next: v.optional(v.string(), '')
});

export const ForgotPasswordForm = v.object({ email });

export const ResetPasswordForm = v.object({
	email,
	code,
	password: v.pipe(v.string(), v.nonEmpty('error_password_required'))
});

export const VerifyEmailForm = v.object({ code });

/** Only local paths, so the sign-in page cannot be used to send people elsewhere. */
export function safeNext(next: string | undefined | null) {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
		? next
		: '/start';
}
