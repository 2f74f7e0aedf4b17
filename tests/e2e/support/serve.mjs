// Playwright's web server: builds the app (output in tests/.tmp/e2e-build.log, shown on failure),
// wipes the e2e database and files, then runs the built server in this process — the same
// `node build` that `npm start` runs. E2E_SKIP_BUILD=1 reuses an existing build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const buildDir = path.resolve(process.env.S360_BUILD_DIR ?? 'build');
const logFile = path.resolve('tests/.tmp/e2e-build.log');

if (process.env.E2E_SKIP_BUILD !== '1') {
	mkdirSync(path.dirname(logFile), { recursive: true });
	const started = Date.now();
	const build = spawnSync('npm', ['run', 'build'], {
		encoding: 'utf8',
		env: { ...process.env, NODE_ENV: 'production' },
		maxBuffer: 64 * 1024 * 1024
	});
	writeFileSync(logFile, `${build.stdout ?? ''}\n${build.stderr ?? ''}`);
	if (build.status !== 0) {
		console.error(readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n'));
		console.error(`e2e: build failed (full log: ${logFile})`);
		process.exit(1);
	}
	console.log(`e2e: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

for (const dir of [process.env.PGLITE_DIR, process.env.FILES_DIR]) {
	if (dir) rmSync(path.resolve(dir), { recursive: true, force: true });
}

await import(pathToFileURL(path.join(buildDir, 'index.js')).href);
