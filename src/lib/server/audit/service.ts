// The audit trail: who did or read what, when, from where. Written in the caller's transaction so
// an action and its record stand or fall together.
import { desc, eq, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '../db';
import { requestContext } from '../http/request-context';
import { authorize, type Actor } from '../policy';
import { accounts, people } from '../identity/schema';
import { auditLog } from './schema';

export interface AuditEntry {
	actorAccountId: string | null;
	action: string;
	resourceType?: string;
	resourceId?: string;
	details?: Record<string, unknown>;
}

export async function recordAudit(tx: DbOrTx, entry: AuditEntry) {
	const ctx = requestContext();
	await tx.insert(auditLog).values({
		actorAccountId: entry.actorAccountId,
		action: entry.action,
		resourceType: entry.resourceType ?? null,
		resourceId: entry.resourceId ?? null,
		details: entry.details ?? {},
		requestId: ctx?.requestId ?? null,
		ip: ctx?.ip ?? null
	});
}

export async function latestAuditEntries(actor: Actor, limit = 100) {
	authorize(actor, 'audit.view', { type: 'district' });
	return db()
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			actorName: sql<string | null>`${people.givenNames} || ' ' || ${people.familyName}`,
			resourceType: auditLog.resourceType,
			resourceId: auditLog.resourceId,
			ip: auditLog.ip
		})
		.from(auditLog)
		.leftJoin(accounts, eq(accounts.id, auditLog.actorAccountId))
		.leftJoin(people, eq(people.id, accounts.personId))
		.orderBy(desc(auditLog.id))
		.limit(limit);
}
