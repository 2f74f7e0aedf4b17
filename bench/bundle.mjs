// What a first visit to each page downloads: the JavaScript (and CSS) the browser loads before the
// page is interactive, gzip-compressed. Follows the static imports in the client build's manifest
// from SvelteKit's client entry, the app entry and the route's layout and page nodes (what the
// server puts in <link rel="modulepreload">); dynamic imports (e.g. the service worker registration)
// are left out. Run after a build:
//
//   npm run build && node bench/bundle.mjs        (S360_KIT_DIR picks a side-by-side build)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const kitDir = path.resolve(process.env.S360_KIT_DIR ?? '.svelte-kit');
const clientDir = path.join(kitDir, 'output/client');
const viteManifestFile = path.join(clientDir, '.vite/manifest.json');
const serverManifestFile = path.join(kitDir, 'output/server/manifest.js');
for (const file of [viteManifestFile, serverManifestFile]) {
	if (!existsSync(file)) {
		console.error(`${file} is missing: run \`npm run build\` first.`);
		process.exit(1);
	}
}

/** @type {Record<string, {file: string, src?: string, name?: string, isEntry?: boolean, imports?: string[], css?: string[]}>} */
const chunks = JSON.parse(readFileSync(viteManifestFile, 'utf8'));
// The server manifest only holds lazy imports of the server nodes: importing it runs no app code.
const { manifest } = await import(pathToFileURL(serverManifestFile).href);

const keyBySrcEnd = (end) => Object.keys(chunks).find((k) => (chunks[k].src ?? k).endsWith(end));
const startKey = Object.keys(chunks).find(
	(k) => chunks[k].isEntry && chunks[k].name === 'entry/start'
);
const appKey = keyBySrcEnd('/generated/client-optimized/app.js');
if (!startKey || !appKey) throw new Error('client entry (entry/start) or app entry not found');

const gzipCache = new Map();
/** Raw and gzip size of a file of the client build. */
function sizeOf(file) {
	let size = gzipCache.get(file);
	if (!size) {
		const bytes = readFileSync(path.join(clientDir, file));
		size = { raw: bytes.length, gzip: gzipSync(bytes).length };
		gzipCache.set(file, size);
	}
	return size;
}

/** Every JS and CSS file reachable through static imports from the given manifest keys. */
function closure(keys) {
	const js = new Set();
	const css = new Set();
	const visit = (key) => {
		const chunk = chunks[key];
		if (!chunk || js.has(chunk.file)) return;
		js.add(chunk.file);
		for (const c of chunk.css ?? []) css.add(c);
		for (const k of chunk.imports ?? []) visit(k);
	};
	keys.forEach(visit);
	return { js, css };
}

const total = (files) =>
	[...files].reduce(
		(sum, f) => {
			const s = sizeOf(f);
			return { raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip };
		},
		{ raw: 0, gzip: 0 }
	);
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(6);

const base = closure([startKey, appKey]);
const baseSize = total(base.js);
const rows = [];
const usedBy = new Map();
for (const route of manifest._.routes) {
	if (!route.page) continue;
	const nodes = [...route.page.layouts, route.page.leaf].filter((n) => n !== undefined);
	const nodeKeys = nodes
		.map((n) => keyBySrcEnd(`/generated/client-optimized/nodes/${n}.js`))
		.filter(Boolean);
	const { js, css } = closure([startKey, appKey, ...nodeKeys]);
	for (const f of js) usedBy.set(f, (usedBy.get(f) ?? 0) + 1);
	rows.push({ id: route.id, js, css, jsSize: total(js), cssSize: total(css) });
}
rows.sort((a, b) => b.jsSize.gzip - a.jsSize.gzip);

console.log(`first-visit downloads per page (${path.relative(process.cwd(), kitDir)}), KB`);
console.log('route                                        JS gzip  JS raw  files  CSS gzip');
for (const r of rows) {
	console.log(
		`${r.id.padEnd(42)} ${kb(r.jsSize.gzip)}  ${kb(r.jsSize.raw)}  ${String(r.js.size).padStart(5)}  ${kb(r.cssSize.gzip)}`
	);
}
console.log(
	`\nshared by every page (client entry + app): ${kb(baseSize.gzip).trim()} KB gzip in ${base.js.size} files`
);

const allJs = [...usedBy.keys()].map((file) => ({
	file,
	...sizeOf(file),
	pages: usedBy.get(file)
}));
allJs.sort((a, b) => b.gzip - a.gzip);
console.log('\nlargest chunks (gzip KB, raw KB, pages loading it on first visit, what it holds)');
for (const c of allJs.slice(0, 10)) {
	const entry = Object.values(chunks).find((ch) => ch.file === c.file);
	const what = entry?.name ?? entry?.src ?? '';
	console.log(`${kb(c.gzip)} ${kb(c.raw)}  ${String(c.pages).padStart(3)}  ${c.file}  ${what}`);
}
const max = rows[0];
if (max)
	console.log(`\nheaviest page: ${max.id} with ${kb(max.jsSize.gzip).trim()} KB of JS (gzip)`);
