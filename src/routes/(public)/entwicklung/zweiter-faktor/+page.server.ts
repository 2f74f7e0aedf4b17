import { inArray, eq } from 'drizzle-orm';
import { totpCredentials } from '$lib/server/auth/schema';
import { currentStep, TOTP_PERIOD_SECONDS, totpAt } from '$lib/server/auth/second-factor/totp';
import { now } from '$lib/server/clock';
import { db } from '$lib/server/db';
import { DEMO_LOGINS } from '$lib/server/demo/logins';
import { requireDevTools } from '$lib/server/http/guards';
import { accounts } from '$lib/server/identity/schema';
import type { PageServerLoad } from './$types';

/** The demo accounts' current TOTP codes, read from their stored keys (development only). */
export const load: PageServerLoad = async (event) => {
	requireDevTools(event);
	const rows = await db()
		.select({ email: accounts.email, secret: totpCredentials.secret })
		.from(totpCredentials)
		.innerJoin(accounts, eq(accounts.id, totpCredentials.accountId))
		.where(
			inArray(
				accounts.email,
				DEMO_LOGINS.map((l) => l.email)
			)
		);
	const at = now();
	const step = currentStep(at);
	const secondsLeft = TOTP_PERIOD_SECONDS - (Math.floor(at.getTime() / 1000) % TOTP_PERIOD_SECONDS);
	const codes = DEMO_LOGINS.flatMap((login) => {
		const row = rows.find((r) => r.email === login.email);
		return row
			? [
					{
						label: login.label,
						email: login.email,
						code: totpAt(row.secret, step),
						next: totpAt(row.secret, step + 1)
					}
				]
			: [];
	});
	return { codes, secondsLeft };
};
