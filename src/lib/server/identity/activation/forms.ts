import * as v from 'valibot';

const email = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty('error_email_required'),
	v.maxLength(254, 'error_email_invalid'),
	v.email('error_email_invalid')
);
const password = v.pipe(v.string(), v.nonEmpty('error_password_required'));

export const ActivationRequestForm = v.object({ email });

export const ActivationForm = v.object({
	email,
	code: v.pipe(v.string(), v.trim(), v.nonEmpty('error_code_required')),
	password
});

const letterCode = v.pipe(v.string(), v.trim(), v.nonEmpty('invitation_error_code_required'));

export const InvitationCodeForm = v.object({ code: letterCode });

export const InvitationNewAccountForm = v.object({ code: letterCode, email, password });
