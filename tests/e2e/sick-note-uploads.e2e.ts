// The family's side of a sick note on a phone (issue 4, items 1, 4 and 9): report with a PDF
// attached; a renamed program and an 11 MB file are refused with a clear message while the rest
// of the form stays; extend the report; upload the Attest the class teacher demanded; download
// the file; another family gets 404 for the case and the file. Also the report without
// JavaScript, file included. The families are new: two guardians of TG11 get their letters from
// the office and open their accounts here, so no other test's data is touched.
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import {
	deskPage as desk,
	openFamilyAccount,
	phoneContext as phone,
	printClassLetters
} from './support/family-account';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';

test.describe.configure({ mode: 'serial' });
test.beforeEach(() => {
	test.skip(test.info().project.name !== 'phone', 'opens two family accounts: one project only');
});

const berlinDay = (offsetDays = 0) =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Berlin',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(new Date(Date.now() + offsetDays * 86_400_000));

/** With E2E_SHOTS_DIR set, full-page screenshots at phone and desktop width. */
async function shots(page: Page, name: string) {
	const dir = process.env.E2E_SHOTS_DIR;
	if (!dir) return;
	const size = page.viewportSize();
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${dir}/uploads-${name}-${width}.png`, fullPage: true });
	}
	if (size) await page.setViewportSize(size);
}

const pdf = (name: string) => ({
	name,
	mimeType: 'application/pdf',
	buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
});
/** A Windows program renamed to look like a PDF. */
const renamedExe = {
	name: 'krankschreibung.pdf',
	mimeType: 'application/pdf',
	buffer: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(512, 0x41)])
};
/** 11 MB (11,000,000 bytes): over the 10 MB limit, under the server's body limit of 11 MiB. */
const elevenMegabytes = (name: string) => {
	const buffer = Buffer.alloc(11_000_000, 0x20);
	buffer.write('%PDF-1.4\n');
	return { name, mimeType: 'application/pdf', buffer };
};
const png = {
	name: 'foto.png',
	mimeType: 'image/png',
	buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48])
};

const TYPE_REFUSED = 'Diese Datei können wir nicht annehmen.';
const TOO_LARGE = 'Die Datei ist zu groß. Erlaubt sind höchstens 10 MB.';
const password = 'Krank-Gemeldet-Seeburg-2026';
const run = Date.now().toString(36);
const families = [
	{ email: `h2-familie-a-${run}@post.example`, code: '' },
	{ email: `h2-familie-b-${run}@post.example`, code: '' }
];
let reference = '';
let fileHref = '';

/** On the "when" step: choose the child in TG11 if asked (its class teacher takes part). */
async function openReportForm(page: Page) {
	await page.goto('/anliegen/krankmeldung');
	if ((await page.locator('input[name="fuer"]').count()) > 0) {
		await page
			.locator('.kern-form-check')
			.filter({ hasText: 'TG11' })
			.first()
			.locator('input[name="fuer"]')
			.check();
		await page.locator('form[action="/anliegen/krankmeldung"] button[type="submit"]').click();
	}
	await expect(page.locator('#field-firstDay')).toBeVisible();
}
const reviewButton = (page: Page) => page.locator('form[action="?/review"] button[type="submit"]');
const sendButton = (page: Page) =>
	page.locator('form[action="?/send"] button[type="submit"]:not([formaction])');

test('the office hands two TG11 families their letters; they open accounts', async ({
	page,
	browser
}) => {
	test.setTimeout(150_000);
	// The first two TG11 rows; sick-note-journey.e2e.ts takes the last one.
	const codes = await printClassLetters(browser, { className: 'TG11', count: 2 });
	for (const [i, family] of families.entries()) {
		family.code = codes[i];
		const context = i === 0 ? null : await phone(browser);
		const tab = context ? await context.newPage() : page;
		await openFamilyAccount(tab, family.code, family.email, password);
		await context?.close();
	}
});

test('a guardian reports with a PDF; a renamed program and 11 MB are refused, the input stays', async ({
	page
}) => {
	test.setTimeout(150_000);
	await signIn(page, families[0].email, password);
	await openReportForm(page);
	const firstDay = berlinDay(-7);
	await page.locator('#field-firstDay').fill(firstDay);
	await page.locator('#field-lastDay').fill(berlinDay());
	await page.locator('#field-note').fill('Bitte Arbeitsblätter mitgeben.');

	// A program named .pdf: refused next to the file field; dates and note stay.
	await page.locator('#field-attachment').setInputFiles(renamedExe);
	await reviewButton(page).click();
	await expect(page.locator('#field-attachment-error')).toContainText(TYPE_REFUSED);
	await expect(page.locator('#field-attachment')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#field-firstDay')).toHaveValue(firstDay);
	await expect(page.locator('#field-note')).toHaveValue('Bitte Arbeitsblätter mitgeben.');
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'report-refused');

	// 11 MB: refused as soon as it is chosen (with JavaScript the file is not even sent, so that a
	// file over the server's body limit cannot cost the form); the server's own refusal of a large
	// file is walked on the case page below.
	await page.locator('#field-attachment').setInputFiles(elevenMegabytes('scan.pdf'));
	await expect(page.locator('#field-attachment-error')).toContainText(TOO_LARGE);
	await expect(page.locator('#field-attachment')).toHaveValue('');
	await expect(page.locator('#field-firstDay')).toHaveValue(firstDay);
	await expect(page.locator('#field-note')).toHaveValue('Bitte Arbeitsblätter mitgeben.');

	// A real PDF: named on the review step, sent with the report.
	await page.locator('#field-attachment').setInputFiles(pdf('Krankschreibung.pdf'));
	await reviewButton(page).click();
	await expect(sendButton(page)).toBeVisible();
	await expect(page.locator('dl')).toContainText('Krankschreibung.pdf');
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'report-review');
	await sendButton(page).click();
	await expect(page).toHaveURL(/\/anliegen\/krankmeldung\/gesendet\?az=/);
	reference = (await page.getByTestId('reference').innerText()).trim();

	// "Meine Anliegen" links to the case, which shows the file and the timeline.
	await page.goto('/anliegen');
	const item = page.getByRole('listitem').filter({ hasText: reference });
	await expect(item.locator('[data-status="submitted"]')).toBeVisible();
	await expect(item).toContainText('Zeitraum');
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'cases');
	await item.getByRole('link').click();
	await expect(page).toHaveURL(new RegExp(`/anliegen/${reference}$`));
	await expect(page.locator('[data-status="submitted"]')).toBeVisible();
	const link = page.getByRole('link', { name: 'Krankschreibung.pdf' });
	await expect(link).toBeVisible();
	fileHref = (await link.getAttribute('href'))!;
	await expect(page.locator('ol li')).toContainText(['Anliegen angelegt', 'Krankmeldung gesendet']);
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'case');

	// The download: an attachment in the detected type, never sniffed or cached.
	const response = await page.request.get(fileHref);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-disposition']).toMatch(
		/^attachment; .*filename\*=UTF-8''Krankschreibung\.pdf$/
	);
	expect(response.headers()['content-type']).toBe('application/pdf');
	expect(response.headers()['x-content-type-options']).toBe('nosniff');
	expect(response.headers()['cache-control']).toBe('private, no-store');
	expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test('the guardian extends the report on the same case', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, families[0].email, password);
	await page.goto(`/anliegen/${reference}`);
	const extend = page.locator('form[action="?/extend"]');
	// Before the old last day: refused next to the field.
	await extend.locator('#field-lastDay').fill(berlinDay(-1));
	await extend.locator('button[type="submit"]').click();
	await expect(page.locator('#field-lastDay-error')).toContainText(
		'nicht vor dem bisher gemeldeten'
	);
	await expect(extend.locator('#field-lastDay')).toHaveValue(berlinDay(-1));
	await expectNoSeriousA11yViolations(page);
	await extend.locator('#field-lastDay').fill(berlinDay(2));
	await extend.locator('button[type="submit"]').click();
	await expect(page.getByText('Die Krankmeldung ist verlängert.')).toBeVisible();
	await expect(page.locator('ol li').last()).toContainText('Krankmeldung verlängert bis');
	await page.goto('/anliegen');
	await expect(page.getByRole('listitem').filter({ hasText: reference })).toHaveCount(1);
});

test('the class teacher demands an Attest; the guardian uploads it after two refusals', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	const teacher = await desk(browser);
	await signIn(teacher.page, demoLogin('classTeacherTG11').email, DEMO_PASSWORD);
	await teacher.page.goto(`/schule/krankmeldungen/${reference}`);
	await teacher.page.locator('#reason-frequent').check();
	await teacher.page.locator('form[action="?/attest"] button[type="submit"]').click();
	await expect(teacher.page.locator('form[action="?/attest"]')).toHaveCount(0);
	await teacher.context.close();

	await signIn(page, families[0].email, password);
	await page.goto(`/anliegen/${reference}`);
	await expect(page.locator('[data-status="attest_requested"]')).toBeVisible();
	await expect(
		page.getByText('Die Klassenlehrkraft bittet um ein ärztliches Attest bis')
	).toBeVisible();
	const form = page.locator('form[action="?/attest"]');
	await form.locator('#field-attest').setInputFiles(renamedExe);
	await form.locator('button[type="submit"]').click();
	await expect(page.locator('#field-attest-error')).toContainText(TYPE_REFUSED);
	await expect(page.locator('#field-attest')).toHaveAttribute('aria-invalid', 'true');
	// The rest of the page is kept: the extend form still shows the reported last day.
	await expect(page.locator('form[action="?/extend"] #field-lastDay')).toHaveValue(berlinDay(2));
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'attest-refused');
	await form.locator('#field-attest').setInputFiles(elevenMegabytes('attest.pdf'));
	await form.locator('button[type="submit"]').click();
	await expect(page.locator('#field-attest-error')).toContainText(TOO_LARGE, { timeout: 20_000 });

	await form.locator('#field-attest').setInputFiles(pdf('Attest.pdf'));
	await form.locator('button[type="submit"]').click();
	await expect(page.getByText('Das Attest ist eingegangen.')).toBeVisible();
	await expect(page.locator('[data-status="attest_received"]')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Attest.pdf' })).toBeVisible();
	await expect(page.locator('ol li').last()).toContainText('Attest hochgeladen');
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'attest-received');
});

test('another family gets 404 for the case and its file', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, families[1].email, password);
	const casePage = await page.goto(`/anliegen/${reference}`);
	expect(casePage?.status()).toBe(404);
	expect((await page.request.get(fileHref)).status()).toBe(404);
	// Signed out, the file is not there either: off to the sign-in.
	const anonymous = await page.context().browser()!.newContext();
	const response = await anonymous.request.get(`${test.info().project.use.baseURL}${fileHref}`, {
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	await anonymous.close();
});

test('without JavaScript the report with a file still goes through', async ({ browser }) => {
	test.setTimeout(90_000);
	const context = await phone(browser, { javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, families[1].email, password);
	await openReportForm(page);
	await page.locator('#field-lastUnknown').check();
	await page.locator('#field-attachment').setInputFiles(png);
	await reviewButton(page).click();
	await expect(page.locator('dl')).toContainText('foto.png');
	await sendButton(page).click();
	await expect(page).toHaveURL(/\/anliegen\/krankmeldung\/gesendet\?az=/);
	const own = (await page.getByTestId('reference').innerText()).trim();
	await page.goto(`/anliegen/${own}`);
	await expect(page.getByRole('link', { name: 'foto.png' })).toBeVisible();
	await expect(page.locator('[data-testid="period"]')).toContainText('Ende noch unbekannt');
	await context.close();
});
