import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';

test('the landing page loads and leads to the sign-in', async ({ page }) => {
	const response = await page.goto('/');
	expect(response?.status()).toBe(200);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Schule 360°');
	await expect(page.getByRole('link', { name: 'Anmelden' }).first()).toHaveAttribute(
		'href',
		'/anmelden'
	);
});

test('/healthz answers 200 with JSON', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('application/json');
	expect(await response.json()).toEqual({ status: 'ok', database: 'pglite' });
});

test('the sign-in page has no serious accessibility problems', async ({ page }) => {
	await page.goto('/anmelden');
	await expect(page.getByLabel('E-Mail-Adresse')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
});
