import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

// SvelteKit's output folder (svelte.config.js): separate per build so builds can run side by side.
const kitDir = process.env.S360_KIT_DIR ?? '.svelte-kit';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// German URLs for everyone; the language comes from the cookie (set from the account's
			// saved language at sign-in), then the browser, then German.
			strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
			cookieName: 's360_lang'
		}),
		sveltekit(),
		SvelteKitPWA({
			// Must match svelte.config.js's kit.outDir, or workbox looks for the build in the wrong place
			// and the service worker stays out of the client output.
			kit: { outDir: kitDir },
			outDir: `${kitDir}/output`,
			registerType: 'prompt',
			injectRegister: false,
			// Our own service worker (src/service-worker.ts, built by SvelteKit): it also sends the
			// sick-note outbox on Background Sync and serves the offline sick-note form.
			strategies: 'injectManifest',
			// SvelteKit builds src/service-worker.ts itself; this name only says where it is published
			// (/sw.js, as before) and what UpdatePrompt registers.
			filename: 'sw.js',
			manifest: {
				id: '/',
				name: 'Schule 360° – Landkreis Seeburg',
				short_name: 'Schule 360°',
				description: 'Schulangelegenheiten der beruflichen Schulen online erledigen',
				lang: 'de',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				background_color: '#ffffff',
				theme_color: '#1e1a18',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			injectManifest: {
				// Precache the build and the two offline pages only. Signed-in HTML, __data.json, form
				// actions and /api are never cached (stale personal data is worse than none).
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}'],
				// Rendered by the server (see src/routes/(public)/offline/+page.ts and
				// krankmeldung-offline/): a new revision per build, because they link the build's files.
				additionalManifestEntries: [
					{ url: '/offline', revision: String(Date.now()) },
					{ url: '/krankmeldung-offline', revision: String(Date.now()) }
				]
			}
		})
	],
	test: {
		expect: { requireAssertions: true },
		// Vitest sometimes waits its full 10 s teardown for the dev server's watchers; nothing of
		// ours needs that long to close.
		teardownTimeout: 2_000,
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
					globalSetup: ['tests/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
