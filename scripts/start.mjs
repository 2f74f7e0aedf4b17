// `npm start`: builds the app when the build is missing or older than the sources, runs the built
// server (`node build`) with demo defaults — PGlite in data/pglite, demo data, the development mail
// outbox — waits until it answers, and prints the address and the demo logins. Ctrl-C or SIGTERM
// stop the server (adapter-node shuts down gracefully, src/lib/server/startup.ts closes the
// database); a second start reuses the data.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.resolve(root, process.env.S360_BUILD_DIR ?? 'build');
const READY_TIMEOUT_MS = 180_000;
/** After Ctrl-C the server gets this long to finish, then it is killed. */
const STOP_GRACE_MS = 2_500;

// Inputs of the build; generated and test-only files do not count.
const BUILD_INPUTS = [
	'src',
	'messages',
	'static',
	'drizzle',
	'package.json',
	'svelte.config.js',
	'vite.config.ts',
	'project.inlang/settings.json'
];
const IGNORED = [/[/\\]src[/\\]lib[/\\]paraglide([/\\]|$)/, /\.test\.ts$/];

/** Newest modification time (ms) of the build inputs. */
function newestSource() {
	let newest = 0;
	const visit = (/** @type {string} */ file) => {
		if (!existsSync(file) || IGNORED.some((re) => re.test(file))) return;
		const stat = statSync(file);
		if (stat.isDirectory()) {
			for (const entry of readdirSync(file)) visit(path.join(file, entry));
		} else newest = Math.max(newest, stat.mtimeMs);
	};
	for (const input of BUILD_INPUTS) visit(path.join(root, input));
	return newest;
}

function needsBuild() {
	const entry = path.join(buildDir, 'index.js');
	if (!existsSync(entry)) return 'no build yet';
	return newestSource() > statSync(entry).mtimeMs ? 'sources changed since the last build' : null;
}

function build(/** @type {string} */ reason) {
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	if (!existsSync(vite)) {
		console.error('Vite is not installed: run `npm install` first.');
		process.exit(1);
	}
	const logFile = `${buildDir}.log`;
	console.log(
		`Building the app (${reason}); this takes a minute … (log: ${path.relative(root, logFile)})`
	);
	const started = Date.now();
	const log = openSync(logFile, 'w');
	const result = spawnSync(process.execPath, [vite, 'build'], {
		cwd: root,
		stdio: ['ignore', log, log],
		env: { ...process.env, NODE_ENV: 'production' }
	});
	closeSync(log);
	if (result.status !== 0) {
		console.error(readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n'));
		console.error(`The build failed; the full log is in ${logFile}.`);
		process.exit(result.status ?? 1);
	}
	console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

/**
 * The demo logins from src/lib/server/demo/logins.ts. That file has no runtime imports: Node ≥ 22.18
 * imports it as it is; on Node 20 TypeScript's transpiler turns it into a module first.
 * @returns {Promise<{ DEMO_PASSWORD: string, DEMO_LOGINS: { label: string, email: string, givenNames: string, familyName: string }[] }>}
 */
async function demoLogins() {
	const file = path.join(root, 'src/lib/server/demo/logins.ts');
	try {
		return await import(pathToFileURL(file).href);
	} catch {
		const { default: ts } = await import('typescript');
		const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
		});
		return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
	}
}

/** Whether something already listens on the port (a second `npm start`, another app). */
function portTaken(/** @type {number} */ port, /** @type {string} */ host) {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(true));
		probe.listen(port, host, () => probe.close(() => resolve(false)));
	});
}

const reason = needsBuild();
if (reason) build(reason);

/** @type {Record<string, string>} */
const defaults = {
	NODE_ENV: 'production',
	PORT: '3000',
	HOST: '0.0.0.0',
	DEMO_DATA: '1',
	PGLITE_DIR: 'data/pglite',
	// Keeps the development mail outbox (/entwicklung/postausgang) although NODE_ENV=production.
	S360_DEV_TOOLS: '1',
	// Request logs would bury the banner; LOG_LEVEL=info shows them.
	LOG_LEVEL: 'warn',
	// Seconds adapter-node waits for open connections after Ctrl-C (its default is 30).
	SHUTDOWN_TIMEOUT: '1',
	// adapter-node refuses request bodies over 512 KB by default; uploads (class lists,
	// attachments) may be up to 10 MB.
	BODY_SIZE_LIMIT: '11M'
};
/** @type {Record<string, string | undefined>} */
const env = { ...defaults, ...process.env };
env.ORIGIN ??= `http://localhost:${env.PORT}`;
const port = Number(env.PORT);
const host = env.HOST ?? '0.0.0.0';

if (await portTaken(port, host)) {
	console.error(
		`Port ${port} is in use (is Schule 360° already running?). Try PORT=3001 npm start.`
	);
	process.exit(1);
}

const server = spawn(process.execPath, [buildDir], { cwd: root, env, stdio: 'inherit' });
let stopping = false;
let stoppingSince = 0;
let ready = false;

server.on('exit', (code, signal) => {
	if (!ready && !stopping)
		console.error(`The server stopped before it was ready (${signal ?? `exit code ${code}`}).`);
	process.exit(code ?? (signal ? 1 : 0));
});

function stop(/** @type {NodeJS.Signals} */ signal) {
	if (stopping) {
		// Ctrl-C pressed again: do not wait any longer. (The same signal may arrive twice at once,
		// from the terminal and forwarded by npm: that is not a second press.)
		if (Date.now() - stoppingSince > 500) server.kill('SIGKILL');
		return;
	}
	stopping = true;
	stoppingSince = Date.now();
	server.kill(signal);
	setTimeout(() => server.kill('SIGKILL'), STOP_GRACE_MS).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

// Up when /healthz answers; any answer below 500 counts, so an older build without it also does.
const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const healthUrl = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}/healthz`;
const deadline = Date.now() + READY_TIMEOUT_MS;
while (!stopping) {
	try {
		const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
		if (response.status < 500) break;
	} catch {
		// not listening yet
	}
	if (Date.now() > deadline) {
		console.error(`The server did not answer at ${healthUrl} within ${READY_TIMEOUT_MS / 1000} s.`);
		stop('SIGTERM');
		break;
	}
	await new Promise((resolve) => setTimeout(resolve, 250));
}
if (!stopping) {
	ready = true;
	await printBanner();
}

async function printBanner() {
	const origin = /** @type {string} */ (env.ORIGIN).replace(/\/$/, '');
	let database = `PGlite (embedded, ${path.resolve(root, /** @type {string} */ (env.PGLITE_DIR))})`;
	if (env.DATABASE_URL) {
		let where = '';
		try {
			const url = new URL(env.DATABASE_URL);
			where = ` (${url.host}${url.pathname})`;
		} catch {
			// printed without the address
		}
		database = `PostgreSQL${where}`;
	}
	const lines = ['', `Schule 360° is running: ${origin}`, `Database: ${database}`];
	if (env.DEMO_DATA === '1') {
		const logins = await demoLogins().catch(() => null);
		if (!logins) {
			lines.push('Demo data: on; the demo logins are listed in README.md.');
			return console.log(lines.join('\n'));
		}
		const { DEMO_LOGINS, DEMO_PASSWORD } = logins;
		const rows = DEMO_LOGINS.map((l) => [
			l.label,
			l.email,
			DEMO_PASSWORD,
			`${l.givenNames} ${l.familyName}`
		]);
		const header = ['Role', 'E-mail', 'Password', 'Name'];
		const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
		const format = (/** @type {string[]} */ cells) =>
			`  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
		lines.push(
			'',
			'Demo logins:',
			format(header),
			format(widths.map((w) => '-'.repeat(w))),
			...rows.map(format)
		);
		const devTools = env.S360_DEV_TOOLS === '1' || env.NODE_ENV !== 'production';
		lines.push(
			'',
			devTools
				? `Staff and district logins ask for a second factor: their current codes are at ${origin}/entwicklung/zweiter-faktor`
				: 'Staff and district logins ask for a second factor (demo keys in src/lib/server/demo/second-factor.ts).'
		);
	} else {
		lines.push('Demo data: off (DEMO_DATA is not 1).');
	}
	if (env.SMTP_URL) lines.push('', 'Mail goes out through SMTP_URL.');
	else if (env.S360_DEV_TOOLS === '1' || env.NODE_ENV !== 'production')
		lines.push(
			'',
			`Mail (sign-in codes, password reset) lands in the outbox: ${origin}/entwicklung/postausgang`
		);
	lines.push('', 'Stop with Ctrl-C.', '');
	console.log(lines.join('\n'));
}
