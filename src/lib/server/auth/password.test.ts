import { describe, expect, it } from 'vitest';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from './password';

describe('passwordProblem', () => {
	const email = 'lena.mueller@schule.example';
	it.each([
		// password, e-mail, problem (null: accepted)
		['Wanderweg-11', undefined, null], // 12 characters
		['Wanderweg-1', undefined, 'error_password_too_short'], // 11
		['', undefined, 'error_password_too_short'],
		['korallenrif🦊', undefined, null], // 11 letters + one emoji = 12 characters (13 UTF-16 units)
		['korallenri🦊', undefined, 'error_password_too_short'], // 11 characters although .length is 12
		['🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊', undefined, 'error_password_too_short'], // 11 emoji, .length 22
		['x'.repeat(256), undefined, 'error_password_common'], // long is fine, repeating is not
		['Ab'.repeat(128), undefined, null], // 256: the longest accepted
		['Ab'.repeat(128) + 'c', undefined, 'error_password_too_long'],
		['aaaaaaaaaaaaaaa', undefined, 'error_password_common'],
		['qwerty123456', undefined, 'error_password_common'], // from the common-password list
		['QWERTY123456', undefined, 'error_password_common'], // … whatever the case
		['Passwort1234', undefined, 'error_password_common'], // the German additions
		['SCHULE123456', undefined, 'error_password_common'],
		[email, email, 'error_password_is_email'],
		['Lena.Mueller@Schule.example', email, 'error_password_is_email'],
		[email, undefined, null], // without the account's e-mail there is nothing to compare
		['lena.mueller@schule.example!', email, null]
	] as [string, string | undefined, string | null][])(
		'%s (e-mail %s) → %s',
		(password, mail, problem) => {
			expect(passwordProblem(password, mail)).toBe(problem);
		}
	);

	it('asks for at least 12 characters', () => {
		expect(MIN_PASSWORD_LENGTH).toBe(12);
	});
});

describe('hashPassword / verifyPassword', () => {
	it('stores argon2id and verifies only the right password', async () => {
		const hash = await hashPassword('Wanderweg-2026');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(hash).not.toContain('Wanderweg');
		expect(await verifyPassword(hash, 'Wanderweg-2026')).toBe(true);
		expect(await verifyPassword(hash, 'wanderweg-2026')).toBe(false);
		expect(await verifyPassword('not a hash', 'Wanderweg-2026')).toBe(false);
	});
});
