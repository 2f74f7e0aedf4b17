// The foundation's errand: a student signs in on a phone, uses the app in German and English,
// looks at their sessions and signs out; wrong passwords and too many tries are answered clearly.
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, passSecondFactor, type DemoLoginKey } from './support/login';

// Each project (phone, desktop) uses its own accounts: the server and its data are shared.
const account = (phone: DemoLoginKey, desktop: DemoLoginKey) =>
	test.info().project.name === 'phone' ? demoLogin(phone) : demoLogin(desktop);

async function fillSignIn(page: Page, email: string, password: string) {
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	// Wait for the server's answer: each try must count before the next one is sent.
	await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/anmelden')),
		page.getByRole('button', { name: 'Anmelden', exact: true }).click()
	]);
	await page.waitForLoadState();
}

test('a student signs in, switches to English, sees the sessions and signs out', async ({
	page
}) => {
	const student = account('student', 'studentMinor');
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Schule 360°');
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('link', { name: 'Anmelden' }).first().click();
	await expect(page).toHaveURL(/\/anmelden/);
	await expectNoSeriousA11yViolations(page);

	await fillSignIn(page, student.email, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/start$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`Hallo ${student.givenNames} ${student.familyName}!`
	);
	await expect(
		page.getByText('Hier sehen Sie, wie weit Ihre Anliegen bei der Schule sind')
	).toBeVisible();
	await expect(page.getByRole('link', { name: /Meine Anliegen/ })).toBeVisible();
	// Students have no staff or district areas.
	await expect(page.getByRole('link', { name: /Sekretariat|Landratsamt/ })).toHaveCount(0);
	await expectNoSeriousA11yViolations(page);

	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`Hello ${student.givenNames} ${student.familyName}!`
	);
	await expectNoSeriousA11yViolations(page);

	await page
		.getByRole('link', { name: /My sessions/ })
		.first()
		.click();
	await expect(page).toHaveURL(/\/konto\/sitzungen$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My sessions');
	await expect(page.getByText('this device')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// Back to German for the next run, then sign out.
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Sitzungen');
	await page.getByRole('button', { name: 'Abmelden' }).first().click();
	await expect(page).toHaveURL(/\/anmelden\?abgemeldet=1/);
	await expect(page.getByText('Sie haben sich abgemeldet.')).toBeVisible();
	await page.goto('/start');
	await expect(page).toHaveURL(/\/anmelden\?next=%2Fstart/);
});

test('the chosen language is remembered with the account', async ({ page, browser }) => {
	const guardian = account('guardian', 'teacher');
	await page.goto('/anmelden');
	await fillSignIn(page, guardian.email, DEMO_PASSWORD);
	await passSecondFactor(page, guardian.email);
	await expect(page).toHaveURL(/\/start$/);
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	// A new device without the language cookie gets English after signing in.
	const other = await browser.newContext({ locale: 'de-DE' });
	const second = await other.newPage();
	await second.goto(page.url().replace(/\/start$/, '/anmelden'));
	await expect(second.locator('html')).toHaveAttribute('lang', 'de');
	await fillSignIn(second, guardian.email, DEMO_PASSWORD);
	await expect(second.locator('html')).toHaveAttribute('lang', 'en');
	await second.getByRole('button', { name: 'Deutsch' }).click();
	await expect(second.locator('html')).toHaveAttribute('lang', 'de');
	await other.close();
});

test('a wrong password is answered next to the field and the e-mail stays', async ({ page }) => {
	const student = account('student', 'studentMinor');
	await page.goto('/anmelden');
	await fillSignIn(page, student.email, 'falsches-passwort-123');
	const password = page.getByLabel('Passwort', { exact: true });
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	const errorId = (await password.getAttribute('aria-describedby'))!;
	await expect(page.locator(`#${errorId}`)).toHaveText(
		'E-Mail-Adresse oder Passwort stimmen nicht.'
	);
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(student.email);
	await expect(password).toHaveValue('');
	await expectNoSeriousA11yViolations(page);
});

test('an invalid e-mail is answered next to the field without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${test.info().project.use.baseURL}/anmelden`);
	await page.getByLabel('E-Mail-Adresse').fill('kein-at-zeichen');
	await page.getByLabel('Passwort', { exact: true }).fill('irgendwas');
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	await expect(page.getByText('Bitte geben Sie eine gültige E-Mail-Adresse ein')).toBeVisible();
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue('kein-at-zeichen');
	await context.close();
});

test('the 11th wrong try within the window answers with the wait message', async ({ page }) => {
	const target = account('socialWorker', 'companyContactSeewerk');
	await page.goto('/anmelden');
	for (let i = 1; i <= 10; i++) {
		await fillSignIn(page, target.email, `falsch-${i}-aber-lang-genug`);
		await expect(page.getByText('E-Mail-Adresse oder Passwort stimmen nicht.')).toBeVisible();
	}
	// Even the right password is refused now, with the same wait message.
	await fillSignIn(page, target.email, DEMO_PASSWORD);
	await expect(page.getByRole('alert')).toContainText(
		'Zu viele Anmeldeversuche. Bitte warten Sie 15 Minuten'
	);
	await expect(page).toHaveURL(/\/anmelden/);
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(target.email);
});
