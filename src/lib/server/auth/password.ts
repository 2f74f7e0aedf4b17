// Passwords per OWASP / NIST 800-63B: argon2id (19 MiB, t=2, p=1); at least 12 characters, no
// composition rules, pasting allowed, and the most common passwords refused.
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

const ARGON2 = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

const GERMAN_COMMON = [
	'passwort1234',
	'passwort12345',
	'passwort123456',
	'hallo1234567',
	'hallohallo12',
	'ichliebedich1',
	'schule123456',
	'schule360schule',
	'sommer202020',
	'qwertzuiopü',
	'qwertzuiop12',
	'123456789012'
];
const COMMON = new Set(
	[...(dictionary['passwords-common'] as string[]), ...GERMAN_COMMON]
		.filter((p) => p.length >= MIN_PASSWORD_LENGTH)
		.map((p) => p.toLowerCase())
);

export const hashPassword = (password: string) => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string) {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** The message key for a password that must be refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
	if ([...password].length < MIN_PASSWORD_LENGTH) return 'error_password_too_short';
	if (password.length > MAX_PASSWORD_LENGTH) return 'error_password_too_long';
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'error_password_common';
	if (email && lower === email.toLowerCase()) return 'error_password_is_email';
	return null;
}

/** A hash to verify against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('no-such-account-password'));
