import { expect, type Page } from '@playwright/test';

// The demo accounts and their password, as the server seeds them with DEMO_DATA=1.
export * from '../../../src/lib/server/demo/logins';

/** Signs in through the form at /anmelden and waits until the app has left the login page. */
export async function signIn(page: Page, email: string, password: string) {
	await page.goto('/anmelden');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	// Generous: a full page load after argon2 on a busy 2-core CI machine.
	await expect(page).not.toHaveURL(/\/anmelden(\?|$)/, { timeout: 15_000 });
}
