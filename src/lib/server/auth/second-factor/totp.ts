// TOTP as RFC 6238 describes it (30-second steps, 6 digits, SHA-1: what every authenticator app
// reads from the QR code). The steps come from the app's clock, so tests can move time.
import { generateHOTP, createTOTPKeyURI } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { now } from '../../clock';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted before and after the current one: clocks on phones drift a little. */
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'Schule 360°';

/** 20 random bytes (160 bits, as RFC 4226 recommends), base32 as apps expect it. */
export function generateTotpSecret(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32UpperCaseNoPadding(bytes);
}

export const secretBytes = (secret: string) =>
	decodeBase32IgnorePadding(secret.replace(/\s+/g, '').toUpperCase());

export const currentStep = (at: Date = now()) =>
	Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

export const totpAt = (secret: string, step: number) =>
	generateHOTP(secretBytes(secret), BigInt(step), TOTP_DIGITS);

/** The secret grouped in fours, easier to type into an app by hand. */
export const groupedSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export const totpKeyUri = (secret: string, accountName: string) =>
	createTOTPKeyURI(TOTP_ISSUER, accountName, secretBytes(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);

/** Only the digits of what someone typed ("123 456" → "123456"). */
export const normaliseTotp = (code: string) => code.replace(/[\s-]/g, '');

/**
 * The step the code belongs to, within the window around now and after the last used step, or
 * null. Comparing every candidate keeps the time the same whichever step matches.
 */
export function matchTotpStep(
	secret: string,
	code: string,
	lastUsedStep: number | null,
	at: Date = now()
): number | null {
	const typed = normaliseTotp(code);
	if (!/^\d{6}$/.test(typed)) return null;
	const step = currentStep(at);
	let found: number | null = null;
	for (let s = step - TOTP_WINDOW; s <= step + TOTP_WINDOW; s++) {
		const expected = totpAt(secret, s);
		let diff = 0;
		for (let i = 0; i < TOTP_DIGITS; i++) diff |= expected.charCodeAt(i) ^ typed.charCodeAt(i);
		if (diff === 0 && (lastUsedStep === null || s > lastUsedStep) && found === null) found = s;
	}
	return found;
}
