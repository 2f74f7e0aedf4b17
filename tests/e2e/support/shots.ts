import type { Page } from '@playwright/test';

/**
 * With E2E_SHOTS_DIR set, full-page screenshots at phone and desktop width, as
 * `{E2E_SHOTS_DIR}/{name}-{width}.png`, for a human to look at; the viewport is put back after.
 */
export async function shots(page: Page, name: string) {
	const dir = process.env.E2E_SHOTS_DIR;
	if (!dir) return;
	const size = page.viewportSize();
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
	}
	if (size) await page.setViewportSize(size);
}
