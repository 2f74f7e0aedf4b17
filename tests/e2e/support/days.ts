/** A day in Germany (YYYY-MM-DD), `offset` days from today, as the server counts school days. */
export const germanDay = (offset = 0) =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Berlin',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(new Date(Date.now() + offset * 86_400_000));

/** Today in Germany (YYYY-MM-DD). */
export const today = () => germanDay();
