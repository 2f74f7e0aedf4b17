// Reports are stored once per client id (the form's or the device's): a form sent twice, or the
// outbox and the page sending at once, make one sick note. Shared by the family's report, the
// device's report and the office's phone report.
import { and, eq } from 'drizzle-orm';
import { cases } from '../cases/schema';
import { db, type Tx } from '../db';
import { failure, ok, type Result } from '../errors';
import type { Actor } from '../policy';
import { sickNotes } from './schema';

export interface ReportedSickNote {
	caseId: string;
	reference: string;
	/** False when the same client id had been sent before: nothing new was stored. */
	created: boolean;
}

export async function existingByClientId(
	tx: Tx | ReturnType<typeof db>,
	actor: Actor,
	clientId: string
) {
	const [row] = await tx
		.select({ caseId: cases.id, reference: cases.reference })
		.from(sickNotes)
		.innerJoin(cases, eq(cases.id, sickNotes.caseId))
		.where(
			and(eq(sickNotes.reportedByAccountId, actor.accountId), eq(sickNotes.clientId, clientId))
		)
		.limit(1);
	return row ?? null;
}

/**
 * Stores a report once per client id: `store` checks the input and writes it in one transaction.
 * When the id was sent before, or a second request with it wins the race for the unique index,
 * the stored report is answered and nothing new is created.
 */
export async function reportOnce(
	actor: Actor,
	rawClientId: string,
	store: (clientId: string) => Promise<Result<{ id: string; reference: string }>>
): Promise<Result<ReportedSickNote>> {
	const clientId = rawClientId.trim();
	if (!clientId || clientId.length > 100) return failure(400, { form: 'error_sick_client_id' });
	const earlier = await existingByClientId(db(), actor, clientId);
	if (earlier) return ok({ ...earlier, created: false });
	try {
		const stored = await store(clientId);
		if (!stored.ok) return stored;
		return ok({ caseId: stored.value.id, reference: stored.value.reference, created: true });
	} catch (e) {
		const winner = await existingByClientId(db(), actor, clientId);
		if (winner) return ok({ ...winner, created: false });
		throw e;
	}
}

/** The family's note as stored: trimmed, null when empty. */
export const cleanNote = (note: string | null | undefined) => note?.trim() || null;
