import { fail, redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/server/auth/forms';
import { SecondFactorCodeForm } from '$lib/server/auth/second-factor/forms';
import { SECOND_FACTOR_SETUP_PATH } from '$lib/server/auth/second-factor/paths';
import { secondFactorStatus, verifySecondFactor } from '$lib/server/auth/second-factor/service';
import { parseForm } from '$lib/server/http/form';
import { allowGuest } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

/** The sign-in's second step. Only for a signed-in session that still owes it. */
function pendingActor(event: { locals: App.Locals; url: URL }) {
	const actor = allowGuest(event);
	const next = safeNext(event.url.searchParams.get('next'));
	if (!actor) redirect(303, '/anmelden');
	if (actor.secondFactorPending === 'setup')
		redirect(303, `${SECOND_FACTOR_SETUP_PATH}?next=${encodeURIComponent(next)}`);
	if (!actor.secondFactorPending) redirect(303, next);
	return actor;
}

export const load: PageServerLoad = async (event) => {
	allowGuest(event);
	const actor = pendingActor(event);
	const { passkeys } = await secondFactorStatus(actor.accountId);
	return { next: safeNext(event.url.searchParams.get('next')), hasPasskey: passkeys > 0 };
};

export const actions: Actions = {
	default: async (event) => {
		allowGuest(event);
		const actor = pendingActor(event);
		const form = parseForm(SecondFactorCodeForm, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, retryAfterMinutes: null });
		const result = await verifySecondFactor(actor, form.data.code);
		if (!result.ok) {
			if (result.retryAfterSeconds)
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(result.status, {
				errors: result.errors,
				retryAfterMinutes: result.retryAfterSeconds
					? Math.ceil(result.retryAfterSeconds / 60)
					: null
			});
		}
		redirect(303, safeNext(form.data.next));
	}
};
