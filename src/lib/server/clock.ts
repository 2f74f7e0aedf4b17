// The server's notion of "now". Tests set it to check date rules (18th birthday, deadlines).
let fixed: Date | undefined;

export function now(): Date {
	return fixed ? new Date(fixed) : new Date();
}

export function setClock(at: Date | undefined) {
	fixed = at;
}

const berlinDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Berlin',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar day (YYYY-MM-DD) in Germany at an instant: school rules count German days. */
export function schoolDay(at: Date = now()): string {
	return berlinDay.format(at);
}
