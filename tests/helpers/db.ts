import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '$lib/server/db/client';
import { closeDatabase, useDatabase } from '$lib/server/db';
import { registerAllJobs } from '$lib/server/jobs/definitions';

const SNAPSHOT = path.resolve('tests/.tmp/pglite-snapshot.tar.gz');

/**
 * Gives the calling test file its own database: a copy of the migrated PGlite snapshot, or a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set (created here, dropped afterwards).
 */
export function useTestDatabase() {
	let dropDatabase: (() => Promise<void>) | undefined;
	beforeAll(async () => {
		registerAllJobs();
		const url = process.env.TEST_DATABASE_URL;
		if (url) {
			const name = `s360_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
			const admin = postgres(url, { max: 1, onnotice: () => {} });
			await admin.unsafe(`create database ${name}`);
			const testUrl = new URL(url);
			testUrl.pathname = `/${name}`;
			useDatabase(await openDatabase({ databaseUrl: testUrl.toString() }));
			dropDatabase = async () => {
				await admin.unsafe(`drop database if exists ${name} with (force)`);
				await admin.end();
			};
		} else {
			const snapshot = new Blob([readFileSync(SNAPSHOT)]);
			useDatabase(await openDatabase({ pgliteDir: 'memory://', pgliteSnapshot: snapshot }));
		}
	});
	afterAll(async () => {
		await closeDatabase();
		await dropDatabase?.();
	});
}
