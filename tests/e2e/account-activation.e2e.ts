// A student activates the account for the school e-mail from the roster: code by mail (the
// development outbox here), password, signed in. Unknown addresses get the same answer.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACTIVATION_STUDENT } from '../../src/lib/server/demo/newcomers';
import { expectNoSeriousA11yViolations } from './support/axe';

const NEUTRAL = 'Wenn die Adresse bei einer Schule hinterlegt ist, haben wir einen Code geschickt';

/** Screenshots for a human look (set SHOTS_DIR): phone width, then desktop width. */
async function shoot(page: Page, name: string) {
	const dir = process.env.SHOTS_DIR;
	if (!dir) return;
	const size = page.viewportSize()!;
	await page.screenshot({ path: `${dir}/${name}-390.png`, fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.screenshot({ path: `${dir}/${name}-1280.png`, fullPage: true });
	await page.setViewportSize(size);
}

test('a student activates the account with the school e-mail', async ({ page }) => {
	// One student, one activation: the phone run does it (the data stays changed).
	test.skip(test.info().project.name !== 'phone', 'activates the demo student once');
	const student = DEMO_ACTIVATION_STUDENT;

	await page.goto('/');
	await page.getByRole('link', { name: 'Konto aktivieren' }).click();
	await expect(page).toHaveURL(/\/konto-aktivieren$/);
	await expect(page.getByRole('heading', { name: 'Konto aktivieren' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'activation-step1');

	// An address no school knows: the same answer, and no mail.
	await page.getByLabel('E-Mail-Adresse').fill('niemand-hier@gmx.example');
	await page.getByRole('button', { name: 'Code schicken' }).click();
	await expect(page.getByText(NEUTRAL)).toBeVisible();
	const unknownPage = (await page.locator('main').innerText()).replace(
		'niemand-hier@gmx.example',
		'X'
	);

	await page.goto('/konto-aktivieren');
	await page.getByLabel('E-Mail-Adresse').fill(student.schoolEmail);
	await page.getByRole('button', { name: 'Code schicken' }).click();
	await expect(page.getByText(NEUTRAL)).toBeVisible();
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(student.schoolEmail);
	expect((await page.locator('main').innerText()).replace(student.schoolEmail, 'X')).toBe(
		unknownPage
	);
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'activation-step2');

	const outbox = await page.context().newPage();
	let code = '';
	await expect(async () => {
		await outbox.goto('/entwicklung/postausgang');
		const mail = outbox
			.locator('article')
			.filter({ hasText: student.schoolEmail })
			.filter({ hasText: 'Ihr Code zum Aktivieren des Kontos' })
			.first();
		code = /\b(\d{8})\b/.exec(await mail.innerText({ timeout: 1000 }))?.[1] ?? '';
		expect(code).toMatch(/^\d{8}$/);
	}).toPass({ timeout: 15_000 });
	const unknownMails = await outbox
		.locator('article')
		.filter({ hasText: 'niemand-hier@gmx.example' })
		.count();
	expect(unknownMails).toBe(0);
	await outbox.close();

	// A wrong code: the error next to the field, the address stays.
	await page.getByLabel('Code aus der E-Mail').fill(code === '12345678' ? '87654321' : '12345678');
	await page.getByLabel('Neues Passwort').fill('Mein-neues-Schulpasswort-2026');
	await page.getByRole('button', { name: 'Konto aktivieren' }).click();
	await expect(page.getByText('Der Code stimmt nicht')).toBeVisible();
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(student.schoolEmail);

	await page.getByLabel('Code aus der E-Mail').fill(code);
	await page.getByLabel('Neues Passwort').fill('Mein-neues-Schulpasswort-2026');
	await page.getByRole('button', { name: 'Konto aktivieren' }).click();
	await expect(page).toHaveURL(/\/start$/, { timeout: 15_000 });
	await expect(page.getByRole('heading', { level: 1 })).toContainText(student.givenNames);
	await expectNoSeriousA11yViolations(page);
});
