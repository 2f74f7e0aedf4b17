// Builds one migrated PGlite database and dumps it, so each test file starts from a copy in
// ≈0.5 s instead of migrating anew (≈3 s). With TEST_DATABASE_URL, test files use PostgreSQL.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

export const SNAPSHOT = path.resolve('tests/.tmp/pglite-snapshot.tar.gz');

export default async function setup() {
	if (process.env.TEST_DATABASE_URL) return;
	const client = await PGlite.create();
	await migrate(drizzle(client), { migrationsFolder: path.resolve('drizzle') });
	const dump = await client.dumpDataDir('gzip');
	mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
	writeFileSync(SNAPSHOT, Buffer.from(await dump.arrayBuffer()));
	await client.close();
}
