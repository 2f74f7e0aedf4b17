// What the route-group guard in hooks.server.ts answers when a signed-in person opens an area that
// is not theirs. The route's own guard would show the app's error page, but hooks run first and
// cannot render it, so browsers get this small self-contained page and other clients plain text.
const page = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keine Berechtigung – Schule 360°</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b3d6e}</style>
</head><body><main>
<h1>Keine Berechtigung</h1>
<p>Dieser Bereich ist für Ihre Rolle nicht freigegeben. Wenn Sie meinen, dass das ein Fehler ist, wenden Sie sich bitte an das Sekretariat Ihrer Schule.</p>
<p lang="en">You do not have access to this area.</p>
<p><a href="/start">Zur Startseite</a></p>
</main></body></html>`;

export function areaRefusal(request: Request): Response {
	const wantsHtml =
		request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
	return wantsHtml
		? new Response(page, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } })
		: new Response('Keine Berechtigung', { status: 403 });
}
