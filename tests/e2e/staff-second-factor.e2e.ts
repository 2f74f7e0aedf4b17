// Staff administration and the second factor (issue 3, item 6), at a desk: a head of school
// registers a new teacher and gives them a class; a new teacher sets up the authenticator app on
// the first sign-in and gets the recovery codes; the district office's pages for schools and
// roles. Each data-changing test uses its own demo login (deputyHead, newTeacher).
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import {
	DEMO_PASSWORD,
	DEMO_TOTP_SECRETS,
	demoLogin,
	passSecondFactor,
	signIn,
	totpCode
} from './support/login';

test.skip(() => test.info().project.name !== 'desktop', 'Staff work at a desk');

const SHOTS = process.env.E2E_SHOTS_DIR;
/** Screenshots at phone and desktop width for a look by eye (only when E2E_SHOTS_DIR is set). */
async function shoot(page: Page, name: string) {
	if (!SHOTS) return;
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('a head of school registers a teacher and assigns a class', async ({ page }) => {
	test.slow(); // two sign-in steps, two forms, axe on a long list
	const head = demoLogin('deputyHead');
	// The second sign-in step, by hand this time, to look at the page.
	await page.goto('/anmelden');
	await page.getByLabel('E-Mail-Adresse').fill(head.email);
	await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	await expect(page).toHaveURL(/\/anmelden\/zweiter-faktor/, { timeout: 15_000 });
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zweiter Schritt der Anmeldung');
	// Until the code is entered, the staff area is closed.
	await page.goto('/schule/personal');
	await expect(page).toHaveURL(/\/anmelden\/zweiter-faktor\?next=%2Fschule%2Fpersonal/);
	await page.getByLabel('Code', { exact: true }).fill('000000');
	await page.getByRole('button', { name: 'Bestätigen' }).click();
	await expect(page.getByText('Der Code stimmt nicht oder wurde schon verwendet.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'second-factor-verify');
	await passSecondFactor(page, head.email);
	await expect(page).toHaveURL(/\/schule\/personal$/);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personal verwalten');
	await expectNoSeriousA11yViolations(page);
	const email = `nora.fuchs.${Date.now()}@gs-seeburg.schule.example`;
	await page.getByLabel('Vornamen').fill('Nora');
	await page.getByLabel('Nachname').fill('Fuchs');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	// Without a role it is refused next to the roles.
	await page.getByRole('button', { name: 'Eintragen' }).click();
	await expect(page.getByText('Bitte wählen Sie mindestens eine Rolle.')).toBeVisible();
	await expect(page.getByLabel('Nachname')).toHaveValue('Fuchs');
	await page.getByRole('checkbox', { name: 'Lehrkraft' }).check();
	await page.getByRole('button', { name: 'Eintragen' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Nora Fuchs ist eingetragen' })
	).toBeVisible();

	const card = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { name: 'Fuchs, Nora' }) });
	await expect(card).toContainText('Zugang noch nicht aktiviert');
	await card.getByText('Klasse zuordnen').click();
	await card.getByLabel('Klasse', { exact: true }).selectOption({ label: 'KFZ1' });
	await card.getByLabel('Als', { exact: true }).selectOption({ label: 'Fachlehrkraft' });
	await card.getByRole('button', { name: 'Zuordnen' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Die Klasse ist zugeordnet.' })
	).toBeVisible();
	await expect(card).toContainText('Fachlehrkraft KFZ1');
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'staff-admin');

	// The new teacher gets a mail telling them to activate the access.
	const outbox = await page.context().newPage();
	await expect(async () => {
		await outbox.goto('/entwicklung/postausgang');
		const mail = outbox.locator('article').filter({ hasText: email }).first();
		await expect(mail).toContainText('/konto-aktivieren', { timeout: 1000 });
	}).toPass({ timeout: 15_000 });
	await outbox.close();
});

test('a new teacher sets up the authenticator app, gets recovery codes, adds a passkey', async ({
	page
}) => {
	test.slow();
	const teacher = demoLogin('newTeacher');
	await signIn(page, teacher.email, DEMO_PASSWORD);
	// No factor yet: straight to the setup; nothing else opens before it is done.
	await expect(page).toHaveURL(/\/konto\/zweiter-faktor/);
	await page.goto('/sekretariat');
	await expect(page).toHaveURL(/\/konto\/zweiter-faktor\?next=%2Fsekretariat/);
	// Not only pages: a form action elsewhere is refused by the server too.
	const post = await page.request.post('/konto/sitzungen?/endOthers', {
		form: {},
		headers: { origin: new URL(page.url()).origin }
	});
	expect(post.status()).toBe(403);
	expect(await post.text()).toBe('Zweiter Faktor erforderlich');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zweiter Faktor');
	await expect(page.getByRole('img', { name: 'QR-Code für die Authenticator-App' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'second-factor-setup');

	const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	await page.getByLabel('Code aus der App').fill('123456');
	await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();
	await expect(page.getByText('Der Code stimmt nicht oder wurde schon verwendet.')).toBeVisible();
	// The same key is shown again after a wrong code.
	await expect(page.getByTestId('totp-secret')).toHaveText(/.+/);
	expect((await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '')).toBe(secret);
	await page.getByLabel('Code aus der App').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();
	await expect(page.getByText('Der zweite Faktor ist eingerichtet.')).toBeVisible();
	const codes = page.getByTestId('recovery-codes').getByRole('listitem');
	await expect(codes).toHaveCount(10);
	await expect(codes.first()).toHaveText(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
	await expectNoSeriousA11yViolations(page);
	await shoot(page, 'second-factor-codes');
	await page.getByRole('link', { name: 'Weiter' }).click();
	await expect(page).toHaveURL(/\/sekretariat$/);

	// The management view: status and the forms to renew (each needs a current code).
	await page.goto('/konto/zweiter-faktor');
	await expect(page.getByText('Unbenutzte Wiederherstellungscodes: 10.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// A passkey as well, with Chromium's virtual authenticator standing in for the device.
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true
		}
	});
	await page.getByLabel('Name des Passkeys (freiwillig)').fill('Dienst-Laptop');
	await page.getByRole('button', { name: 'Passkey hinzufügen' }).click();
	await expect(page.getByText('Der Passkey ist gespeichert.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Passkey Dienst-Laptop entfernen' })).toBeVisible();
	await shoot(page, 'second-factor-manage');

	// Next sign-in: the passkey confirms the second step instead of a code.
	await page.getByRole('button', { name: 'Abmelden' }).first().click();
	await expect(page).toHaveURL(/\/anmelden\?abgemeldet=1/);
	await page.getByLabel('E-Mail-Adresse').fill(teacher.email);
	await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	await expect(page).toHaveURL(/\/anmelden\/zweiter-faktor/, { timeout: 15_000 });
	await page.getByRole('button', { name: 'Mit Passkey bestätigen' }).click();
	await expect(page).toHaveURL(/\/start$/);
});

test('the district office manages schools and roles; the treasury may not', async ({ browser }) => {
	const adminContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
	const admin = await adminContext.newPage();
	await signIn(admin, demoLogin('districtAdmin').email, DEMO_PASSWORD);
	await admin.goto('/kreis/schulen');
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Schulen des Landkreises');
	await expect(admin.getByRole('heading', { name: 'Gewerbliche Schule Seeburg' })).toBeVisible();
	await expectNoSeriousA11yViolations(admin);
	await shoot(admin, 'district-schools');
	await admin.goto('/kreis/rollen');
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Rollen im Landratsamt');
	await expect(admin.getByRole('cell', { name: /^Claudia Fischer/ })).toBeVisible();
	await expectNoSeriousA11yViolations(admin);
	await shoot(admin, 'district-roles');
	await adminContext.close();

	const financeContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
	const finance = await financeContext.newPage();
	await signIn(finance, demoLogin('districtFinance').email, DEMO_PASSWORD);
	expect((await finance.goto('/kreis/schulen'))?.status()).toBe(403);
	expect((await finance.goto('/kreis/rollen'))?.status()).toBe(403);
	await financeContext.close();
});

test('the development page shows the demo accounts’ current codes', async ({ page }) => {
	await page.goto('/entwicklung/zweiter-faktor');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Codes der Demo-Konten');
	const row = page.getByRole('row').filter({ hasText: demoLogin('schoolAdmin').email });
	const secret = DEMO_TOTP_SECRETS.schoolAdmin!;
	// Right at a step boundary the page may be one step behind or ahead of this clock.
	const shown = (await row.locator('td').nth(1).innerText()).trim();
	expect([totpCode(secret, -1), totpCode(secret), totpCode(secret, 1)]).toContain(shown);
	await expectNoSeriousA11yViolations(page);
});
