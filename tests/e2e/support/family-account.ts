// New family accounts for browser tests that change a family's data: the office prints parent
// letters at /sekretariat/elternbriefe for guardians of a class who have no account yet, and each
// guardian redeems her letter at /einladung on her phone. All e2e tests share one demo database, so
// tests that take letters of the same class take them from different ends of the list: one test
// takes the first rows, another the last (`fromEnd`); they never get the same guardian, whichever
// prints first, and the last rows stay the same guardians whenever the first ones are taken.
import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_LETTER_GUARDIAN } from '../../../src/lib/server/demo/newcomers';
import { letterCodesIn } from '../../helpers/pdf-text';
import { DEMO_PASSWORD, demoLogin, signIn } from './login';

/** Another phone, for a second person (or the same one without JavaScript). */
export function phoneContext(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
	return browser.newContext({
		baseURL: test.info().project.use.baseURL,
		viewport: { width: 390, height: 844 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true,
		userAgent: test.info().project.use.userAgent,
		locale: 'de-DE',
		timezoneId: 'Europe/Berlin',
		...options
	});
}

/** A desk at school: a desktop browser (1280 × 800) with its own cookies. */
export async function deskPage(browser: Browser) {
	const context = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		viewport: { width: 1280, height: 800 },
		locale: 'de-DE',
		timezoneId: 'Europe/Berlin'
	});
	return { context, page: await context.newPage() };
}

/**
 * The office (secretaryLetters) prints letters for `count` guardians of `className` who have none
 * yet (the first such rows, or the last with `fromEnd`), leaving out the demo's own letter
 * guardian; returns the letters' codes in row order.
 */
export async function printClassLetters(
	browser: Browser,
	{ className, count, fromEnd = false }: { className: string; count: number; fromEnd?: boolean }
): Promise<string[]> {
	const office = await deskPage(browser);
	await signIn(office.page, demoLogin('secretaryLetters').email, DEMO_PASSWORD);
	await office.page.goto('/sekretariat/elternbriefe');
	const rows = office.page
		.getByRole('row')
		.filter({ hasText: `(${className})` })
		.filter({ hasText: 'noch kein Brief' })
		.filter({ hasNotText: DEMO_LETTER_GUARDIAN.familyName });
	await expect(rows.nth(count - 1)).toBeVisible();
	const first = fromEnd ? (await rows.count()) - count : 0;
	for (let i = first; i < first + count; i++)
		await rows.nth(i).locator('input[type="checkbox"]').check();
	const [download] = await Promise.all([
		office.page.waitForEvent('download'),
		office.page.getByRole('button', { name: 'Briefe für Ausgewählte' }).click()
	]);
	const codes = await letterCodesIn(new Uint8Array(await readFile((await download.path())!)));
	expect(codes).toHaveLength(count);
	await office.context.close();
	return codes;
}

/** The guardian redeems her letter's code and opens her account; she is signed in afterwards. */
export async function openFamilyAccount(page: Page, code: string, email: string, password: string) {
	await page.goto(`/einladung?code=${code}`);
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Neues Passwort').fill(password);
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	// argon2 hashes the new password: slow on a busy machine.
	await expect(page).toHaveURL(/\/konto\/kinder\?eingeloest=1$/, { timeout: 20_000 });
}
