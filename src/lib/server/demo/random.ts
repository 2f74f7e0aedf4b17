// Deterministic randomness for the demo data: the same seed gives the same district on every start
// and on every machine, so demo logins, names and screenshots stay stable.
import { createHash } from 'node:crypto';

export interface Random {
	/** A number in [0, 1). */
	next(): number;
	/** An integer in [min, max], both included. */
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(probability: number): boolean;
}

/** mulberry32: small, fast and good enough for test data (not for anything secret). */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		pick: (items) => items[int(0, items.length - 1)],
		chance: (probability) => next() < probability
	};
}

/** A stable UUID for a demo record, derived from a key such as `person:student-17`. */
export function demoId(key: string): string {
	const h = createHash('sha256').update(`schule360-demo:${key}`).digest('hex');
	// Shaped as a version-4 UUID (variant 10xx) so it looks like every other id in the database.
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
