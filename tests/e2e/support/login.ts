import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

const STEP_DIR = path.resolve(process.env.E2E_REPORT_DIR ?? 'tests/.tmp', 'totp-steps');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The server takes each account's codes once and in order (a step must be newer than the last one
 * used, and a refused code counts as a failed try), while the two Playwright workers may sign in
 * with the same account at once. So a sign-in holds a small lock directory per account while it
 * picks a step newer than the last one used (now, or the next: the server allows one step of
 * drift, waiting if need be) and sends its code.
 */
async function withAccountLock<T>(key: string, run: (lastStep: number) => Promise<T>) {
	mkdirSync(STEP_DIR, { recursive: true });
	const lock = path.join(STEP_DIR, `${key}.lock`);
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			// A lock left by a crashed worker is stale after a while.
			try {
				if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true });
			} catch {
				// gone meanwhile
			}
			await sleep(100);
		}
	}
	try {
		const file = path.join(STEP_DIR, `${key}.step`);
		return await run(existsSync(file) ? Number(readFileSync(file, 'utf8')) : -1);
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** On the second sign-in step (/anmelden/zweiter-faktor), enters a fresh code of the demo key. */
export async function passSecondFactor(page: Page, email: string) {
	// First the password step has to be done: argon2 on a busy machine takes a moment.
	await expect(page).not.toHaveURL(/\/anmelden(\?|$)/, { timeout: 15_000 });
	if (!new URL(page.url()).pathname.startsWith('/anmelden/zweiter-faktor')) return;
	const secret = demoTotpSecret(email);
	if (!secret) throw new Error(`No demo TOTP key for ${email}`);
	const key = email.toLowerCase();
	const url = page.url();
	// A second try with a fresh step, should a busy machine let the first one go stale.
	for (let attempt = 0; attempt < 2; attempt++) {
		const passed = await withAccountLock(key, async (lastStep) => {
			test.info().setTimeout(test.info().timeout + 35_000);
			const step = Math.max(Math.floor(Date.now() / 30_000), lastStep + 1);
			// More than one step ahead of the clock: wait until the server takes it.
			const waitMs = (step - 1) * 30_000 - Date.now() + 500;
			if (waitMs > 0) await page.waitForTimeout(waitMs);
			writeFileSync(path.join(STEP_DIR, `${key}.step`), String(step));
			if (attempt > 0) await page.goto(url);
			if (!new URL(page.url()).pathname.startsWith('/anmelden/zweiter-faktor')) return true;
			const code = generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
			await page.getByLabel('Code', { exact: true }).fill(code);
			await page.getByRole('button', { name: /^(Bestätigen|Confirm)$/ }).click();
			return page
				.waitForURL((u) => !u.pathname.startsWith('/anmelden/zweiter-faktor'), {
					timeout: 20_000
				})
				.then(
					() => true,
					() => false
				);
		});
		if (passed) return;
	}
	throw new Error(`Second factor refused for ${email}`);
}

/**
 * Signs in through the form at /anmelden (and the second step, for accounts with a demo TOTP key)
 * and waits until the app has left the login pages.
 */
export async function signIn(page: Page, email: string, password: string) {
	// A busy 2-core CI machine (argon2, two workers, a build next door) has now and then left a
	// sign-in on /anmelden past any wait; one fresh try then, and a clear error if that fails too.
	for (let attempt = 0; ; attempt++) {
		await page.goto('/anmelden');
		await page.getByLabel('E-Mail-Adresse').fill(email);
		await page.getByLabel('Passwort', { exact: true }).fill(password);
		await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
		try {
			await expect(page).not.toHaveURL(/\/anmelden(\?|$)/, { timeout: 20_000 });
			break;
		} catch (error) {
			const alert = await page.locator('.kern-alert, .kern-error').allInnerTexts();
			// An e-mail field found empty afterwards lost its input while the page hydrated (seen on a
			// loaded machine: "Bitte geben Sie Ihre E-Mail-Adresse ein."): that is worth a try too.
			const field = page.getByLabel('E-Mail-Adresse');
			const lost = (await field.inputValue({ timeout: 2000 }).catch(() => email)) === '';
			if (attempt > 0 || (alert.length > 0 && !lost))
				throw new Error(`Sign-in of ${email} stayed on /anmelden (${alert.join(' | ')})`, {
					cause: error
				});
			test.info().setTimeout(test.info().timeout + 25_000);
		}
	}
	// Staff and district accounts: the second step with the demo key's current code.
	await passSecondFactor(page, email);
	await expect(page).not.toHaveURL(/\/anmelden\//);
}
