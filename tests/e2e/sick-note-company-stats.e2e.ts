// Sick notes, issue 4 items 6 and 7. Phone: the office takes two reports by phone for apprentices
// of Seewerk, a minor (the company learns of it by the school rule) and an adult who gave no
// consent; the Seewerk contact sees the first only and notes "Betrieb informiert" (with and without
// JavaScript); the bakery, which trains neither, gets 404 posting a note for it. Desktop: the
// secretary opens the statistics, chooses a class and a period and downloads the CSV.
// The students are generated ones nobody else's test or the demo's sick notes use.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ageOn } from '../../src/lib/server/identity/age';
import { buildDemoData } from '../../src/lib/server/demo/data';
import { FIRST_SCHOOL_DAY } from '../../src/lib/server/demo/district';
import { demoId } from '../../src/lib/server/demo/random';
import { buildDemoSickNotes } from '../../src/lib/server/demo/sick-notes';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';
import { today } from './support/days';
import { shots } from './support/shots';

/**
 * Two generated students of the GS Seeburg: a minor who is nobody's apprentice yet (the office
 * enters one at Seewerk; the demo's Seewerk apprentices are all of age) and an adult Seewerk
 * apprentice who gave no consent.
 */
function students() {
	const data = buildDemoData('unused');
	const busy = new Set(buildDemoSickNotes(data, today()).map((n) => n.studentPersonId));
	const seewerk = demoId('company:seewerk');
	const inMonth = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
	const pick = (classNames: string[], wanted: (id: string, birthDate: string) => boolean) => {
		for (const className of classNames)
			for (let i = 0; i < 30; i++) {
				const id = demoId(`person:student:${className}:${i}`);
				const person = data.people.find((p) => p.id === id);
				if (!person?.birthDate || busy.has(id) || !wanted(id, person.birthDate)) continue;
				return { id, name: `${person.familyName}, ${person.givenNames}`, className };
			}
		throw new Error(`no student found in ${classNames.join(', ')}`);
	};
	const apprentice = (id: string) => data.apprenticeships.some((a) => a.studentPersonId === id);
	return {
		minor: pick(
			['EL1', 'KFZ1', 'BFE1'],
			(id, birthDate) => !apprentice(id) && ageOn(birthDate, inMonth) < 18
		),
		adult: pick(
			['IM3'],
			(id, birthDate) =>
				ageOn(birthDate, today()) >= 19 &&
				data.apprenticeships.some((a) => a.studentPersonId === id && a.companyId === seewerk)
		)
	};
}

/** The office enters an apprenticeship at Seewerk by hand (issue 3's form). */
async function enterSeewerkApprenticeship(page: Page, student: { id: string; name: string }) {
	const [family] = student.name.split(',');
	await page.goto(
		`/sekretariat/betriebe?q=${encodeURIComponent(family)}&schueler=${student.id}#apprenticeship-form`
	);
	await page.locator('#field-companyIdAppr').selectOption({ label: 'Seewerk Maschinenbau GmbH' });
	await page.getByLabel('Beginn').fill('2026-09-01');
	await page.getByRole('button', { name: 'Ausbildung speichern' }).click();
	await expect(page.getByText('Die Ausbildung ist eingetragen.')).toBeVisible();
}

/** The office enters a report by phone for today; returns the reference number. */
async function phoneReport(page: Page, studentId: string, reportedAs: 'guardian' | 'student') {
	await page.goto(`/sekretariat/krankmeldungen/telefon?schueler=${studentId}`);
	await page.locator('#field-callerName').fill(reportedAs === 'guardian' ? 'Mutter' : 'selbst');
	await page.locator(`#reportedAs-${reportedAs}`).check();
	await page.locator('form:has(input[name="clientId"]) button[type="submit"]').click();
	await expect(page).toHaveURL(/\/schule\/krankmeldungen\/S360-/);
	return decodeURIComponent(/krankmeldungen\/([^?]+)/.exec(page.url())![1]);
}

const card = (page: Page, reference: string) =>
	page.getByTestId('company-absence').filter({ hasText: reference });

test('the training company sees what it may, adds its note; another company gets 404', async ({
	page,
	browser
}) => {
	test.skip(test.info().project.name !== 'phone', 'adds cases to the demo data: one project only');
	test.setTimeout(150_000); // three sign-ins, one with a second factor
	const { minor, adult } = students();

	await signIn(page, demoLogin('secretary').email, DEMO_PASSWORD);
	await enterSeewerkApprenticeship(page, minor);
	const minorRef = await phoneReport(page, minor.id, 'guardian');
	const adultRef = await phoneReport(page, adult.id, 'student');

	const company = await browser.newContext({ ...test.info().project.use });
	const seewerk = await company.newPage();
	await signIn(seewerk, demoLogin('companyContactSeewerk').email, DEMO_PASSWORD);
	await seewerk.goto('/betrieb');
	await expect(seewerk.getByRole('heading', { name: 'Fehlzeiten' })).toBeVisible();
	const minorCard = card(seewerk, minorRef);
	await expect(minorCard).toContainText(minor.name);
	await expect(minorCard).toContainText(minor.className);
	await expect(minorCard.getByTestId('company-note')).toHaveText('noch kein Vermerk');
	// The adult gave Seewerk no consent: his absence is not there.
	const absences = seewerk.getByRole('region', { name: 'Fehlzeiten', exact: true });
	await expect(absences).not.toContainText(adultRef);
	await expect(absences).not.toContainText(adult.name);
	await expectNoSeriousA11yViolations(seewerk);
	await shots(seewerk, 'company-absences');
	if (process.env.E2E_SHOTS_DIR)
		await minorCard.screenshot({ path: `${process.env.E2E_SHOTS_DIR}/company-card.png` });

	// The contact was told by mail: who and when, not why.
	await expect(async () => {
		const outbox = await company.newPage();
		await outbox.goto('/entwicklung/postausgang');
		const mail = outbox
			.locator('article')
			.filter({ hasText: demoLogin('companyContactSeewerk').email })
			.filter({ hasText: minor.name.split(', ').reverse().join(' ') });
		await expect(mail.first()).toContainText('/betrieb', { timeout: 1000 });
		await outbox.close();
	}).toPass({ timeout: 15_000 });

	await minorCard.getByRole('button', { name: 'Betrieb informiert' }).click();
	await expect(minorCard.getByRole('status')).toHaveText('Vermerk gespeichert.');
	await expect(minorCard.getByTestId('company-note')).toContainText('Betrieb informiert');
	await expectNoSeriousA11yViolations(seewerk);
	const caseId = await minorCard.locator('input[name="caseId"]').inputValue();
	await company.close();

	// Without JavaScript the note is a plain form post.
	const plain = await browser.newContext({ ...test.info().project.use, javaScriptEnabled: false });
	const seewerkPlain = await plain.newPage();
	await signIn(seewerkPlain, demoLogin('companyContactSeewerk').email, DEMO_PASSWORD);
	await seewerkPlain.goto('/betrieb');
	await card(seewerkPlain, minorRef)
		.getByRole('button', { name: 'entschuldigt durch Betrieb' })
		.click();
	await expect(card(seewerkPlain, minorRef).getByTestId('company-note')).toContainText(
		'entschuldigt durch Betrieb'
	);
	await plain.close();

	// The bakery trains neither: nothing listed, and a forged note for the case is a 404.
	const other = await browser.newContext({ ...test.info().project.use });
	const bakery = await other.newPage();
	await signIn(bakery, demoLogin('companyContactBakery').email, DEMO_PASSWORD);
	await bakery.goto('/betrieb');
	await expect(bakery.getByRole('heading', { name: 'Fehlzeiten' })).toBeVisible();
	await expect(bakery.locator('main')).not.toContainText(minorRef);
	const origin = new URL(bakery.url()).origin;
	const forged = await bakery.request.post('/betrieb?/note', {
		form: { caseId, kind: 'informed' },
		headers: { origin },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(404);
	await expectNoSeriousA11yViolations(bakery);
	await other.close();
});

test('the office reads the statistics of a class and downloads them as CSV', async ({
	page,
	browser
}) => {
	test.skip(test.info().project.name !== 'desktop', 'one run is enough');
	test.setTimeout(90_000);
	await signIn(page, demoLogin('secretary').email, DEMO_PASSWORD);
	await page.goto('/sekretariat');
	await page.getByRole('link', { name: 'Fehlzeiten-Statistik und Export' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Fehlzeiten-Statistik' })).toBeVisible();
	// All classes by default: one row per class.
	await expect(page.getByRole('table', { name: 'Fehlzeiten je Klasse' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// An end before the start is answered next to the field; the input stays.
	await page.locator('#field-klasse').selectOption({ label: 'TG11' });
	await page.locator('#field-von').fill(today());
	await page.locator('#field-bis').fill(FIRST_SCHOOL_DAY);
	await page.getByRole('button', { name: 'Anzeigen' }).click();
	await expect(page.locator('#field-bis-error')).toContainText('nicht vor dem Beginn');
	await expect(page.locator('#field-von')).toHaveValue(today());
	await expect(page.locator('#field-klasse')).not.toHaveValue('');
	await expectNoSeriousA11yViolations(page);

	await page.locator('#field-von').fill(FIRST_SCHOOL_DAY);
	await page.locator('#field-bis').fill(today());
	await page.getByRole('button', { name: 'Anzeigen' }).click();
	const table = page.getByRole('table', { name: 'Fehlzeiten in TG11' });
	await expect(table).toBeVisible();
	// The class's students are listed, absent or not; the sum row closes the table.
	expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);
	await expect(table.locator('tbody tr').last()).toContainText('Summe');
	await expect(page.getByRole('figure', { name: /Fehltage im Vergleich/ })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shots(page, 'statistics-class');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Als CSV herunterladen (für Excel)' }).click()
	]);
	expect(download.suggestedFilename()).toBe(`fehlzeiten-tg11-${FIRST_SCHOOL_DAY}-${today()}.csv`);
	const bytes = readFileSync((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.subarray(3).toString('utf8');
	expect(text.split('\r\n')[0]).toBe(
		'Klasse;Schülerin/Schüler;Tage entschuldigt;Tage unentschuldigt;Tage offen;Tage gesamt;Stunden entschuldigt;Stunden unentschuldigt;Stunden offen;Stunden gesamt;Meldungen'
	);
	expect(text.split('\r\n')[1]).toMatch(/^TG11;/);

	// The class teacher has the same figures for her own class only.
	const classId = (name: string) =>
		buildDemoData('unused').classes.find((c) => c.name === name)!.id!;
	const context = await browser.newContext({ ...test.info().project.use });
	const teacher = await context.newPage();
	await signIn(teacher, demoLogin('teacher').email, DEMO_PASSWORD);
	await teacher.goto(`/schule/fehlzeiten/${classId('KFZ2')}/statistik`);
	await expect(teacher.getByRole('table', { name: 'Fehlzeiten in KFZ2' })).toBeVisible();
	await expectNoSeriousA11yViolations(teacher);
	// She teaches TG11 as a subject teacher: no statistics there.
	const refused = await teacher.goto(`/schule/fehlzeiten/${classId('TG11')}/statistik`);
	expect(refused?.status()).toBe(404);
	await context.close();
});
