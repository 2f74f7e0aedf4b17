/**
 * The path to send someone back to after a form on another page: only a path on this site
 * (never `//evil.example` or `https://…`), otherwise the fallback. Open redirects help phishing.
 */
export function localPath(
	value: FormDataEntryValue | null,
	origin: string,
	fallback = '/'
): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//'))
		return fallback;
	try {
		const url = new URL(value, origin);
		if (url.origin !== origin) return fallback;
		return url.pathname + url.search;
	} catch {
		return fallback;
	}
}
