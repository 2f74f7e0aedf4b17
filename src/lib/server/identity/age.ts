/** Age in whole years on a given day; both dates as YYYY-MM-DD. Born 29 Feb: 18 on 1 Mar. */
export function ageOn(birthDate: string, day: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number);
	const [y, m, d] = day.split('-').map(Number);
	let age = y - by;
	if (m < bm || (m === bm && d < bd)) age -= 1;
	return age;
}

export function isMinorOn(birthDate: string | null, day: string): boolean {
	// Without a known birth date nobody may act for the person: treat as adult (safer for privacy).
	return birthDate !== null && ageOn(birthDate, day) < 18;
}
