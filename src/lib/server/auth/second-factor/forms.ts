import * as v from 'valibot';

const code = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty('error_code_required'),
	v.maxLength(20, 'error_second_factor_invalid')
);

export const SecondFactorCodeForm = v.object({ code, next: v.optional(v.string(), '') });
