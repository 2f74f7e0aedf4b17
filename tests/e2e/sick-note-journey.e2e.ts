// The whole sick note, across roles (issue 4, "done when"): a guardian on her phone reports her
// child sick in three taps (the tile, "Prüfen", "Senden"; a guardian of several children would
// choose one first), sees it in "Meine Anliegen" as "Gesendet" and opens it; the class teacher at
// her desk finds the report in her class list by links from the staff start, acknowledges it and
// demands an Attest with a deadline; the guardian gets a mail, follows its link and sees "Attest
// angefordert" with that deadline, uploads a PDF ("Attest eingegangen"); the class teacher is
// mailed, opens the file and closes the case as excused; the guardian sees "Abgeschlossen" and
// every step in order on the timeline. Axe checks every page. The family is new (the last TG11
// guardian without an account gets her letter here), so no other test's data is touched.
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { demoId } from '../../src/lib/server/demo/random';
import { expectNoSeriousA11yViolations } from './support/axe';
import { deskPage, openFamilyAccount, printClassLetters } from './support/family-account';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';
import { shots as shotsAt } from './support/shots';

test.beforeEach(() => {
	test.skip(test.info().project.name !== 'phone', 'opens a family account: one project only');
});

const TG11 = demoId('class:TG11');
const teacher = demoLogin('classTeacherTG11');
const password = 'Krank-Gemeldet-Seeburg-2026';
const email = `h6-familie-${Date.now().toString(36)}@post.example`;

/** Screenshots of each step, named `journey-…` in E2E_SHOTS_DIR. */
const shots = (page: Page, name: string) => shotsAt(page, `journey-${name}`);

/** A day as the pages write it: the family's (long month) and the staff's (numeric). */
const familyDay = (day: string) =>
	new Intl.DateTimeFormat('de-DE', {
		weekday: 'short',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T00:00:00Z`));
const staffDay = (day: string) =>
	new Intl.DateTimeFormat('de-DE', {
		weekday: 'short',
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T00:00:00Z`));
const mailDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** A small real PDF: one page with a line of text. */
async function attestPdf() {
	const doc = await PDFDocument.create();
	const page = doc.addPage([595, 842]);
	const font = await doc.embedFont(StandardFonts.Helvetica);
	page.drawText('Aerztliches Attest - arbeitsunfaehig', { x: 72, y: 760, size: 14, font });
	return {
		name: 'Attest-Hausarzt.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from(await doc.save())
	};
}

/** The mail in the development outbox with this subject; the job worker sends it soon after. */
async function expectMail(context: BrowserContext, subject: string | RegExp, to: string) {
	await expect(async () => {
		const outbox = await context.newPage();
		try {
			await outbox.goto('/entwicklung/postausgang');
			// Other guardians of the child may be mailed too: hers is the one addressed to her.
			const mail = outbox.locator('article').filter({ hasText: subject }).filter({ hasText: to });
			await expect(mail).toHaveCount(1, { timeout: 1000 });
		} finally {
			await outbox.close();
		}
	}).toPass({ timeout: 30_000 });
	const outbox = await context.newPage();
	await outbox.goto('/entwicklung/postausgang');
	return outbox;
}

/** Every step of the case on a timeline, oldest first. */
const TIMELINE = (dueOn: string) => [
	'Anliegen angelegt',
	/^Krankmeldung gesendet/,
	'Von der Schule zur Kenntnis genommen',
	`Ärztliches Attest angefordert, bis ${mailDay(dueOn)}`,
	'Attest hochgeladen',
	'Abgeschlossen: entschuldigt'
];
const timelineSteps = (page: Page) => page.locator('section.timeline ol > li p.what');

test('a guardian reports on her phone, the class teacher follows up to the excused close', async ({
	page,
	browser
}) => {
	test.setTimeout(300_000);
	const guardian = page;

	// The office prints the last TG11 letter (sick-note-uploads.e2e.ts takes the first two).
	const [code] = await printClassLetters(browser, { className: 'TG11', count: 1, fromEnd: true });
	await openFamilyAccount(guardian, code, email, password);

	// The report. Taps counted from the start page: the tile, "Prüfen" (the first day is today,
	// the last day too by default), "Senden". With one child there is no "which child" step.
	let taps = 0;
	const tap = async (target: Locator) => {
		taps++;
		await target.tap();
	};
	await guardian.locator('a[href="/start"]:visible').first().click();
	await expect(guardian).toHaveURL(/\/start$/);
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '01-start');
	await tap(guardian.locator('a[href="/anliegen/krankmeldung"]').first());
	// A guardian of several children would first choose one: two taps more (child, "Weiter").
	const choice = guardian.locator('input[name="fuer"]');
	await expect(guardian.locator('#field-firstDay').or(choice.first())).toBeVisible();
	const children = await choice.count();
	if (children > 0) {
		await tap(
			guardian.locator('.kern-form-check').filter({ hasText: 'TG11' }).first().locator('input')
		);
		await tap(guardian.locator('form[action="/anliegen/krankmeldung"] button[type="submit"]'));
	}
	await expect(guardian.locator('#field-firstDay')).toBeVisible();
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '02-when');
	await tap(guardian.locator('form[action="?/review"] button[type="submit"]'));
	const send = guardian.locator('form[action="?/send"] button[type="submit"]:not([formaction])');
	await expect(send).toBeVisible({ timeout: 10_000 });
	// Who: her only child, named on the review.
	const studentName = (await guardian.locator('dl dd').first().innerText()).trim();
	expect(studentName).not.toBe('');
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '03-review');
	await tap(send);
	await expect(guardian).toHaveURL(/\/anliegen\/krankmeldung\/gesendet\?az=/);
	expect(taps).toBe(children > 0 ? 5 : 3);
	const reference = (await guardian.getByTestId('reference').innerText()).trim();
	expect(reference).toMatch(/^S360-\d{4}-\d{6}$/);
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '04-sent');

	// "Meine Anliegen": the case, status "Gesendet"; it opens.
	await guardian.locator('main a[href="/anliegen"]').click();
	await expect(guardian).toHaveURL(/\/anliegen$/);
	const item = guardian.getByRole('listitem').filter({ hasText: reference });
	await expect(item.locator('[data-status="submitted"]')).toHaveText('Gesendet');
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '05-cases');
	await item.getByRole('link').click();
	await expect(guardian).toHaveURL(new RegExp(`/anliegen/${reference}$`));
	await expect(guardian.locator('[data-status="submitted"]')).toHaveText('Gesendet');
	await expect(guardian.locator('h1')).toHaveText(`Krankmeldung für ${studentName}`);
	await expect(guardian.locator('dl')).toContainText('TG11');
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '06-case');

	// The class teacher at her desk: staff start → class absences → TG11 → the report.
	const desk = await deskPage(browser);
	const staff = desk.page;
	await signIn(staff, teacher.email, DEMO_PASSWORD);
	await staff.locator('a[href="/start"]:visible').first().click();
	await staff.locator('a[href="/schule/fehlzeiten"]:visible').first().click();
	await expect(staff).toHaveURL(/\/schule\/fehlzeiten$/);
	await expectNoSeriousA11yViolations(staff);
	await shots(staff, '07-classes');
	await staff.locator(`a[href="/schule/fehlzeiten/${TG11}"]`).click();
	const row = staff.getByRole('row').filter({ has: staff.locator(`a[href$="/${reference}"]`) });
	// The staff's lists write "Family, Given".
	for (const name of studentName.split(' ')) await expect(row).toContainText(name);
	await expect(row).toContainText('Gesendet');
	await expectNoSeriousA11yViolations(staff);
	await shots(staff, '08-class-list');
	await row.locator(`a[href="/schule/krankmeldungen/${reference}"]`).click();
	await expect(staff).toHaveURL(new RegExp(`/schule/krankmeldungen/${reference}$`));
	const facts = staff.locator('dl');
	await expect(facts).toContainText('Gesendet');
	await expectNoSeriousA11yViolations(staff);
	await shots(staff, '09-detail');

	// Acknowledge.
	await staff.getByRole('button', { name: 'Zur Kenntnis genommen' }).click();
	await expect(staff.locator('.kern-alert--success')).toBeVisible({ timeout: 10_000 });
	await expect(facts).toContainText('Zur Kenntnis genommen');
	await expect(staff.locator('form[action="?/acknowledge"]')).toHaveCount(0);
	await expectNoSeriousA11yViolations(staff);

	// Demand an Attest: a reason and the deadline (the suggested one, within the allowed range).
	const attest = staff.locator('form[action="?/attest"]');
	await attest.locator('#reason-frequent').check();
	const dueOn = await attest.locator('input[name="dueOn"]').inputValue();
	expect(dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	expect(dueOn >= ((await attest.locator('input[name="dueOn"]').getAttribute('min')) ?? '')).toBe(
		true
	);
	await shots(staff, '10-attest-form');
	await attest.locator('button[type="submit"]').click();
	await expect(staff.locator('form[action="?/attest"]')).toHaveCount(0, { timeout: 10_000 });
	await expect(facts).toContainText('Attest angefordert');
	await expect(facts).toContainText(`angefordert, fällig bis ${staffDay(dueOn)}`);
	await expectNoSeriousA11yViolations(staff);
	await shots(staff, '11-attest-requested');

	// The guardian: "Attest angefordert" with the deadline, and a mail to her about it.
	// The guardian gets a mail about it and follows its link to the case: "Attest angefordert"
	// with the deadline.
	const outbox = await expectMail(guardian.context(), `Attest angefordert: ${reference}`, email);
	const mail = outbox
		.locator('article')
		.filter({ hasText: `Attest angefordert: ${reference}` })
		.filter({ hasText: email });
	await expect(mail).toContainText(`bis ${mailDay(dueOn)} hoch`);
	await expectNoSeriousA11yViolations(outbox);
	await shots(outbox, '12-outbox');
	const link = (await mail.innerText()).match(/http\S+\/anliegen\/S360-\d{4}-\d{6}/)?.[0];
	expect(link).toBe(`${test.info().project.use.baseURL}/anliegen/${reference}`);
	await outbox.close();
	await guardian.goto(link!);
	await expect(guardian.locator('[data-status="attest_requested"]')).toHaveText(
		'Attest angefordert'
	);
	await expect(
		guardian.getByText(
			`Die Klassenlehrkraft bittet um ein ärztliches Attest bis ${familyDay(dueOn)}.`
		)
	).toBeVisible();
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '13-attest-requested');

	// She uploads the Attest as a PDF.
	const upload = guardian.locator('form[action="?/attest"]');
	await upload.locator('#field-attest').setInputFiles(await attestPdf());
	await upload.locator('button[type="submit"]').tap();
	await expect(guardian.getByText('Das Attest ist eingegangen.')).toBeVisible({ timeout: 15_000 });
	await expect(guardian.locator('[data-status="attest_received"]')).toHaveText(
		'Attest eingegangen'
	);
	await expect(guardian.getByRole('link', { name: 'Attest-Hausarzt.pdf' })).toBeVisible();
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '14-attest-received');

	// The class teacher sees it (and was mailed), opens the file and closes the case as excused.
	await staff.reload();
	await expect(facts).toContainText('Attest eingegangen');
	const file = staff.getByRole('link', { name: 'Attest-Hausarzt.pdf' });
	await expect(file).toBeVisible();
	const download = await staff.request.get((await file.getAttribute('href'))!);
	expect(download.status()).toBe(200);
	expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
	await (
		await expectMail(
			desk.context,
			new RegExp(`Attest eingegangen: [^(]+ \\(${reference}\\)`),
			teacher.email
		)
	).close();
	await staff.locator('#decision-excused').check();
	await shots(staff, '15-close-form');
	await staff.getByRole('button', { name: 'Krankmeldung abschließen' }).click();
	// Closing also files a summary PDF: give the server a moment.
	await expect(facts).toContainText('Abgeschlossen', { timeout: 20_000 });
	await expect(staff.locator('form[action="?/close"]')).toHaveCount(0);
	await expect(timelineSteps(staff)).toHaveText(TIMELINE(dueOn));
	await expectNoSeriousA11yViolations(staff);
	await shots(staff, '16-staff-closed');
	await desk.context.close();

	// The guardian: "Abgeschlossen", excused, and every step in order.
	// "Meine Anliegen" (bottom navigation): "Abgeschlossen"; the case shows every step in order.
	await guardian.locator('a[href="/anliegen"]:visible').first().click();
	await expect(guardian).toHaveURL(/\/anliegen$/);
	const closed = guardian.getByRole('listitem').filter({ hasText: reference });
	await expect(closed.locator('[data-status="closed"]')).toHaveText('Abgeschlossen');
	await shots(guardian, '17-cases-closed');
	await closed.getByRole('link').click();
	await expect(guardian).toHaveURL(new RegExp(`/anliegen/${reference}$`));
	await expect(guardian.locator('[data-status="closed"]')).toHaveText('Abgeschlossen');
	await expect(guardian.locator('dl')).toContainText('entschuldigt');
	await expect(timelineSteps(guardian)).toHaveText(TIMELINE(dueOn));
	await expect(guardian.getByRole('link', { name: 'Attest-Hausarzt.pdf' })).toBeVisible();
	// Nothing is asked of her any more: no upload, no extension.
	await expect(guardian.locator('form[action="?/attest"], form[action="?/extend"]')).toHaveCount(0);
	await expectNoSeriousA11yViolations(guardian);
	await shots(guardian, '18-closed');
});
