// Staff and district areas: each role reaches its own pages, and a second user is refused.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DEMO_PASSWORD, demoLogin, passSecondFactor, signIn } from './support/login';

test('a secretary sees their school; the district pages are refused', async ({ page }) => {
	await signIn(page, demoLogin('secretary').email, DEMO_PASSWORD);
	await page
		.getByRole('link', { name: /Sekretariat/ })
		.first()
		.click();
	await expect(page).toHaveURL(/\/sekretariat$/);
	const table = page.getByRole('table', { name: 'Meine Schulen' });
	await expect(table.getByRole('rowheader', { name: 'Gewerbliche Schule Seeburg' })).toBeVisible();
	// Another school's data is not on this page.
	await expect(page.getByText('Kaufmännische Schule Lindenau')).toHaveCount(0);
	await expectNoSeriousA11yViolations(page);

	for (const path of ['/kreis', '/kreis/auftraege', '/kreis/protokoll']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
	}
});

test('the district admin sees all schools, the job queue and the audit log', async ({ page }) => {
	await signIn(page, demoLogin('districtAdmin').email, DEMO_PASSWORD);
	await page.goto('/kreis');
	const table = page.getByRole('table', { name: 'Schulen im Landkreis' });
	await expect(table.getByRole('rowheader')).toHaveCount(2);
	await expectNoSeriousA11yViolations(page);

	await page.goto('/kreis/auftraege');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hintergrundaufträge');
	await expect(page.getByText('Erledigt')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	await page.goto('/kreis/protokoll');
	// The sign-in just now is the newest entry.
	await expect(page.getByRole('cell', { name: 'auth.login', exact: true }).first()).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	const response = await page.goto('/sekretariat');
	expect(response?.status()).toBe(403);
});

test('district finance sees the schools but not the job queue or the audit log', async ({
	page
}) => {
	await signIn(page, demoLogin('districtFinance').email, DEMO_PASSWORD);
	expect((await page.goto('/kreis'))?.status()).toBe(200);
	expect((await page.goto('/kreis/auftraege'))?.status()).toBe(403);
	expect((await page.goto('/kreis/protokoll'))?.status()).toBe(403);
});

test('a student is refused the staff and district areas', async ({ page }) => {
	await signIn(page, demoLogin('studentMinor').email, DEMO_PASSWORD);
	for (const path of ['/sekretariat', '/kreis', '/kreis/auftraege']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keine Berechtigung');
	}
	await page.getByRole('link', { name: 'Zur Startseite' }).click();
	await expect(page).toHaveURL(/\/start$/);
	// A form action of the district area is refused too, not only the page.
	const post = await page.request.post('/kreis/auftraege?/retry', {
		form: { job: '1' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(post.status()).toBe(403);
});

test('a signed-out visitor is sent to the sign-in and comes back afterwards', async ({ page }) => {
	await page.goto('/konto');
	await expect(page).toHaveURL(/\/anmelden\?next=%2Fkonto/);
	await page.getByLabel('E-Mail-Adresse').fill(demoLogin('schoolAdmin').email);
	await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	await passSecondFactor(page, demoLogin('schoolAdmin').email);
	await expect(page).toHaveURL(/\/konto$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mein Konto');
	await expectNoSeriousA11yViolations(page);
});

test('a teacher works at the school but may not import the class list', async ({ page }) => {
	await signIn(page, demoLogin('teacher').email, DEMO_PASSWORD);
	await page.goto('/sekretariat');
	// Language-independent checks: another test switches this account's language meanwhile.
	await expect(page.getByRole('table')).toBeVisible();
	await expect(page.locator('a[href="/sekretariat/import"]')).toHaveCount(0);
	expect((await page.goto('/sekretariat/import'))?.status()).toBe(403);
	const post = await page.request.post('/sekretariat/import?/preview', {
		multipart: { file: { name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from('x') } },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(post.status()).toBe(403);
});
