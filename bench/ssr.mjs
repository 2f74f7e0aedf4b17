// How fast is a signed-in page? Measures GET /start of the built app (PostgreSQL, demo data,
// signed in as the demo student) with autocannon, and the same work done by a bare node:http +
// postgres.js server for comparison: session by sha256(token) joined to its account, the person,
// the grants valid today (the queries of src/lib/server/identity/actor.ts), a small HTML page.
// Both use prepared statements (postgres.js's default; the app prepares its per-request queries).
// Not in the bare server: the per-request JSON log line (LOG_LEVEL, default info), CSP nonce, the
// locale middleware, cookie renewal, security headers and Svelte's rendering.
//
//   node bench/ssr.mjs [--rebuild] [--duration 10] [--connections 50]
//
// Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test; the user must be allowed to
// create databases), BENCH_PORT (default 3310; the bare server uses the next port),
// S360_BUILD_DIR / S360_KIT_DIR as for `npm run build`. A fresh database is created and dropped.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';

const { values: args } = parseArgs({
	options: {
		rebuild: { type: 'boolean', default: false },
		duration: { type: 'string', default: '10' },
		connections: { type: 'string', default: '50' },
		'bare-server': { type: 'string' } // internal: run only the bare server on this port
	}
});

const dayFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Berlin',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});
const escapeHtml = (s) =>
	String(s).replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]
	);

/** The comparison server: what the app does for GET /start, without the framework. */
async function runBareServer(port, databaseUrl) {
	// As many connections as the app's pool (DATABASE_POOL_SIZE, default 10).
	const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
	let closing = false;
	const server = createServer(async (req, res) => {
		try {
			const token = /(?:^|;\s*)s360_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
			if (!token) return res.writeHead(303, { location: '/anmelden' }).end();
			const sessionId = createHash('sha256').update(token).digest('hex');
			const [session] = await sql`
				select s.id, s.expires_at, a.id as account_id from sessions s
				join accounts a on a.id = s.account_id
				where s.id = ${sessionId} and s.expires_at > now() and a.disabled_at is null`;
			if (!session) return res.writeHead(303, { location: '/anmelden' }).end();
			// As src/lib/server/identity/actor.ts: the account (with whether a second factor is set
			// up) and the grants valid today, found through the account, in one go (six queries).
			const today = dayFormat.format(new Date());
			const companies = sql`select rm.company_id from role_memberships rm
				join accounts a on a.person_id = rm.person_id
				where a.id = ${session.account_id} and rm.role = 'company_contact'
				and rm.valid_from <= ${today} and (rm.valid_to is null or rm.valid_to >= ${today})`;
			const [[account], roles, classGrants, wards, consents, apprentices] = await Promise.all([
				sql`select a.id, a.person_id, a.email, a.email_verified_at, a.locale, p.given_names, p.family_name,
					exists (select 1 from totp_credentials t where t.account_id = a.id and t.confirmed_at is not null)
					or exists (select 1 from passkeys k where k.account_id = a.id) as has_second_factor
					from accounts a join people p on p.id = a.person_id where a.id = ${session.account_id}`,
				sql`select rm.role, rm.school_id, rm.company_id from role_memberships rm
					join accounts a on a.person_id = rm.person_id
					where a.id = ${session.account_id} and rm.valid_from <= ${today}
					and (rm.valid_to is null or rm.valid_to >= ${today})`,
				sql`select cm.class_id, c.school_id, cm.role from class_memberships cm
					join classes c on c.id = cm.class_id join accounts a on a.person_id = cm.person_id
					where a.id = ${session.account_id} and cm.valid_from <= ${today}
					and (cm.valid_to is null or cm.valid_to >= ${today})`,
				sql`select g.student_person_id, p.birth_date from guardianships g
					join people p on p.id = g.student_person_id join accounts a on a.person_id = g.guardian_person_id
					where a.id = ${session.account_id} and g.valid_from <= ${today}
					and (g.valid_to is null or g.valid_to >= ${today})`,
				sql`select c.student_person_id, c.scope, c.guardian_person_id, c.company_id from consents c
					where c.revoked_at is null and (c.guardian_person_id =
					(select person_id from accounts where id = ${session.account_id})
					or c.company_id in (${companies}))`,
				sql`select ap.student_person_id, p.birth_date, ap.company_id from apprenticeships ap
					join people p on p.id = ap.student_person_id
					where ap.company_id in (${companies}) and ap.starts_on <= ${today}
					and (ap.ends_on is null or ap.ends_on >= ${today})`
			]);
			if (!account) return res.writeHead(303, { location: '/anmelden' }).end();
			const name = escapeHtml(`${account.given_names} ${account.family_name}`);
			const html = `<!doctype html><html lang="${account.locale}"><head><meta charset="utf-8">
<title>Start – Schule 360°</title></head><body><header><a href="/">Schule 360°</a> ${name}</header>
<main><h1>Guten Tag, ${name}</h1><p>${roles.length} Rollen, ${classGrants.length} Klassen,
${wards.length} Kinder, ${consents.length} Einwilligungen, ${apprentices.length} Azubis</p><ul><li><a href="/anliegen">Meine Anliegen</a></li>
<li><a href="/konto">Konto</a></li></ul></main></body></html>`;
			res.writeHead(200, {
				'content-type': 'text/html; charset=utf-8',
				'cache-control': 'no-store'
			});
			res.end(html);
		} catch (error) {
			if (!closing) console.error(error);
			res.writeHead(500).end();
		}
	});
	server.listen(port, '127.0.0.1', () => process.send?.('ready'));
	// autocannon drops its connections at the end with requests still running: let them finish.
	process.once('SIGTERM', () => {
		closing = true;
		server.close();
		setTimeout(() => sql.end({ timeout: 2 }).finally(() => process.exit(0)), 1000);
	});
}

if (args['bare-server']) {
	await runBareServer(Number(args['bare-server']), process.env.DATABASE_URL);
} else {
	await main();
}

async function main() {
	const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
	const appPort = Number(process.env.BENCH_PORT ?? 3310);
	const barePort = appPort + 1;
	const origin = `http://127.0.0.1:${appPort}`;
	const buildDir = path.resolve(process.env.S360_BUILD_DIR ?? 'build');
	const duration = Number(args.duration);
	const connections = Number(args.connections);

	ensureBuild(buildDir, args.rebuild);
	const { email, password } = await demoStudent();

	const dbName = `s360_bench_${process.pid}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${dbName}`);
	const dbUrl = new URL(adminUrl);
	dbUrl.pathname = `/${dbName}`;
	const children = [];
	const cleanup = async () => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
		await Promise.all(children.map((c) => (c.exitCode === null ? exited(c, 5000) : null)));
		await admin.unsafe(`drop database if exists ${dbName} with (force)`);
		await admin.end({ timeout: 1 });
	};
	process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));

	try {
		console.log(`app: ${buildDir} on PostgreSQL database ${dbName}, demo data, port ${appPort}`);
		const startedAt = Date.now();
		const app = spawn(process.execPath, [buildDir], {
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(appPort),
				HOST: '127.0.0.1',
				ORIGIN: origin,
				DATABASE_URL: dbUrl.href,
				DEMO_DATA: '1',
				LOG_LEVEL: process.env.LOG_LEVEL ?? 'info'
			},
			// The app logs one JSON line per request, as in production; the bench discards them.
			stdio: ['ignore', 'ignore', 'inherit']
		});
		children.push(app);
		await waitForHealthy(`${origin}/healthz`, app, 120_000);
		console.log(`app ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

		const cookie = await signIn(origin, email, password);
		const check = await fetch(`${origin}/start`, { headers: { cookie }, redirect: 'manual' });
		const body = await check.text();
		if (check.status !== 200) throw new Error(`GET /start answered ${check.status}, not 200`);
		console.log(`signed in as ${email}; GET /start: 200, ${body.length} bytes of HTML`);

		const bare = spawn(
			process.execPath,
			[import.meta.filename, '--bare-server', String(barePort)],
			{
				env: { ...process.env, DATABASE_URL: dbUrl.href },
				stdio: ['ignore', 'inherit', 'inherit', 'ipc']
			}
		);
		children.push(bare);
		await new Promise((resolve, reject) => {
			bare.once('message', resolve);
			bare.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
		});
		const bareCheck = await fetch(`http://127.0.0.1:${barePort}/start`, { headers: { cookie } });
		if (bareCheck.status !== 200) throw new Error(`bare server answered ${bareCheck.status}`);

		console.log(
			`app: SvelteKit (NODE_ENV=production, LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info'}; at info a log line per request);` +
				' bare: the same 7 queries in 2 round trips, no logging, fixed HTML'
		);
		console.log(
			`\nautocannon: ${connections} connections, ${duration} s each, GET /start with the session cookie`
		);
		// Warm-up, so both servers have their connection pools open and code compiled.
		await load(`${origin}/start`, cookie, 2, connections);
		const appResult = await load(`${origin}/start`, cookie, duration, connections);
		await load(`http://127.0.0.1:${barePort}/start`, cookie, 2, connections);
		const bareResult = await load(
			`http://127.0.0.1:${barePort}/start`,
			cookie,
			duration,
			connections
		);

		const rows = [
			['SvelteKit app (node build)', appResult],
			['bare node:http + postgres', bareResult]
		];
		console.log('');
		console.log('server                        req/s    p50 ms   p99 ms   non-2xx  errors');
		for (const [label, r] of rows) {
			console.log(
				`${label.padEnd(28)} ${r.requests.average.toFixed(0).padStart(6)} ${String(r.latency.p50).padStart(9)} ${String(r.latency.p99).padStart(8)} ${String(r.non2xx).padStart(9)} ${String(r.errors + r.timeouts).padStart(7)}`
			);
		}
		const ratio = bareResult.requests.average / appResult.requests.average;
		console.log(
			`load average after the runs: ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}`
		);
		console.log(
			`\nthe app serves ${(100 / ratio).toFixed(0)} % of the bare server's throughput (bare/app = ${ratio.toFixed(2)}×)`
		);
		if (appResult.non2xx || bareResult.non2xx || appResult.errors || bareResult.errors)
			process.exitCode = 1;
	} finally {
		await cleanup();
	}
}

function load(url, cookie, duration, connections) {
	return autocannon({ url, duration, connections, headers: { cookie } });
}

/** Builds unless the build is newer than every source file (or --rebuild). */
function ensureBuild(buildDir, force) {
	const entry = path.join(buildDir, 'index.js');
	if (!force && existsSync(entry)) {
		const built = statSync(entry).mtimeMs;
		const newest = ['src', 'drizzle', 'messages'].reduce(
			(max, dir) => Math.max(max, newestMtime(dir)),
			0
		);
		if (newest < built) return;
	}
	console.log('building (npm run build) …');
	const result = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (result.status !== 0) throw new Error('build failed');
}

function newestMtime(dir) {
	if (!existsSync(dir)) return 0;
	let max = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		const file = path.join(entry.parentPath, entry.name);
		if (file.includes(`${path.sep}paraglide${path.sep}`)) continue;
		max = Math.max(max, statSync(file).mtimeMs);
	}
	return max;
}

/** The demo student's login from src/lib/server/demo/logins.ts (type-only imports: transpile). */
async function demoStudent() {
	const ts = (await import('typescript')).default;
	const source = readFileSync('src/lib/server/demo/logins.ts', 'utf8');
	const js = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
	}).outputText;
	const logins = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
	return { email: logins.demoLogin('student').email, password: logins.DEMO_PASSWORD };
}

/** POSTs the sign-in form as a browser would and returns the session cookie. */
async function signIn(origin, email, password) {
	const response = await fetch(`${origin}/anmelden`, {
		method: 'POST',
		redirect: 'manual',
		// A browser's plain form post: `accept: */*` would get the use:enhance JSON answer instead.
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin },
		body: new URLSearchParams({ email, password, next: '/start' })
	});
	const session = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('s360_session='));
	if (response.status !== 303 || !session)
		throw new Error(`sign-in failed: ${response.status} ${(await response.text()).slice(0, 300)}`);
	return session;
}

async function waitForHealthy(url, child, timeoutMs) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`${url} not healthy after ${timeoutMs / 1000} s`);
}

function exited(child, timeoutMs) {
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			resolve();
		}, timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}
