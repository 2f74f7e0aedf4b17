// The office imports its ASV-BW class list: a file with one faulty row is refused in the preview,
// the corrected file is imported and the summary counts what happened.
// Note: the e2e server's data is shared by all tests. This import marks the demo students of the
// Gewerbliche Schule Seeburg as left (they are not in the generated file); no other test depends on
// their class membership. A test that does must sign in at the other school or run before this one.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CLASS_PLANS } from '../../src/lib/server/demo/district';
import { generateRosterCsv } from '../../src/lib/server/identity/roster/fixtures';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';

const ROWS = 2_000;
/** The demo secretary's school (Gewerbliche Schule Seeburg): only its classes are valid. */
const CLASSES = CLASS_PLANS.filter((c) => c.school === 'gs').map((c) => c.name);
const FAULTY_ROW = 57; // 0-based data row → line 59 (line 1 is the header)

function writeRoster(
	name: string,
	seed: number,
	extra: Record<number, { birthDate: string }> = {}
) {
	const overrides: Record<number, { className: string; birthDate?: string }> = {};
	for (let i = 0; i < ROWS; i++) overrides[i] = { className: CLASSES[i % CLASSES.length] };
	for (const [i, o] of Object.entries(extra)) Object.assign(overrides[Number(i)], o);
	const bytes = generateRosterCsv({ rows: ROWS, encoding: 'windows-1252', seed, overrides });
	const file = path.resolve('tests/.tmp', name);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, bytes);
	return file;
}

test('the secretary previews a class list, sees the faulty row, then imports the fixed file', async ({
	page
}) => {
	test.skip(test.info().project.name !== 'desktop', 'desktop only');
	test.setTimeout(120_000);
	const faulty = writeRoster('roster-faulty.csv', 31, { [FAULTY_ROW]: { birthDate: '' } });
	const valid = writeRoster('roster-valid.csv', 31);

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

	await page.getByRole('button', { name: 'Jetzt importieren' }).click();
	await expect(page).toHaveURL(/\/sekretariat\/import\?ergebnis=/, { timeout: 90_000 });
	await expect(page.getByText('Die Klassenliste wurde importiert.')).toBeVisible();
	const created = Number(await page.getByTestId('result-created').textContent());
	const flagged = Number(await page.getByTestId('result-flagged').textContent());
	expect(created).toBe(ROWS);
	expect(flagged).toBe(0);
	await expect(page.getByTestId('result-updated')).toHaveText('0');
	// Every demo student of the school is missing from the file, so all of them have left.
	expect(Number(await page.getByTestId('result-left').textContent())).toBeGreaterThan(0);
	await expectNoSeriousA11yViolations(page);
});
