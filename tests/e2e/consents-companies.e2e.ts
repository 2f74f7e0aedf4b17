// Issue 3: an adult apprentice decides what her training company sees (phone); the school office
// invites a company contact and enters an apprenticeship by hand (desktop).
import { expect, test, type Browser } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';

const student = demoLogin('studentConsent');
const company = demoLogin('companyContactBakery');

/** The bakery's view of Lara: one line per kind of record, e.g. "Zahlungen: nicht freigegeben". */
async function companySees(browser: Browser) {
	const context = await browser.newContext({
		...test.info().project.use,
		baseURL: test.info().project.use.baseURL
	});
	const page = await context.newPage();
	await signIn(page, company.email, DEMO_PASSWORD);
	// The company sees its apprentices, not the school office's pages.
	expect((await page.goto('/sekretariat/betriebe'))?.status()).toBe(403);
	await page.goto('/betrieb');
	const card = page.locator('li.kern-card').filter({ hasText: 'Jansen, Lara' });
	await expect(card).toBeVisible();
	const lines = await card.locator('.visibility li').allInnerTexts();
	await expectNoSeriousA11yViolations(page);
	await context.close();
	return lines.map((l) => l.replace(/\s+/g, ' ').trim());
}

test('an adult apprentice lets her company see absences, then takes it back', async ({
	page,
	browser
}) => {
	test.skip(test.info().project.name !== 'phone', 'one run changes the shared consent');
	test.setTimeout(90_000); // four sign-ins
	await signIn(page, student.email, DEMO_PASSWORD);
	// Not a company contact, not the school office: both areas are refused.
	for (const path of ['/betrieb', '/sekretariat/betriebe'])
		expect((await page.goto(path))?.status(), path).toBe(403);
	await page.goto('/konto/einwilligungen');
	await expect(page.getByRole('heading', { name: 'Einwilligungen' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// Her former guardian and her company are listed; nothing is shared yet.
	const father = page.getByRole('group', { name: /Thomas Jansen/ });
	const bakery = page.getByRole('group', { name: /Bäckerei Sonnenschein/ });
	await expect(father).toBeVisible();
	await expect(bakery.getByLabel('Fehlzeiten und Krankmeldungen')).not.toBeChecked();
	expect(await companySees(browser)).toEqual([
		'Fehlzeiten und Krankmeldungen: nicht freigegeben',
		'Zahlungen: nicht freigegeben',
		'Bescheinigungen: nicht freigegeben'
	]);

	await bakery.getByLabel('Fehlzeiten und Krankmeldungen').check();
	const bakeryCard = page.locator('li.kern-card').filter({ has: bakery });
	await bakeryCard.getByRole('button', { name: 'Speichern' }).click();
	await expect(bakeryCard.getByRole('status')).toHaveText('Gespeichert.');
	expect(await companySees(browser)).toEqual([
		'Fehlzeiten und Krankmeldungen: sichtbar',
		'Zahlungen: nicht freigegeben',
		'Bescheinigungen: nicht freigegeben'
	]);

	// Revocable at any time; after a reload the page shows what is stored.
	await page.reload();
	await expect(bakery.getByLabel('Fehlzeiten und Krankmeldungen')).toBeChecked();
	await bakery.getByLabel('Fehlzeiten und Krankmeldungen').uncheck();
	await bakeryCard.getByRole('button', { name: 'Speichern' }).click();
	await expect(bakeryCard.getByRole('status')).toHaveText('Gespeichert.');
	expect((await companySees(browser))[0]).toBe('Fehlzeiten und Krankmeldungen: nicht freigegeben');
});

test('the school office invites a company contact and enters an apprenticeship', async ({
	page
}) => {
	test.skip(test.info().project.name !== 'desktop', 'one run invites the contact');
	test.setTimeout(90_000); // two-step sign-in, several saves
	const secretary = demoLogin('secretaryCompanies');
	await signIn(page, secretary.email, DEMO_PASSWORD);
	await page.goto('/sekretariat');
	await page.getByRole('link', { name: 'Ausbildungsbetriebe und Ausbildungen' }).click();
	await expect(page.getByRole('heading', { name: 'Ausbildungsbetriebe', level: 1 })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Bäckerei Sonnenschein' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// A bad address is refused next to the field; the names stay.
	await page
		.getByLabel('Betrieb', { exact: true })
		.first()
		.selectOption({ label: 'Bäckerei Sonnenschein' });
	await page.getByLabel('Vorname').fill('Moritz');
	await page.getByLabel('Nachname').fill('Sonnenschein');
	await page.getByLabel('E-Mail-Adresse').fill('moritz@');
	await page.getByRole('button', { name: 'Einladen' }).click();
	await expect(page.getByText('Bitte geben Sie eine gültige E-Mail-Adresse ein')).toBeVisible();
	await expect(page.getByLabel('Vorname')).toHaveValue('Moritz');
	await page.getByLabel('E-Mail-Adresse').fill('moritz@baeckerei-sonnenschein.example');
	await page.getByRole('button', { name: 'Einladen' }).click();
	await expect(
		page.getByText('Einladung an moritz@baeckerei-sonnenschein.example verschickt.')
	).toBeVisible();
	await expect(
		page.getByRole('row', { name: /Bäckerei Sonnenschein/ }).getByText(/Moritz Sonnenschein/)
	).toBeVisible();

	// The invitation mail tells him where to activate the access.
	const outbox = await page.context().newPage();
	await expect(async () => {
		await outbox.goto('/entwicklung/postausgang');
		await expect(
			outbox
				.locator('article')
				.filter({ hasText: 'moritz@baeckerei-sonnenschein.example' })
				.filter({ hasText: '/konto-aktivieren' })
		).toHaveCount(1, { timeout: 1000 });
	}).toPass({ timeout: 15_000 });
	await outbox.close();

	// An apprenticeship by hand: find the student, name a new company, a start date.
	await page.getByLabel('Name oder ASV-Nummer').fill('Lara Jansen');
	await page.getByRole('button', { name: 'Suchen' }).click();
	await page.getByRole('link', { name: 'Jansen, Lara' }).click();
	await expect(page.getByRole('heading', { name: 'Ausbildung von Jansen, Lara' })).toBeVisible();
	await page.getByLabel('Name des neuen Betriebs').fill('Malerbetrieb Farbenfroh');
	await page.getByLabel('Beginn').fill('2026-12-01');
	await page.getByLabel('Ende (falls bekannt)').fill('2026-11-01');
	await page.getByRole('button', { name: 'Ausbildung speichern' }).click();
	await expect(page.getByText('Das Ende liegt vor dem Beginn.')).toBeVisible();
	await expect(page.getByLabel('Name des neuen Betriebs')).toHaveValue('Malerbetrieb Farbenfroh');
	await page.getByLabel('Ende (falls bekannt)').fill('');
	await page.getByRole('button', { name: 'Ausbildung speichern' }).click();
	await expect(page.getByText('Die Ausbildung ist eingetragen.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
});
