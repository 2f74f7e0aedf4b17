// One-time codes sent by mail (password reset, e-mail verification): 8 digits, stored hashed,
// valid for a short time, five wrong tries void the code.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { now } from '../clock';
import type { DbOrTx } from '../db';
import { oneTimeCodes, type CodePurpose } from './schema';

export const CODE_MINUTES = 30;
const MAX_CODE_FAILURES = 5;

const hashCode = (code: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(code)));

function randomDigits(n: number) {
	const bytes = new Uint32Array(n);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => String(b % 10)).join('');
}

/** Issues a new code (voiding older unused ones of the same purpose); returns the plain code. */
export async function issueCode(tx: DbOrTx, accountId: string, purpose: CodePurpose) {
	const code = randomDigits(8);
	await tx
		.update(oneTimeCodes)
		.set({ usedAt: now() })
		.where(
			and(
				eq(oneTimeCodes.accountId, accountId),
				eq(oneTimeCodes.purpose, purpose),
				isNull(oneTimeCodes.usedAt)
			)
		);
	await tx.insert(oneTimeCodes).values({
		accountId,
		purpose,
		codeHash: hashCode(code),
		expiresAt: new Date(now().getTime() + CODE_MINUTES * 60 * 1000),
		createdAt: now()
	});
	return code;
}

/** Consumes the code if it is the current valid one; counts a failure otherwise. */
export async function consumeCode(
	tx: DbOrTx,
	accountId: string,
	purpose: CodePurpose,
	code: string
): Promise<boolean> {
	const [current] = await tx
		.select()
		.from(oneTimeCodes)
		.where(
			and(
				eq(oneTimeCodes.accountId, accountId),
				eq(oneTimeCodes.purpose, purpose),
				isNull(oneTimeCodes.usedAt),
				gt(oneTimeCodes.expiresAt, now())
			)
		)
		.orderBy(desc(oneTimeCodes.createdAt))
		.limit(1);
	if (!current || current.failedAttempts >= MAX_CODE_FAILURES) return false;
	const normalised = code.replace(/\s+/g, '');
	if (hashCode(normalised) !== current.codeHash) {
		await tx
			.update(oneTimeCodes)
			.set({ failedAttempts: current.failedAttempts + 1 })
			.where(eq(oneTimeCodes.id, current.id));
		return false;
	}
	await tx.update(oneTimeCodes).set({ usedAt: now() }).where(eq(oneTimeCodes.id, current.id));
	return true;
}
