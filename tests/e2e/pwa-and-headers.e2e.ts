// The installable app shell and the security headers every page carries.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, demoLogin, signIn } from './support/login';

test('security headers are set; personal pages are not stored', async ({ page, request }) => {
	const response = await request.get('/anmelden');
	const h = response.headers();
	expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(h['x-request-id']).toMatch(/.{8,}/);

	await signIn(page, demoLogin('teacher').email, DEMO_PASSWORD);
	const personal = await page.request.get('/konto');
	expect(personal.headers()['cache-control']).toBe('no-store');
});

test('the app is installable and shows the offline page without network', async ({
	page,
	context
}) => {
	test.skip(test.info().project.name !== 'phone', 'one viewport is enough for the service worker');
	await page.goto('/');
	const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await (await page.request.get(manifestHref!)).json();
	expect(manifest.name).toContain('Schule 360°');
	expect(manifest.display).toBe('standalone');
	expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(
		expect.arrayContaining(['192x192', '512x512'])
	);

	await signIn(page, demoLogin('student').email, DEMO_PASSWORD);
	await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, {
		timeout: 20_000
	});
	// Only build files and the offline page are cached: never personal pages.
	await page.goto('/anliegen');
	const cached = await page.evaluate(async () => {
		const urls: string[] = [];
		for (const name of await caches.keys())
			for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
		return urls;
	});
	expect(cached).toContain('/offline');
	expect(cached.filter((u) => /^\/(start|anliegen|konto)|__data\.json/.test(u))).toEqual([]);

	await context.setOffline(true);
	await page.goto('/konto/sitzungen');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keine Verbindung');
	await context.setOffline(false);
	await page.getByRole('button', { name: 'Neu laden' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Sitzungen');
});
