// Export part 1: the person record, the account and its security (without any secret), sessions.
import { asc, eq, sql } from 'drizzle-orm';
import {
	oneTimeCodes,
	passkeys,
	recoveryCodes,
	sessions,
	totpCredentials
} from '../../auth/schema';
import type { DbOrTx } from '../../db';
import type { Actor } from '../../policy';
import { accounts, people } from '../schema';

export async function accountPart(tx: DbOrTx, actor: Actor) {
	const me = actor.personId;
	const account = actor.accountId;
	const [person] = await tx
		.select({
			id: people.id,
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate,
			asvId: people.asvId,
			schoolEmail: people.schoolEmail,
			contactEmail: people.contactEmail,
			majorityNotifiedAt: people.majorityNotifiedAt,
			createdAt: people.createdAt,
			updatedAt: people.updatedAt
		})
		.from(people)
		.where(eq(people.id, me));
	const [acc] = await tx
		.select({
			id: accounts.id,
			email: accounts.email,
			emailVerifiedAt: accounts.emailVerifiedAt,
			pendingEmail: accounts.pendingEmail,
			hasPassword: sql<boolean>`${accounts.passwordHash} is not null`,
			locale: accounts.locale,
			disabledAt: accounts.disabledAt,
			createdAt: accounts.createdAt
		})
		.from(accounts)
		.where(eq(accounts.id, account));

	const [totp] = await tx
		.select({ createdAt: totpCredentials.createdAt, confirmedAt: totpCredentials.confirmedAt })
		.from(totpCredentials)
		.where(eq(totpCredentials.accountId, account));
	const recovery = await tx
		.select({ createdAt: recoveryCodes.createdAt, usedAt: recoveryCodes.usedAt })
		.from(recoveryCodes)
		.where(eq(recoveryCodes.accountId, account))
		.orderBy(asc(recoveryCodes.createdAt));
	const keys = await tx
		.select({
			name: passkeys.name,
			transports: passkeys.transports,
			createdAt: passkeys.createdAt,
			lastUsedAt: passkeys.lastUsedAt
		})
		.from(passkeys)
		.where(eq(passkeys.accountId, account))
		.orderBy(asc(passkeys.createdAt));

	const sessionRows = await tx
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt,
			expiresAt: sessions.expiresAt,
			userAgent: sessions.userAgent,
			ip: sessions.ip,
			secondFactorAt: sessions.secondFactorAt
		})
		.from(sessions)
		.where(eq(sessions.accountId, account))
		.orderBy(asc(sessions.createdAt));
	const codes = await tx
		.select({
			purpose: oneTimeCodes.purpose,
			createdAt: oneTimeCodes.createdAt,
			expiresAt: oneTimeCodes.expiresAt,
			usedAt: oneTimeCodes.usedAt,
			failedAttempts: oneTimeCodes.failedAttempts
		})
		.from(oneTimeCodes)
		.where(eq(oneTimeCodes.accountId, account))
		.orderBy(asc(oneTimeCodes.createdAt));

	return {
		person,
		account: {
			...acc,
			secondFactor: {
				authenticatorApp: totp ?? null,
				recoveryCodes: {
					total: recovery.length,
					unused: recovery.filter((r) => !r.usedAt).length,
					createdAt: recovery[0]?.createdAt ?? null
				},
				passkeys: keys
			},
			oneTimeCodes: codes
		},
		// The session id is the key to a signed-in device: only whether it is this one.
		sessions: sessionRows.map(({ id, ...s }) => ({ ...s, thisDevice: id === actor.sessionId }))
	};
}
