// Redeeming a letter code: the guardian named on the letter gets an account, or, signed in to an
// account they already have, their record joins that account's person, so one login holds all
// their children across the district's schools. The letter (sent to the guardian by the school)
// is the proof; a signed-in account of someone else's person is merged only with that proof, and
// the merge is kept in person_merges so it can be explained later.
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import { recordAudit } from '../../audit/service';
import { CODE_MINUTES, issueCode } from '../../auth/codes';
import { hashPassword, passwordProblem } from '../../auth/password';
import { attemptWaitSeconds, recordFailedAttempt } from '../../auth/rate-limit';
import { createSession } from '../../auth/session';
import { now, schoolDay } from '../../clock';
import { db, type Tx } from '../../db';
import { failure, ok, type Result } from '../../errors';
import { requestContext } from '../../http/request-context';
import { queueMail } from '../../mail/service';
import type { Actor } from '../../policy';
import {
	accounts,
	classes,
	classMemberships,
	guardianInvitations,
	guardianships,
	people,
	roleMemberships,
	schools,
	type Locale
} from '../schema';
import { hashLetterCode, isWellFormedLetterCode } from './code';
import { mergeGuardian } from './merge-guardian';

/** Wrong codes per IP within 15 minutes before the door closes for a while. */
export const MAX_CODE_FAILURES_PER_IP = 20;
const ipKey = (ip: string) => `invitation:ip:${ip}`;

export interface InvitationPreview {
	schoolName: string;
	children: string[];
}

interface Found {
	id: string;
	schoolId: string;
	schoolName: string;
	/** The guardian person the letter is for, after following any merge. */
	guardianPersonId: string;
	children: string[];
}

/** Follows people.mergedIntoPersonId to the record that is kept. */
async function keptPerson(tx: Tx, personId: string) {
	let id = personId;
	for (let i = 0; i < 10; i++) {
		const [p] = await tx
			.select({ mergedInto: people.mergedIntoPersonId })
			.from(people)
			.where(eq(people.id, id));
		if (!p?.mergedInto) return id;
		id = p.mergedInto;
	}
	return id;
}

/** The guardian's children at the letter's school, as printed on the letter. */
async function childrenAt(tx: Tx, guardianPersonId: string, schoolId: string) {
	const rows = await tx
		.selectDistinct({ givenNames: people.givenNames, familyName: people.familyName })
		.from(guardianships)
		.innerJoin(people, eq(people.id, guardianships.studentPersonId))
		.innerJoin(
			classMemberships,
			and(
				eq(classMemberships.personId, guardianships.studentPersonId),
				eq(classMemberships.role, 'student'),
				isNull(classMemberships.validTo)
			)
		)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.where(
			and(
				eq(guardianships.guardianPersonId, guardianPersonId),
				eq(classes.schoolId, schoolId),
				isNull(guardianships.validTo)
			)
		);
	return rows.map((r) => `${r.givenNames} ${r.familyName}`).sort((a, b) => a.localeCompare(b));
}

/** Finds an unused, unexpired letter for the code; the answer says what is wrong with it. */
async function findInvitation(tx: Tx, codeInput: string): Promise<Result<Found>> {
	const refuse = (key: string) => failure(400, { code: key });
	if (!isWellFormedLetterCode(codeInput)) return refuse('invitation_error_code_invalid');
	const [row] = await tx
		.select({
			id: guardianInvitations.id,
			schoolId: guardianInvitations.schoolId,
			schoolName: schools.name,
			guardianPersonId: guardianInvitations.guardianPersonId,
			expiresAt: guardianInvitations.expiresAt,
			redeemedAt: guardianInvitations.redeemedAt,
			revokedAt: guardianInvitations.revokedAt
		})
		.from(guardianInvitations)
		.innerJoin(schools, eq(schools.id, guardianInvitations.schoolId))
		.where(eq(guardianInvitations.codeHash, hashLetterCode(codeInput)));
	if (!row) return refuse('invitation_error_code_invalid');
	if (row.redeemedAt) return refuse('invitation_error_code_used');
	if (row.revokedAt) return refuse('invitation_error_code_replaced');
	if (row.expiresAt <= now()) return refuse('invitation_error_code_expired');
	const guardianPersonId = await keptPerson(tx, row.guardianPersonId);
	return ok({
		id: row.id,
		schoolId: row.schoolId,
		schoolName: row.schoolName,
		guardianPersonId,
		children: await childrenAt(tx, guardianPersonId, row.schoolId)
	});
}

/**
 * Wrong codes count against the client's IP (outside the transaction: PGlite has one connection);
 * over the limit, no code is even looked at.
 */
async function limited<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
	const ip = requestContext()?.ip ?? null;
	if (ip) {
		const wait = await attemptWaitSeconds(ipKey(ip), MAX_CODE_FAILURES_PER_IP);
		if (wait > 0) return failure(429, { code: 'invitation_error_rate_limited' }, wait);
	}
	const result = await work();
	if (!result.ok && result.status === 400 && result.errors.code && ip)
		await recordFailedAttempt(ipKey(ip));
	return result;
}

/** Thrown inside a transaction when another request redeemed the letter first: rolls back. */
class AlreadyRedeemed extends Error {}

/** What the redemption page shows after the code: the school and the children's names. */
export async function previewInvitation(codeInput: string): Promise<Result<InvitationPreview>> {
	return limited(() =>
		db().transaction(async (tx) => {
			const found = await findInvitation(tx, codeInput);
			if (!found.ok) return found;
			return ok({ schoolName: found.value.schoolName, children: found.value.children });
		})
	);
}

/** Marks the letter used; false if another request was first. */
async function markRedeemed(tx: Tx, invitationId: string, accountId: string) {
	const rows = await tx
		.update(guardianInvitations)
		.set({ redeemedAt: now(), redeemedByAccountId: accountId })
		.where(
			and(
				eq(guardianInvitations.id, invitationId),
				isNull(guardianInvitations.redeemedAt),
				isNull(guardianInvitations.revokedAt),
				gt(guardianInvitations.expiresAt, now())
			)
		)
		.returning({ id: guardianInvitations.id });
	return rows.length === 1;
}

async function ensureGuardianRole(tx: Tx, personId: string, schoolId: string) {
	const [existing] = await tx
		.select({ id: roleMemberships.id })
		.from(roleMemberships)
		.where(
			and(
				eq(roleMemberships.personId, personId),
				eq(roleMemberships.role, 'guardian'),
				eq(roleMemberships.schoolId, schoolId),
				isNull(roleMemberships.companyId),
				isNull(roleMemberships.validTo)
			)
		);
	if (!existing)
		await tx
			.insert(roleMemberships)
			.values({ personId, role: 'guardian', schoolId, validFrom: schoolDay() });
}

/** Is this address free for a new login (no account, not someone else's school address)? */
async function addressTaken(tx: Tx, email: string, guardianPersonId: string) {
	const [account] = await tx
		.select({ id: accounts.id })
		.from(accounts)
		.where(eq(accounts.email, email));
	if (account) return true;
	const [other] = await tx
		.select({ id: people.id })
		.from(people)
		.where(and(eq(people.schoolEmail, email), ne(people.id, guardianPersonId)));
	return !!other;
}

type SignedIn = { token: string; expiresAt: Date; locale: Locale };

/**
 * New account for the guardian named on the letter, signed in at once. The letter proves who
 * they are; the address they type is confirmed afterwards with the usual code (a typo must not
 * block a parent standing at the school gate, and the account is theirs either way).
 */
export async function redeemWithNewAccount(
	codeInput: string,
	emailInput: string,
	password: string,
	locale: Locale
): Promise<Result<SignedIn>> {
	const email = emailInput.trim().toLowerCase();
	const problem = passwordProblem(password, email);
	const passwordHash = problem ? '' : await hashPassword(password);
	const redeem = () =>
		db().transaction(async (tx): Promise<Result<string>> => {
			const found = await findInvitation(tx, codeInput);
			if (!found.ok) return found;
			if (problem) return failure(400, { password: problem });
			const { guardianPersonId, schoolId, id } = found.value;
			const [existing] = await tx
				.select({ id: accounts.id })
				.from(accounts)
				.where(eq(accounts.personId, guardianPersonId));
			if (existing) return failure(409, { form: 'invitation_error_has_account' });
			if (await addressTaken(tx, email, guardianPersonId))
				return failure(409, { email: 'invitation_error_email_taken' });

			const [account] = await tx
				.insert(accounts)
				.values({
					personId: guardianPersonId,
					email,
					passwordHash,
					locale,
					createdAt: now()
				})
				.returning({ id: accounts.id });
			if (!(await markRedeemed(tx, id, account.id))) throw new AlreadyRedeemed();
			await ensureGuardianRole(tx, guardianPersonId, schoolId);
			const [person] = await tx
				.select({ givenNames: people.givenNames })
				.from(people)
				.where(eq(people.id, guardianPersonId));
			const code = await issueCode(tx, account.id, 'email_verification');
			await queueMail(tx, email, locale, {
				kind: 'email_verification_code',
				name: person.givenNames,
				code,
				minutes: CODE_MINUTES
			});
			await recordAudit(tx, {
				actorAccountId: account.id,
				action: 'identity.invitation_redeemed',
				resourceType: 'person',
				resourceId: guardianPersonId,
				details: { invitationId: id, schoolId, newAccount: true }
			});
			return ok(account.id);
		});
	const result = await limited(() =>
		redeem().catch((e) => {
			if (e instanceof AlreadyRedeemed) return failure(400, { code: 'invitation_error_code_used' });
			throw e;
		})
	);
	if (!result.ok) return result;
	const ctx = requestContext();
	const session = await createSession(result.value, {
		ip: ctx?.ip ?? null,
		userAgent: ctx?.userAgent
	});
	return ok({ ...session, locale });
}

/** Redeems the letter for the signed-in account, merging the invited record into its person. */
export async function redeemForAccount(
	actor: Actor,
	codeInput: string
): Promise<Result<{ merged: boolean }>> {
	return limited(() =>
		db().transaction(async (tx): Promise<Result<{ merged: boolean }>> => {
			const found = await findInvitation(tx, codeInput);
			if (!found.ok) return found;
			const { guardianPersonId, schoolId, id } = found.value;
			const into = actor.personId;
			let merged = false;
			if (guardianPersonId !== into) {
				const [other] = await tx
					.select({ id: accounts.id })
					.from(accounts)
					.where(eq(accounts.personId, guardianPersonId));
				// Two accounts are never joined here: that needs the office (duplicates queue).
				if (other) return failure(409, { code: 'invitation_error_other_account' });
				// A student cannot become their own guardian.
				const [self] = await tx
					.select({ id: guardianships.id })
					.from(guardianships)
					.where(
						and(
							eq(guardianships.guardianPersonId, guardianPersonId),
							eq(guardianships.studentPersonId, into)
						)
					);
				if (self) return failure(409, { code: 'invitation_error_other_account' });
			}
			if (!(await markRedeemed(tx, id, actor.accountId)))
				return failure(400, { code: 'invitation_error_code_used' });
			if (guardianPersonId !== into) {
				await mergeGuardian(tx, guardianPersonId, into, actor.accountId, id);
				merged = true;
			}
			await ensureGuardianRole(tx, into, schoolId);
			await recordAudit(tx, {
				actorAccountId: actor.accountId,
				action: 'identity.invitation_redeemed',
				resourceType: 'person',
				resourceId: into,
				details: { invitationId: id, schoolId, merged }
			});
			return ok({ merged });
		})
	);
}
