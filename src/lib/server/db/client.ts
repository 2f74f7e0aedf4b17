import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; services accept `Database | Tx` where they may run inside a caller's. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

export interface OpenDatabase {
	db: Database;
	kind: 'postgres' | 'pglite';
	close(): Promise<void>;
}

export interface DatabaseConfig {
	/** postgres://… — when set, PostgreSQL through postgres.js; otherwise embedded PGlite. */
	databaseUrl?: string;
	/** PGlite data directory; `memory://` for a throwaway in-memory database. */
	pgliteDir?: string;
	/** A PGlite data dump (from `dumpDataDir`) to start from, for fast tests. */
	pgliteSnapshot?: Blob | File;
	migrationsDir?: string;
}

export const defaultMigrationsDir = () => path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle');

export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
	const migrationsFolder = config.migrationsDir ?? defaultMigrationsDir();
	if (config.databaseUrl) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		const client = postgres(config.databaseUrl, {
			max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
			onnotice: () => {}
		});
		const db = drizzle(client, { schema, casing: 'snake_case' });
		await migrate(db, { migrationsFolder });
		return {
			db: db as unknown as Database,
			kind: 'postgres',
			close: () => client.end({ timeout: 1 })
		};
	}

	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const dir = config.pgliteDir ?? path.resolve('data/pglite');
	if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
	const client = await PGlite.create(
		config.pgliteSnapshot ? { loadDataDir: config.pgliteSnapshot } : { dataDir: dir }
	);
	const db = drizzle(client, { schema, casing: 'snake_case' });
	await migrate(db, { migrationsFolder });
	return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
}
