import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now (WCAG 2.1 A and AA rules) and fails on every `serious`
 * or `critical` violation, listing rule, impact, help link and the offending elements.
 * `exclude` takes CSS selectors of parts that are not ours to fix (none so far).
 */
export async function expectNoSeriousA11yViolations(
	page: Page,
	options: { exclude?: string[] } = {}
) {
	let builder = new AxeBuilder({ page }).withTags(WCAG_21_AA);
	for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
	const { violations } = await builder.analyze();
	const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	const report = serious
		.map((v) => {
			const nodes = v.nodes
				.slice(0, 5)
				.map(
					(n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`
				)
				.join('\n');
			const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
			return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
		})
		.join('\n\n');
	expect(
		serious.length,
		`axe: serious accessibility problems on ${page.url()}\n\n${report}\n`
	).toBe(0);
}
