// Forgotten password: the code comes by mail (here: the development outbox, since the e2e server
// has no SMTP_URL; the SMTP path is tested in src/lib/server/mail/transport.test.ts).
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, passSecondFactor } from './support/login';

test('a forgotten password is reset with the code from the mail', async ({ page }) => {
	const person =
		test.info().project.name === 'phone'
			? demoLogin('companyContact')
			: demoLogin('secretaryLindenau');
	const newPassword = `Neues Passwort für ${test.info().project.name} 2026`;

	await page.goto('/anmelden');
	await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
	await expectNoSeriousA11yViolations(page);
	await page.getByLabel('E-Mail-Adresse').fill(person.email);
	await page.getByRole('button', { name: 'Code anfordern' }).click();
	await expect(page).toHaveURL(/\/passwort-zuruecksetzen/);
	await expect(page.getByText('Wenn es zu dieser Adresse ein Konto gibt')).toBeVisible();
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(person.email);

	// The mail job runs in the background worker: wait for it in the outbox.
	const outbox = await page.context().newPage();
	let code = '';
	await expect(async () => {
		await outbox.goto('/entwicklung/postausgang');
		const mail = outbox
			.locator('article')
			.filter({ hasText: person.email })
			.filter({ hasText: 'Zurücksetzen des Passworts' })
			.first();
		const text = await mail.innerText({ timeout: 1000 });
		code = /\b(\d{8})\b/.exec(text)?.[1] ?? '';
		expect(code).toMatch(/^\d{8}$/);
	}).toPass({ timeout: 15_000 });
	await outbox.close();

	// A too-short password is refused next to the field; the e-mail stays.
	await page.getByLabel('Code aus der E-Mail').fill(code);
	await page.getByLabel('Neues Passwort').fill('zu kurz');
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page.getByText('Das Passwort muss mindestens 12 Zeichen lang sein.')).toBeVisible();
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(person.email);
	await expectNoSeriousA11yViolations(page);

	await page.getByLabel('Code aus der E-Mail').fill(code);
	await page.getByLabel('Neues Passwort').fill(newPassword);
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page).toHaveURL(/\/anmelden\?passwort=neu/);
	await expect(page.getByText('Ihr Passwort wurde geändert.')).toBeVisible();

	// The old password no longer works, the new one does.
	await page.getByLabel('E-Mail-Adresse').fill(person.email);
	await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	await expect(page.getByText('E-Mail-Adresse oder Passwort stimmen nicht.')).toBeVisible();
	await page.getByLabel('Passwort', { exact: true }).fill(newPassword);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	await passSecondFactor(page, person.email);
	await expect(page).toHaveURL(/\/start$/);
});
