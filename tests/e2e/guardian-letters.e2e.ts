// The school office prints invitation letters (one PDF); the guardian opens the letter's link on a
// phone, creates an account and sees both children, at two schools. The code exists only in the
// PDF, so the test reads it from the downloaded file.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { DEMO_LETTER_CHILDREN, DEMO_LETTER_GUARDIAN } from '../../src/lib/server/demo/newcomers';
import { letterCodesIn } from '../helpers/pdf-text';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';

async function shoot(page: Page, name: string) {
	const dir = process.env.SHOTS_DIR;
	if (!dir) return;
	const size = page.viewportSize()!;
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: `${dir}/${name}-390.png`, fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.screenshot({ path: `${dir}/${name}-1280.png`, fullPage: true });
	await page.setViewportSize(size);
}

test('a guardian redeems a letter code on the phone and sees two children at two schools', async ({
	page,
	browser
}) => {
	// The letter family is redeemed once: the phone run does it.
	test.skip(test.info().project.name !== 'phone', 'redeems the demo letter once');
	test.setTimeout(120_000);
	const guardianName = `${DEMO_LETTER_GUARDIAN.givenNames} ${DEMO_LETTER_GUARDIAN.familyName}`;
	const [paul, lena] = DEMO_LETTER_CHILDREN;

	// The secretary, at her desk.
	const desk = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		viewport: { width: 1280, height: 800 },
		locale: 'de-DE',
		timezoneId: 'Europe/Berlin'
	});
	const office = await desk.newPage();
	const secretary = demoLogin('secretaryLetters');
	await signIn(office, secretary.email, DEMO_PASSWORD);
	await office.goto('/sekretariat');
	await office.getByRole('link', { name: 'Elternbriefe drucken' }).click();
	await expect(office.getByRole('heading', { name: 'Elternbriefe' })).toBeVisible();
	const row = office.getByRole('row').filter({ hasText: guardianName });
	await expect(row).toContainText(`${paul.givenNames} ${paul.familyName} (${paul.className})`);
	await expect(row).toContainText('noch kein Brief');
	await expectNoSeriousA11yViolations(office);
	await shoot(office, 'letters');

	await office.getByLabel(`${guardianName} auswählen`).check();
	const [download] = await Promise.all([
		office.waitForEvent('download'),
		office.getByRole('button', { name: 'Briefe für Ausgewählte' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^elternbriefe-\d{4}-\d{2}-\d{2}\.pdf$/);
	const pdf = new Uint8Array(await readFile((await download.path())!));
	expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
	const [code] = await letterCodesIn(pdf);
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	await office.reload();
	await expect(office.getByRole('row').filter({ hasText: guardianName })).toContainText(
		'gültig bis'
	);
	await desk.close();

	// The guardian, on her phone: a mistyped code first, then the QR link.
	await page.goto('/einladung');
	await expect(page.getByRole('heading', { name: 'Brief der Schule einlösen' })).toBeVisible();
	await page.getByLabel('Code aus dem Brief').fill('AAAA-BBBB-CCCC');
	await page.getByRole('button', { name: 'Code prüfen' }).click();
	await expect(page.getByText('Diesen Code kennen wir nicht.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'invitation-code');

	await page.goto(`/einladung?code=${code}`);
	await expect(
		page.getByText('Der Brief kommt von dieser Schule: Gewerbliche Schule Seeburg.')
	).toBeVisible();
	await expect(page.getByText(`${paul.givenNames} ${paul.familyName}`)).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'invitation-choose');

	await page.getByLabel('E-Mail-Adresse').fill(DEMO_LETTER_GUARDIAN.contactEmail);
	await page.getByLabel('Neues Passwort').fill('Kinder-Schule-Seeburg-2026');
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	await expect(page).toHaveURL(/\/konto\/kinder\?eingeloest=1$/, { timeout: 15_000 });
	await expect(page.getByText('Fertig! Der Code ist eingelöst.')).toBeVisible();
	for (const child of [paul, lena]) {
		const card = page
			.getByRole('listitem')
			.filter({ hasText: `${child.givenNames} ${child.familyName}` });
		await expect(card).toContainText(child.schoolName);
		await expect(card).toContainText(child.className);
		await expect(card).toContainText('volljährig ab');
	}
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'children');

	// The start page lists them too; the letter cannot be used again.
	await page.goto('/start');
	await expect(page.getByRole('heading', { name: 'Meine Kinder' })).toBeVisible();
	await expect(page.getByText(`${lena.givenNames} ${lena.familyName}`)).toBeVisible();
	await shoot(page, 'start-guardian');
	await page.goto(`/einladung?code=${code}`);
	await expect(page.getByText('Dieser Code wurde schon eingelöst.')).toBeVisible();
});
