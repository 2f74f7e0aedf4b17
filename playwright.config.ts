// Browser tests against the real production build: tests/e2e/support/serve.mjs runs `npm run build`,
// wipes the e2e PGlite directory and starts the built server on it with demo data. All tests share
// that one server, so a test that changes data uses an account no other test uses.
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
const origin = `http://localhost:${port}`;
const buildDir = process.env.S360_BUILD_DIR ?? 'build';
// Side-by-side runs (several working copies of one checkout) keep their reports apart.
const reportDir = process.env.E2E_REPORT_DIR ?? 'tests/.tmp';

const ROSTER_IMPORT = '**/roster-import.e2e.ts';

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: `${reportDir}/playwright-output`,
	// PGlite serialises every query; more workers only queue up behind it.
	workers: 2,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 5_000 },
	reporter: [['list'], ['json', { outputFile: `${reportDir}/playwright-results.json` }]],
	use: {
		baseURL: origin,
		locale: 'de-DE',
		timezoneId: 'Europe/Berlin',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{
			name: 'phone',
			testIgnore: ROSTER_IMPORT,
			use: {
				browserName: 'chromium',
				viewport: { width: 390, height: 844 },
				deviceScaleFactor: 2,
				isMobile: true,
				hasTouch: true,
				userAgent: devices['Pixel 7'].userAgent
			}
		},
		{
			name: 'desktop',
			testIgnore: ROSTER_IMPORT,
			use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } }
		},
		{
			// The class-list import marks the Gewerbliche Schule Seeburg's demo students as left, which
			// other tests (sick notes in TG11, EL1 …) depend on: it runs after all of them, at desktop size.
			name: 'desktop-last',
			testMatch: ROSTER_IMPORT,
			dependencies: ['phone', 'desktop'],
			use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } }
		}
	],
	webServer: {
		command: 'node tests/e2e/support/serve.mjs',
		url: `${origin}/healthz`,
		reuseExistingServer: !process.env.CI,
		timeout: 240_000,
		stdout: 'pipe',
		stderr: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
		env: {
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DEMO_DATA: '1',
			S360_DEV_TOOLS: '1',
			JOB_WORKER: '1',
			S360_BUILD_DIR: buildDir,
			PGLITE_DIR: process.env.E2E_PGLITE_DIR ?? 'tests/.tmp/e2e-pglite',
			FILES_DIR: process.env.E2E_FILES_DIR ?? 'tests/.tmp/e2e-files',
			LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
			BODY_SIZE_LIMIT: '11M'
		}
	}
});
