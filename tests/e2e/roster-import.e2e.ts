// The office imports its ASV-BW class list: a file with one faulty row is refused in the preview,
// the corrected file is imported (with a progress bar) and the summary counts what happened. A
// week later the same list comes again with one student gone and one renamed ("Müller" →
// "Mueller", new ASV id): one student has left, one pair lands in "Mögliche Dubletten", where the
// office compares the two records and merges them. A file with other headers goes through the
// mapping step.
// Note: the e2e server's data is shared by all tests. This import marks the demo students of the
// Gewerbliche Schule Seeburg as left (they are not in the generated file), so it runs in its own
// project after all other tests (playwright.config.ts), which rely on those students' classes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CLASS_PLANS } from '../../src/lib/server/demo/district';
import { decodeRoster } from '../../src/lib/server/identity/roster/decode';
import {
	encodeWindows1252,
	generateRosterCsv
} from '../../src/lib/server/identity/roster/fixtures';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';

const ROWS = 2_000;
/** The demo secretary's school (Gewerbliche Schule Seeburg): only its classes are valid. */
const CLASSES = CLASS_PLANS.filter((c) => c.school === 'gs').map((c) => c.name);
const FAULTY_ROW = 57; // 0-based data row → line 59 (line 1 is the header)
const MUELLER_ROW = 100; // a "Müller" for the rename
const REMOVED_ROW = 200; // missing from next week's list
/** Screenshots for a human to look at, when asked for (E2E_SHOTS_DIR=/tmp/shots-h1). */
const SHOTS = process.env.E2E_SHOTS_DIR;

function save(name: string, bytes: Uint8Array) {
	const file = path.resolve('tests/.tmp', name);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, bytes);
	return file;
}

function rosterBytes(seed: number, extra: Record<number, Record<string, string>> = {}) {
	const overrides: Record<number, Record<string, string>> = {};
	for (let i = 0; i < ROWS; i++) overrides[i] = { className: CLASSES[i % CLASSES.length] };
	overrides[MUELLER_ROW].familyName = 'Müller';
	for (const [i, o] of Object.entries(extra)) Object.assign(overrides[Number(i)], o);
	return generateRosterCsv({ rows: ROWS, encoding: 'windows-1252', seed, overrides });
}

/** Next week's list: one row dropped, "Müller" now "Mueller" with a new ASV id. */
function nextWeek(seed: number) {
	const bytes = rosterBytes(seed, { [MUELLER_ROW]: { familyName: 'Mueller', asvId: '4999999' } });
	const lines = decodeRoster(bytes).text.split('\r\n');
	lines.splice(REMOVED_ROW + 1, 1);
	return encodeWindows1252(lines.join('\r\n'));
}

async function shot(page: Page, name: string) {
	if (!SHOTS) return;
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** A screenshot once the bar has moved (best effort: a fast import may already be done). */
async function shotMidway(page: Page, name: string) {
	if (!SHOTS) return;
	await page
		.getByTestId('import-progress-text')
		.filter({ hasNotText: /^0 von/ })
		.waitFor({ timeout: 10_000 })
		.catch(() => {});
	await shot(page, name).catch(() => {});
}

async function expectNoSideways(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('the secretary imports a class list, re-imports it a week later and merges the one duplicate', async ({
	page
}) => {
	test.skip(test.info().project.name !== 'desktop-last', 'desktop only, after the other tests');
	test.setTimeout(300_000);
	const faulty = save('roster-faulty.csv', rosterBytes(31, { [FAULTY_ROW]: { birthDate: '' } }));
	const valid = save('roster-valid.csv', rosterBytes(31));
	const later = save('roster-next-week.csv', nextWeek(31));

	await signIn(page, demoLogin('secretary').email, DEMO_PASSWORD);
	await page.goto('/sekretariat');
	await page.getByRole('link', { name: 'Klassenliste importieren' }).click();
	await expect(page).toHaveURL(/\/sekretariat\/import$/);

	await page.getByLabel('Klassenliste (CSV aus ASV-BW)').setInputFiles(faulty);
	await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
	await expect(page.getByRole('heading', { name: 'Vorschau' })).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('encoding')).toHaveText('Windows-1252');
	await expect(page.getByTestId('rows-valid')).toHaveText(String(ROWS - 1));
	await expect(page.getByTestId('rows-invalid')).toHaveText('1');
	const faultyTable = page.getByRole('table', { name: 'Fehlerhafte Zeilen' });
	await expect(faultyTable.locator('tbody tr')).toHaveCount(1);
	const row = faultyTable.locator('tbody tr').first();
	await expect(row.getByRole('rowheader')).toHaveText(String(FAULTY_ROW + 2));
	await expect(row).toContainText('Geburtsdatum');
	await expect(row).toContainText('Das Geburtsdatum fehlt.');
	await expect(page.getByRole('button', { name: 'Jetzt importieren' })).toHaveCount(0);
	await expect(page.getByRole('form', { name: 'Spalten zuordnen' })).toHaveCount(0);
	await expect(
		page.getByText('Bitte korrigieren Sie die genannten Zeilen in ASV-BW')
	).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	await page.getByLabel('Klassenliste (CSV aus ASV-BW)').setInputFiles(valid);
	await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
	await expect(page.getByTestId('rows-invalid')).toHaveText('0', { timeout: 30_000 });
	await expect(page.getByTestId('rows-valid')).toHaveText(String(ROWS));
	await expect(page.getByRole('table', { name: 'Fehlerhafte Zeilen' })).toHaveCount(0);
	await expect(
		page.getByRole('table', { name: 'Gültige Zeilen (die ersten 20)' }).locator('tbody tr')
	).toHaveCount(20);
	await expectNoSeriousA11yViolations(page);

	// With JS the import streams its progress: a progress bar with a spoken text label. Every
	// value the bar shows is recorded: a value between 0 and all rows proves the stream arrives
	// while the import runs (a buffered answer would only ever show the end).
	await page.evaluate(() => {
		const seen: number[] = [];
		(window as unknown as { progressSeen: number[] }).progressSeen = seen;
		new MutationObserver(() => {
			const bar = document.querySelector('progress#import-progress');
			if (bar instanceof HTMLProgressElement) seen.push(bar.value);
		}).observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			characterData: true
		});
	});
	await page.getByRole('button', { name: 'Jetzt importieren' }).click();
	const progress = page.getByRole('progressbar', { name: 'Fortschritt des Imports' });
	await expect(progress).toBeVisible();
	await expect(page.getByTestId('import-progress-text')).toHaveAttribute('aria-live', 'polite');
	await expect(page.getByTestId('import-progress-text')).toContainText(
		`von ${ROWS.toLocaleString('de-DE')} Zeilen verarbeitet`
	);
	await shotMidway(page, 'progress-1280');
	await expect(page).toHaveURL(/\/sekretariat\/import\?ergebnis=/, { timeout: 120_000 });
	const seen = await page.evaluate(
		() => (window as unknown as { progressSeen: number[] }).progressSeen
	);
	expect(seen.some((v) => v > 0 && v < ROWS)).toBe(true);
	await expect(page.getByText('Die Klassenliste wurde importiert.')).toBeVisible();
	expect(Number(await page.getByTestId('result-created').textContent())).toBe(ROWS);
	await expect(page.getByTestId('result-flagged')).toHaveText('0');
	await expect(page.getByTestId('result-updated')).toHaveText('0');
	// Every demo student of the school is missing from the file, so all of them have left.
	expect(Number(await page.getByTestId('result-left').textContent())).toBeGreaterThan(0);
	await expectNoSeriousA11yViolations(page);

	// A week later: one student gone, one renamed with a new ASV id.
	await page.getByLabel('Klassenliste (CSV aus ASV-BW)').setInputFiles(later);
	await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
	await expect(page.getByTestId('rows-valid')).toHaveText(String(ROWS - 1), { timeout: 30_000 });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.getByRole('button', { name: 'Jetzt importieren' }).click();
	await expect(page.getByRole('progressbar', { name: 'Fortschritt des Imports' })).toBeVisible();
	await shotMidway(page, 'progress-390');
	await expect(page).toHaveURL(/\/sekretariat\/import\?ergebnis=/, { timeout: 120_000 });
	await page.setViewportSize({ width: 1280, height: 800 });
	await expect(page.getByTestId('result-created')).toHaveText('1');
	await expect(page.getByTestId('result-updated')).toHaveText('0');
	await expect(page.getByTestId('result-left')).toHaveText('1');
	await expect(page.getByTestId('result-flagged')).toHaveText('1');

	// The queue, reached from the office page: exactly one pair.
	await page.goto('/sekretariat');
	await page.getByRole('link', { name: 'Mögliche Dubletten (1 offen)' }).click();
	await expect(page).toHaveURL(/\/sekretariat\/dubletten$/);
	await expect(page.getByRole('heading', { name: 'Mögliche Dubletten', level: 1 })).toBeVisible();
	const pairs = page.getByRole('list', { name: 'Offene Paare' }).getByRole('listitem');
	await expect(pairs).toHaveCount(1);
	await expect(pairs.first()).toContainText('Müller');
	await expect(pairs.first()).toContainText('Mueller');
	await expectNoSeriousA11yViolations(page);
	await shot(page, 'queue-1280');

	// On a phone the queue and the comparison work too: nothing scrolls sideways.
	await page.setViewportSize({ width: 390, height: 844 });
	await expectNoSideways(page);
	await shot(page, 'queue-390');
	await pairs.first().getByRole('link').click();
	await expect(page.getByRole('heading', { name: 'Mögliche Dublette prüfen' })).toBeVisible();
	await expectNoSideways(page);
	await expectNoSeriousA11yViolations(page);
	await shot(page, 'detail-390');
	await page.setViewportSize({ width: 1280, height: 800 });
	await shot(page, 'detail-1280');

	const existing = page.getByTestId('side-existing');
	const candidate = page.getByTestId('side-candidate');
	await expect(existing).toContainText('Müller');
	await expect(candidate).toContainText('Mueller');
	await expect(candidate).toContainText('4999999');
	await expect(page.getByTestId('duplicate-reasons')).toContainText('verschiedene ASV-Nummern');
	await expect(page.getByTestId('duplicate-reasons')).toContainText('Zeile');

	// Merge: the existing record stays; the new one goes into it, and the ASV id of the newest
	// list (preselected) carries on, so next week's list links without a question.
	await expect(
		page.getByRole('group', { name: 'Welche Schüler-ID (ASV) soll gelten?' })
	).toBeVisible();
	await expect(page.getByLabel('4999999 (Neuer Eintrag)')).toBeChecked();
	await page.getByLabel(/^Bisheriger Eintrag behalten/).check();
	await page.getByRole('button', { name: 'Zusammenführen' }).click();
	await expect(page).toHaveURL(/\/sekretariat\/dubletten\?entschieden=zusammengefuehrt$/);
	await expect(page.getByText('Die beiden Einträge wurden zusammengeführt.')).toBeVisible();
	await expect(page.getByTestId('duplicates-empty')).toBeVisible();
	// The decision stays explainable: who merged, when, and what moved.
	await page.getByRole('link', { name: /^Entscheidung zu .*Mueller ansehen$/ }).click();
	await expect(page.getByText('Dieses Paar wurde zusammengeführt.')).toBeVisible();
	await expect(page.getByText(/^Entschieden am .* von Petra Wagner\.$/)).toBeVisible();
	await expect(page.getByText(/^Klassenzugehörigkeiten: 1$/)).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await page.goto('/sekretariat');
	await expect(page.getByRole('link', { name: 'Mögliche Dubletten (0 offen)' })).toBeVisible();
});

test('a teacher does not get the possible-duplicates queue', async ({ page }) => {
	test.skip(test.info().project.name !== 'desktop-last', 'desktop only, after the other tests');
	await signIn(page, demoLogin('teacher').email, DEMO_PASSWORD);
	await page.goto('/sekretariat');
	await expect(page.getByRole('link', { name: /Mögliche Dubletten/ })).toHaveCount(0);
	const response = await page.goto('/sekretariat/dubletten');
	expect(response?.status()).toBe(403);
});

// The mapping step with JS (look, accessibility, phone), then the same file without JS: the mapping
// step and the import are plain form posts. Runs after the test above, so its two students
// (imported here) do not meet that test's counts.
test('a file with other column headings goes through the mapping step, with and without JS', async ({
	page,
	browser
}) => {
	test.skip(test.info().project.name !== 'desktop-last', 'desktop only, after the other tests');
	test.setTimeout(90_000);
	// "Nr.", "Geboren am" and "Kurs" are not in the default mapping.
	const file = save(
		'roster-other-headers.csv',
		encodeWindows1252(
			[
				'Nr.;Nachname;Vorname;Geboren am;Kurs',
				`5100001;Kübler;Zoë;01.02.2008;${CLASSES[0]}`,
				`5100002;Fuß;Björn;03.04.2008;${CLASSES[1]}`
			].join('\r\n') + '\r\n'
		)
	);
	await signIn(page, demoLogin('secretary').email, DEMO_PASSWORD);
	await page.goto('/sekretariat/import');
	await page.getByLabel('Klassenliste (CSV aus ASV-BW)').setInputFiles(file);
	await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
	const mapping = page.getByRole('form', { name: 'Spalten zuordnen' });
	await expect(mapping).toBeVisible({ timeout: 30_000 });
	await expect(page.getByRole('button', { name: 'Jetzt importieren' })).toHaveCount(0);
	// The suggestion is preselected; the others offer the file's headers.
	await expect(mapping.getByLabel('Familienname')).toHaveValue('1');
	await expect(mapping.getByLabel('Schüler-ID')).toHaveValue('');
	await expect(mapping.getByLabel('Schüler-ID').locator('option')).toHaveText([
		'– nicht in der Datei –',
		'Nr.',
		'Nachname',
		'Vorname',
		'Geboren am',
		'Kurs'
	]);
	await expectNoSeriousA11yViolations(page);
	await shot(page, 'mapping-1280');
	await page.setViewportSize({ width: 390, height: 844 });
	await expectNoSideways(page);
	await shot(page, 'mapping-390');

	// The same without JS, signed in with the same session.
	const noJs = await browser.newContext({
		javaScriptEnabled: false,
		storageState: await page.context().storageState(),
		baseURL: test.info().project.use.baseURL
	});
	const plain = await noJs.newPage();
	await plain.goto('/sekretariat/import');
	await plain.getByLabel('Klassenliste (CSV aus ASV-BW)').setInputFiles(file);
	await plain.getByRole('button', { name: 'Vorschau anzeigen' }).click();
	const form = plain.getByRole('form', { name: 'Spalten zuordnen' });
	await form.getByLabel('Schüler-ID').selectOption({ label: 'Nr.' });
	await form.getByLabel('Geburtsdatum').selectOption({ label: 'Geboren am' });
	await form.getByLabel('Klasse').selectOption({ label: 'Kurs' });
	await form.getByRole('button', { name: /Zuordnung übernehmen/ }).click();
	await expect(plain.getByTestId('rows-valid')).toHaveText('2', { timeout: 30_000 });
	await expect(plain.getByTestId('rows-invalid')).toHaveText('0');
	// The choices stay, so the import reads the same columns.
	await expect(
		plain.getByRole('form', { name: 'Spalten zuordnen' }).getByLabel('Schüler-ID')
	).toHaveValue('0');
	await plain.getByRole('button', { name: 'Jetzt importieren' }).click();
	await expect(plain).toHaveURL(/\/sekretariat\/import\?ergebnis=/, { timeout: 60_000 });
	await expect(plain.getByTestId('result-created')).toHaveText('2');
	await expect(plain.getByTestId('result-flagged')).toHaveText('0');
	await noJs.close();
});
