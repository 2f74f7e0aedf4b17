import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { referenceCounters } from './schema';

/** Formats S360-2026-000123. */
export const formatReference = (year: number, n: number) =>
	`S360-${year}-${String(n).padStart(6, '0')}`;

/**
 * Hands out the next reference number of the year. The counter row is updated in the caller's
 * transaction, so concurrent cases get distinct numbers and a rolled-back case leaves no gap.
 */
export async function nextReference(tx: DbOrTx, year: number) {
	const [row] = await tx
		.insert(referenceCounters)
		.values({ year, last: 1 })
		.onConflictDoUpdate({
			target: referenceCounters.year,
			set: { last: sql`${referenceCounters.last} + 1` }
		})
		.returning({ last: referenceCounters.last });
	return formatReference(year, row.last);
}
