// "Mein Konto": one's own profile and login address. Every function acts on the signed-in actor's
// own account only (no record id comes from the request), so there is nothing of someone else's to
// probe; who may change what is decided in rules.ts. Changing the login address needs the current
// password and a code sent to the new address, and the old address is told (BSI IT-Grundschutz
// ORP.4: an identity's contact channel is changed only with proof of both).
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { CODE_MINUTES, consumeCode, issueCode } from '../../auth/codes';
import { verifyPassword } from '../../auth/password';
import { loginWaitSeconds, recordLoginAttempt } from '../../auth/rate-limit';
import { revokeOtherSessions } from '../../auth/service';
import { now } from '../../clock';
import { db, type DbOrTx } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { requestContext } from '../../http/request-context';
import { queueMail } from '../../mail/service';
import type { Actor } from '../../policy';
import { accounts, people } from '../schema';
import type { EmailChangeInput, NameInput } from './forms';
import { mayChangeOwnLoginEmail, mayEditOwnName } from './rules';

const hasRole = (actor: Actor, role: Actor['roles'][number]['role']) =>
	actor.roles.some((r) => r.role === role);

/** What the account pages show about the actor: their own names, addresses and what they may do. */
export async function myAccount(actor: Actor) {
	const [row] = await db()
		.select({
			givenNames: people.givenNames,
			familyName: people.familyName,
			schoolEmail: people.schoolEmail,
			email: accounts.email,
			emailVerifiedAt: accounts.emailVerifiedAt,
			pendingEmail: accounts.pendingEmail,
			locale: accounts.locale
		})
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(eq(accounts.id, actor.accountId));
	return {
		givenNames: row.givenNames,
		familyName: row.familyName,
		schoolEmail: row.schoolEmail,
		email: row.email,
		emailVerified: row.emailVerifiedAt !== null,
		pendingEmail: row.pendingEmail,
		locale: row.locale,
		isStudent: hasRole(actor, 'student'),
		isGuardian: hasRole(actor, 'guardian'),
		isCompanyContact: hasRole(actor, 'company_contact'),
		mayEditName: mayEditOwnName(actor.roles),
		mayChangeEmail: mayChangeOwnLoginEmail(actor.roles)
	};
}

/** Guardians and company contacts correct their own names; everyone else's come from a record. */
export async function updateOwnName(actor: Actor, input: NameInput): Promise<Result<undefined>> {
	if (!mayEditOwnName(actor.roles)) return failure(403, { form: 'error_name_kept_by_office' });
	return db().transaction(async (tx) => {
		const [before] = await tx
			.select({ givenNames: people.givenNames, familyName: people.familyName })
			.from(people)
			.where(eq(people.id, actor.personId))
			.for('update');
		if (before.givenNames === input.givenNames && before.familyName === input.familyName)
			return ok(undefined);
		await tx
			.update(people)
			.set({ givenNames: input.givenNames, familyName: input.familyName, updatedAt: now() })
			.where(eq(people.id, actor.personId));
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'account.name_changed',
			resourceType: 'person',
			resourceId: actor.personId,
			details: { from: before, to: input }
		});
		return ok(undefined);
	});
}

/** "j…@example.org": enough for the owner to recognise the address, little for anyone else. */
export const maskEmail = (email: string) => {
	const at = email.lastIndexOf('@');
	return at < 1 ? '…' : `${email[0]}…${email.slice(at)}`;
};

/** Is the address someone else's login or someone else's school address (their future login)? */
async function addressTaken(tx: DbOrTx, actor: Actor, email: string) {
	const [account] = await tx
		.select({ id: accounts.id })
		.from(accounts)
		.where(and(eq(accounts.email, email), ne(accounts.id, actor.accountId)))
		.limit(1);
	if (account) return true;
	const [person] = await tx
		.select({ id: people.id })
		.from(people)
		.where(and(eq(people.schoolEmail, email), ne(people.id, actor.personId)))
		.limit(1);
	return !!person;
}

/**
 * Step 1: the current password proves it is the owner (a stolen open session is not enough); then
 * the new address waits in `pendingEmail` for its code. Whether an address is taken is told only
 * after the password was right, so strangers cannot test addresses here.
 */
export async function requestEmailChange(
	actor: Actor,
	input: EmailChangeInput
): Promise<Result<{ pendingEmail: string }>> {
	if (!mayChangeOwnLoginEmail(actor.roles))
		return failure(403, { form: 'error_email_change_official' });
	const ip = requestContext()?.ip ?? null;
	// Wrong passwords here count like failed sign-ins: the same limit protects both doors.
	const wait = await loginWaitSeconds(actor.email, ip);
	if (wait > 0) return failure(429, { password: 'error_password_rate_limited' }, wait);
	const [account] = await db()
		.select({
			email: accounts.email,
			passwordHash: accounts.passwordHash,
			locale: accounts.locale,
			givenNames: people.givenNames
		})
		.from(accounts)
		.innerJoin(people, eq(people.id, accounts.personId))
		.where(eq(accounts.id, actor.accountId));
	const valid =
		!!account.passwordHash && (await verifyPassword(account.passwordHash, input.password));
	if (!valid) {
		await recordLoginAttempt(account.email, ip, false);
		await recordAudit(db(), {
			actorAccountId: actor.accountId,
			action: 'account.email_change_refused',
			resourceType: 'account',
			resourceId: actor.accountId,
			details: { reason: 'password' }
		});
		return failure(400, { password: 'error_password_wrong' });
	}
	const newEmail = input.newEmail.trim().toLowerCase();
	if (newEmail === account.email) return failure(400, { newEmail: 'error_email_same' });
	if (await addressTaken(db(), actor, newEmail))
		return failure(409, { newEmail: 'error_email_taken' });

	await db().transaction(async (tx) => {
		await tx
			.update(accounts)
			.set({ pendingEmail: newEmail })
			.where(eq(accounts.id, actor.accountId));
		const code = await issueCode(tx, actor.accountId, 'email_change');
		await queueMail(tx, newEmail, account.locale, {
			kind: 'email_change_code',
			name: account.givenNames,
			code,
			minutes: CODE_MINUTES
		});
		await queueMail(tx, account.email, account.locale, {
			kind: 'email_change_requested',
			name: account.givenNames,
			newEmail: maskEmail(newEmail)
		});
		await recordAudit(tx, {
			actorAccountId: actor.accountId,
			action: 'account.email_change_requested',
			resourceType: 'account',
			resourceId: actor.accountId,
			details: { to: newEmail }
		});
	});
	return ok({ pendingEmail: newEmail });
}

/**
 * Step 2: the code from the new mailbox makes the new address the login (verified). Every other
 * session ends, so a device that knew the old login is signed out; the old address is told.
 */
export async function confirmEmailChange(actor: Actor, code: string): Promise<Result<undefined>> {
	const result = await db().transaction(
		async (tx): Promise<Result<{ from: string; to: string }>> => {
			const [account] = await tx
				.select({
					email: accounts.email,
					pendingEmail: accounts.pendingEmail,
					locale: accounts.locale,
					givenNames: people.givenNames
				})
				.from(accounts)
				.innerJoin(people, eq(people.id, accounts.personId))
				.where(eq(accounts.id, actor.accountId))
				.for('update', { of: accounts });
			if (!account.pendingEmail) return failure(400, { code: 'error_email_change_none' });
			if (!(await consumeCode(tx, actor.accountId, 'email_change', code)))
				return failure(400, { code: 'error_code_invalid' });
			const to = account.pendingEmail;
			// Taken since the request (another account, or a roster import gave it to a student)?
			if (await addressTaken(tx, actor, to)) {
				await tx
					.update(accounts)
					.set({ pendingEmail: null })
					.where(eq(accounts.id, actor.accountId));
				return failure(409, { code: 'error_email_taken' });
			}
			await tx
				.update(accounts)
				.set({ email: to, pendingEmail: null, emailVerifiedAt: now() })
				.where(eq(accounts.id, actor.accountId));
			await queueMail(tx, account.email, account.locale, {
				kind: 'email_changed',
				name: account.givenNames,
				newEmail: maskEmail(to)
			});
			await recordAudit(tx, {
				actorAccountId: actor.accountId,
				action: 'account.email_changed',
				resourceType: 'account',
				resourceId: actor.accountId,
				details: { from: account.email, to }
			});
			await revokeOtherSessions(actor, tx);
			return ok({ from: account.email, to });
		}
	);
	if (!result.ok) return result;
	return ok(undefined);
}

/** Drops a waiting new address; its code no longer leads anywhere. */
export async function cancelEmailChange(actor: Actor) {
	await db().transaction(async (tx) => {
		const [row] = await tx
			.update(accounts)
			.set({ pendingEmail: null })
			.where(and(eq(accounts.id, actor.accountId), isNotNull(accounts.pendingEmail)))
			.returning({ id: accounts.id });
		if (row)
			await recordAudit(tx, {
				actorAccountId: actor.accountId,
				action: 'account.email_change_cancelled',
				resourceType: 'account',
				resourceId: actor.accountId
			});
	});
}
