import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../../../src/lib/server/demo/logins';
import { DEMO_TOTP_SECRETS } from '../../../src/lib/server/demo/second-factor';

// The demo accounts and their password, as the server seeds them with DEMO_DATA=1.
export * from '../../../src/lib/server/demo/logins';
export * from '../../../src/lib/server/demo/second-factor';

/** The TOTP code of a base32 key for the 30-second step `offset` steps from now. */
export function totpCode(secret: string, offset = 0) {
	const step = Math.floor(Date.now() / 30_000) + offset;
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
}

/** The demo key of an account by e-mail, or undefined. */
export function demoTotpSecret(email: string) {
	const login = DEMO_LOGINS.find((l) => l.email === email.toLowerCase());
	return login ? DEMO_TOTP_SECRETS[login.key] : undefined;
}

/**
 * On the second sign-in step (/anmelden/zweiter-faktor), enters the demo account's current code.
 * The server takes each 30-second code once per account, and tests sign in with the same account
 * in parallel: after the current code it tries the next one (the server allows one step of drift),
 * then waits for the next step.
 */
export async function passSecondFactor(page: Page, email: string) {
	// First the password step has to be done: argon2 on a busy machine takes a moment.
	await expect(page).not.toHaveURL(/\/anmelden(\?|$)/, { timeout: 15_000 });
	if (!new URL(page.url()).pathname.startsWith('/anmelden/zweiter-faktor')) return;
	const secret = demoTotpSecret(email);
	if (!secret) throw new Error(`No demo TOTP key for ${email}`);
	const url = page.url();
	for (let attempt = 0; attempt < 5; attempt++) {
		if (attempt === 2) {
			// Both codes of this step were taken: wait for the next step.
			test.info().setTimeout(test.info().timeout + 35_000);
			await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 200);
		}
		// A fresh page each time: no error message left over from an earlier try.
		await page.goto(url);
		if (!new URL(page.url()).pathname.startsWith('/anmelden/zweiter-faktor')) return;
		await page.getByLabel('Code', { exact: true }).fill(totpCode(secret, attempt % 2));
		await Promise.all([
			page.waitForResponse(
				(r) => r.request().method() === 'POST' && r.url().includes('/anmelden/zweiter-faktor')
			),
			page.getByRole('button', { name: /^(Bestätigen|Confirm)$/ }).click()
		]);
		const handle = await page.waitForFunction(
			() =>
				!location.pathname.startsWith('/anmelden/zweiter-faktor')
					? 'passed'
					: document.querySelector('[aria-invalid="true"], [role="alert"]')
						? 'refused'
						: null,
			undefined,
			{ timeout: 15_000 }
		);
		if ((await handle.jsonValue()) === 'passed') return;
	}
	throw new Error(`Second factor refused for ${email}`);
}

/**
 * Signs in through the form at /anmelden (and the second step, for accounts with a demo TOTP key)
 * and waits until the app has left the login pages.
 */
export async function signIn(page: Page, email: string, password: string) {
	await page.goto('/anmelden');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	// Generous: a full page load after argon2 on a busy 2-core CI machine.
	await expect(page).not.toHaveURL(/\/anmelden(\?|$)/, { timeout: 15_000 });
	// Staff and district accounts: the second step with the demo key's current code.
	await passSecondFactor(page, email);
	await expect(page).not.toHaveURL(/\/anmelden\//);
}
