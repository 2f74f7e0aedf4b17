// Sick notes on a phone (issue 4, first slice): a guardian reports a minor sick in three taps and a
// review and finds the case in "Meine Anliegen"; an adult student reports for themself; a guardian
// of an adult gets no form for him, and a forged post is refused. The accounts' other tests only
// read, but their language may be switched meanwhile: the steps are found by structure, not text.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ADULT_WARD } from '../../src/lib/server/demo/newcomers';
import { demoId } from '../../src/lib/server/demo/random';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';
import { today } from './support/days';
import { shots } from './support/shots';

test.beforeEach(() => {
	test.skip(test.info().project.name !== 'phone', 'adds cases to demo accounts: one project only');
});

const reviewButton = (page: Page) => page.locator('form[action="?/review"] button[type="submit"]');
const sendButton = (page: Page) =>
	page.locator('form[action="?/send"] button[type="submit"]:not([formaction])');

/** From the "Gesendet" page to "Meine Anliegen": the reference number is listed there. */
async function expectSentAndListed(page: Page, { axe = true } = {}) {
	await expect(page).toHaveURL(/\/anliegen\/krankmeldung\/gesendet\?az=/);
	const reference = (await page.getByTestId('reference').innerText()).trim();
	expect(reference).toMatch(/^S360-\d{4}-\d{6}$/);
	// axe runs in the page: not with JavaScript off (the same pages are checked with it on).
	if (axe) await expectNoSeriousA11yViolations(page);
	return reference;
}

test('a guardian reports a minor sick and sees it in "Meine Anliegen"', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, demoLogin('guardian').email, DEMO_PASSWORD);
	await page.goto('/start');
	await shots(page, 'start');
	// Tap 1: the tile. Tap 2: which child (she has two).
	await page.locator('a[href="/anliegen/krankmeldung"]').click();
	await expect(page.locator('input[name="fuer"]')).toHaveCount(2);
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'step1-who');
	await page.getByLabel(/Emre/).check();
	await page.locator('form[action="/anliegen/krankmeldung"] button[type="submit"]').click();
	await expect(page).toHaveURL(/\?fuer=/);

	// The first day is today by default; a last day before it is answered next to the field and
	// the input stays.
	await expect(page.locator('#field-firstDay')).toHaveValue(today());
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'step2-when');
	await page.locator('#field-lastDay').fill('2000-01-01');
	await page.locator('#field-note').fill('Bitte die Hausaufgaben an Emres Banknachbarn geben.');
	await reviewButton(page).click();
	await expect(page.locator('#field-lastDay-error')).toBeVisible();
	await expect(page.locator('#field-lastDay')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#field-note')).toHaveValue(
		'Bitte die Hausaufgaben an Emres Banknachbarn geben.'
	);
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'step2-error');
	await page.locator('#field-lastUnknown').check();

	// Tap 3: review, then send.
	await reviewButton(page).click();
	await expect(sendButton(page)).toBeVisible();
	await expect(page.locator('dl')).toContainText('Emre');
	await expect(page.locator('dl')).toContainText('Hausaufgaben');
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'step3-review');
	await sendButton(page).click();
	const reference = await expectSentAndListed(page);
	await shots(page, 'sent');

	await page.locator('a[href="/anliegen"]').last().click();
	await expect(page).toHaveURL(/\/anliegen$/);
	await expect(page.locator('main')).toContainText(reference);
	await shots(page, 'cases');
});

test('an adult student reports some lessons of today for himself', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, demoLogin('student').email, DEMO_PASSWORD);
	await page.goto('/anliegen/krankmeldung');
	// Only himself: no choice to make.
	await expect(page.locator('input[name="fuer"]')).toHaveCount(0);
	await page.locator('#extent-lessons').check();
	await page.locator('#field-lessonFrom').fill('3');
	await page.locator('#field-lessonTo').fill('4');
	await reviewButton(page).click();
	await expect(sendButton(page)).toBeVisible();
	await expect(page.locator('dl')).toContainText('Jonas Weber');
	await sendButton(page).click();
	const reference = await expectSentAndListed(page);
	await page.goto('/anliegen');
	await expect(page.locator('main')).toContainText(reference);
});

test('a guardian of an adult gets no form, and a forged report is refused', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, demoLogin('guardianOfAdult').email, DEMO_PASSWORD);
	await page.goto('/start');
	await expect(page.locator('a[href="/anliegen/krankmeldung"]')).toHaveCount(0);

	const adultSon = demoId(`person:${DEMO_ADULT_WARD.key}`);
	await page.goto(`/anliegen/krankmeldung?fuer=${adultSon}`);
	await expect(page.locator('input[name="fuer"], form[action="?/review"]')).toHaveCount(0);
	await expect(page.locator('.kern-alert')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'nobody');

	const origin = new URL(page.url()).origin;
	const form = {
		student: adultSon,
		firstDay: today(),
		lastDay: today(),
		extent: 'days',
		clientId: `forged-${Date.now()}`
	};
	for (const action of ['review', 'send']) {
		const post = await page.request.post(`/anliegen/krankmeldung?/${action}`, {
			form,
			headers: { origin },
			maxRedirects: 0
		});
		expect(post.status(), action).toBe(404);
	}
	await page.goto('/anliegen');
	await expect(page.locator('main')).not.toContainText('S360-');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the form still reports, and "Ändern" keeps the input', async ({ page }) => {
		test.setTimeout(90_000);
		await signIn(page, demoLogin('guardian').email, DEMO_PASSWORD);
		await page.goto('/anliegen/krankmeldung');
		await page.getByLabel(/Elif/).check();
		await page.locator('form[action="/anliegen/krankmeldung"] button[type="submit"]').click();
		await page.locator('#field-note').fill('Ohne Skript gesendet.');
		await reviewButton(page).click();
		await page.locator('form[action="?/send"] button[formaction="?/edit"]').click();
		await expect(page.locator('#field-note')).toHaveValue('Ohne Skript gesendet.');
		await expect(page.locator('#field-firstDay')).toHaveValue(today());
		await reviewButton(page).click();
		await expect(page.locator('dl')).toContainText('Elif');
		await sendButton(page).click();
		const reference = await expectSentAndListed(page, { axe: false });
		await page.goto('/anliegen');
		await expect(page.locator('main')).toContainText(reference);
	});
});
