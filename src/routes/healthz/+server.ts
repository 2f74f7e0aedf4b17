import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { db, databaseKind } from '$lib/server/db';
import { allowGuest } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

/** For load balancers and monitoring: 200 when the database answers, 503 otherwise. */
export const GET: RequestHandler = async (event) => {
	allowGuest(event);
	try {
		await db().execute(sql`select 1`);
		return json(
			{ status: 'ok', database: databaseKind() },
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch {
		return json(
			{ status: 'unavailable' },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	}
};
