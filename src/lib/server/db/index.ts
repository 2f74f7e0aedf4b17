import type { Database, OpenDatabase } from './client';

export type { Database, DbOrTx, Tx } from './client';

// The process-wide database, opened once at server start (hooks `init`) or per test file.
let current: OpenDatabase | undefined;

export function db(): Database {
	if (!current) throw new Error('Database not opened: call useDatabase() first');
	return current.db;
}

export function databaseKind() {
	return current?.kind;
}

export function useDatabase(opened: OpenDatabase) {
	current = opened;
}

export async function closeDatabase() {
	const closing = current;
	current = undefined;
	await closing?.close();
}
