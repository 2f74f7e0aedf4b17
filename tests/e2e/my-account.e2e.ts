// "Mein Konto" as a parent walks it on a phone: correct the name, move the sign-in to a new
// address (code from the mail, here the development outbox), sign in with it, download the data
// file. Changes one demo account that no other test uses, so it runs on the phone project only.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';

const parent = demoLogin('guardianAccount');
const newEmail = 'dirk.hartmann@post.example';

/** The newest mail to `to` whose subject contains `subject`, as text (the job worker sends it). */
async function mailText(page: Page, to: string, subject: string) {
	const outbox = await page.context().newPage();
	let text = '';
	await expect(async () => {
		await outbox.goto('/entwicklung/postausgang');
		const mail = outbox.locator('article').filter({ hasText: to }).filter({ hasText: subject });
		text = await mail.first().innerText({ timeout: 1000 });
	}).toPass({ timeout: 15_000 });
	await outbox.close();
	return text;
}

test('a parent corrects the name, changes the sign-in address and downloads the data', async ({
	page
}) => {
	test.skip(test.info().project.name !== 'phone', 'changes its demo account: one project only');
	// Many steps, three with argon2 (sign-in twice, the password check): more than the default.
	test.setTimeout(120_000);
	await signIn(page, parent.email, DEMO_PASSWORD);

	await page.goto('/konto');
	for (const heading of ['Profil', 'Sicherheit', 'Meine Kinder', 'Meine Daten'])
		await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeVisible();
	// Consents are the students' section, apprentices the companies'.
	await expect(page.getByRole('heading', { name: 'Einwilligungen' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Auszubildende' })).toHaveCount(0);
	await expectNoSeriousA11yViolations(page);

	// The name: an empty field is refused next to it, a correction is saved.
	await page.getByRole('link', { name: 'Name korrigieren' }).click();
	await expect(page).toHaveURL(/\/konto\/profil$/);
	await expect(page.getByLabel('Vorname(n)')).toHaveValue('Dirk');
	await page.getByLabel('Vorname(n)').fill('');
	await page.getByRole('button', { name: 'Name speichern' }).click();
	await expect(page.getByText('Bitte geben Sie Ihren Vornamen ein.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await page.getByLabel('Vorname(n)').fill('Dirk Michael');
	await page.getByRole('button', { name: 'Name speichern' }).click();
	await expect(page.getByText('Ihr Name wurde gespeichert.')).toBeVisible();
	await page.goto('/konto');
	await expect(page.getByText('Dirk Michael Hartmann').first()).toBeVisible();

	// The sign-in address: a wrong password first, then the code from the new mailbox.
	await page.getByRole('link', { name: 'Anmelde-Adresse ändern' }).click();
	await expect(page).toHaveURL(/\/konto\/email-aendern$/);
	await expectNoSeriousA11yViolations(page);
	await page.getByLabel('Neue E-Mail-Adresse').fill(newEmail);
	await page.getByLabel('Ihr jetziges Passwort').fill('nicht-das-richtige-1');
	await page.getByRole('button', { name: 'Code an neue Adresse senden' }).click();
	await expect(page.getByText('Das Passwort stimmt nicht.')).toBeVisible();
	await expect(page.getByLabel('Neue E-Mail-Adresse')).toHaveValue(newEmail);
	await page.getByLabel('Ihr jetziges Passwort').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Code an neue Adresse senden' }).click();
	await expect(page.getByText(`Wir haben einen Code an ${newEmail} geschickt.`)).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	const codeMail = await mailText(page, newEmail, 'Ihre neue Anmelde-Adresse bestätigen');
	const code = /\b(\d{8})\b/.exec(codeMail)?.[1] ?? '';
	expect(code).toMatch(/^\d{8}$/);
	const notice = await mailText(page, parent.email, 'Änderung Ihrer Anmelde-Adresse angefordert');
	expect(notice).toContain('d…@post.example');
	expect(notice).not.toContain(code);

	await page.getByLabel('Code aus der E-Mail').fill(code);
	await page.getByRole('button', { name: 'Neue Adresse bestätigen' }).click();
	await expect(page).toHaveURL(/\/konto\?email=geaendert$/);
	await expect(page.getByText(`Sie melden sich ab jetzt mit ${newEmail} an.`)).toBeVisible();

	// Signed out and in again: the new address is the login now.
	await page.getByRole('button', { name: 'Abmelden' }).first().click();
	await expect(page).toHaveURL(/\/anmelden/);
	await signIn(page, newEmail, DEMO_PASSWORD);

	// The data file: JSON, named by the day, with the corrected name and the new address.
	await page.goto('/konto');
	await page.getByRole('link', { name: 'Meine Daten herunterladen' }).click();
	await expect(page).toHaveURL(/\/konto\/daten$/);
	await expectNoSeriousA11yViolations(page);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Datei herunterladen (JSON)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^schule360-meine-daten-\d{4}-\d{2}-\d{2}\.json$/);
	const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
	expect(data.person).toMatchObject({ givenNames: 'Dirk Michael', familyName: 'Hartmann' });
	expect(data.account.email).toBe(newEmail);
	expect(data.guardianships.children).toHaveLength(1);
	expect(data.auditLog.map((a: { action: string }) => a.action)).toEqual(
		expect.arrayContaining(['account.name_changed', 'account.email_changed'])
	);
});
