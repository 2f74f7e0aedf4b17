import { requireActor } from '$lib/server/http/guards';
import { myAccount } from '$lib/server/identity/account/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const account = await myAccount(actor);
	return {
		account: {
			name: `${account.givenNames} ${account.familyName}`,
			email: account.email,
			emailVerified: account.emailVerified,
			pendingEmail: account.pendingEmail,
			schoolEmail: account.schoolEmail,
			locale: account.locale,
			isStudent: account.isStudent,
			isGuardian: account.isGuardian,
			isCompanyContact: account.isCompanyContact,
			mayEditName: account.mayEditName,
			mayChangeEmail: account.mayChangeEmail
		},
		emailChanged: event.url.searchParams.get('email') === 'geaendert'
	};
};
