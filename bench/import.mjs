// How long does a roster import of a large school take? Imports 20,000 generated ASV-BW rows into a
// fresh PostgreSQL database (all new people), then the same file again (all matched, nothing
// changes), then the file with every tenth row's class changed, and prints the seconds of each.
// Issue 3 asks for < 10 s per import of 20,000 rows.
//
//   node bench/import.mjs [--rows 20000]
//
// Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test; the user must be allowed to
// create databases). A fresh database is created and dropped. The TypeScript services are loaded
// through Vite's SSR loader (no build needed).
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { createServer } from 'vite';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '20000' } } });
const ROWS = Number(args.rows);
const baseUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const vite = await createServer({
	configFile: false,
	logLevel: 'error',
	appType: 'custom',
	server: { middlewareMode: true, hmr: false, watch: null }
});
const load = (file) => vite.ssrLoadModule(file);

const name = `s360_bench_import_${process.pid}`;
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
try {
	const url = new URL(baseUrl);
	url.pathname = `/${name}`;
	const { openDatabase } = await load('/src/lib/server/db/client.ts');
	const { useDatabase, closeDatabase, db } = await load('/src/lib/server/db/index.ts');
	const schema = await load('/src/lib/server/identity/schema.ts');
	const { loadActor } = await load('/src/lib/server/identity/actor.ts');
	const { importRoster } = await load('/src/lib/server/identity/roster/import-service.ts');
	const { generateRosterCsv, FIXTURE_CLASSES } = await load(
		'/src/lib/server/identity/roster/fixtures.ts'
	);
	const { schoolDay } = await load('/src/lib/server/clock.ts');
	useDatabase(await openDatabase({ databaseUrl: url.toString() }));

	// A school, this school year's classes and a secretary.
	const today = schoolDay();
	const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 8 ? 1 : 0);
	const [school] = await db()
		.insert(schema.schools)
		.values({
			code: 'BENCH',
			name: 'Bench-Schule',
			shortName: 'BS',
			address: 'Schulstraße 1, 78000 Seeburg',
			email: 'bench@schule.example'
		})
		.returning();
	const [schoolYear] = await db()
		.insert(schema.schoolYears)
		.values({
			label: `${year}/${year + 1}`,
			startsOn: `${year}-08-01`,
			endsOn: `${year + 1}-07-31`
		})
		.returning();
	await db()
		.insert(schema.classes)
		.values(
			FIXTURE_CLASSES.map((c) => ({
				schoolId: school.id,
				schoolYearId: schoolYear.id,
				name: c,
				schoolType: 'part_time'
			}))
		);
	const [person] = await db()
		.insert(schema.people)
		.values({ givenNames: 'Sabine', familyName: 'Sekretärin' })
		.returning();
	const [account] = await db()
		.insert(schema.accounts)
		.values({ personId: person.id, email: 'sekretariat@bench.example' })
		.returning();
	await db().insert(schema.roleMemberships).values({
		personId: person.id,
		role: 'secretary',
		schoolId: school.id,
		validFrom: '2000-01-01'
	});
	const actor = await loadActor(account.id, 'bench');

	const file = generateRosterCsv({ rows: ROWS, encoding: 'windows-1252', seed: 20 });
	const moved = generateRosterCsv({
		rows: ROWS,
		encoding: 'windows-1252',
		seed: 20,
		overrides: Object.fromEntries(
			Array.from({ length: Math.floor(ROWS / 10) }, (_, i) => [i * 10, { className: 'VAB-O' }])
		)
	});
	for (const [label, bytes] of [
		['first import', file],
		['same file again', file],
		['every 10th row to VAB-O', moved]
	]) {
		const started = performance.now();
		const result = await importRoster(actor, school.id, bytes);
		const seconds = (performance.now() - started) / 1000;
		if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.errors)}`);
		console.log(
			`${label.padEnd(26)} ${ROWS} rows  ${seconds.toFixed(2)} s  ${JSON.stringify(result.value)}`
		);
	}
	await closeDatabase();
} finally {
	await vite.close();
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.end();
}
