// Every server load, form action and endpoint must START with a guard from
// src/lib/server/http/guards.ts: layout loads do not run for actions or endpoints, so a guard
// anywhere else protects nothing (STYLE.md, "Authenticate once, authorize at every door").
// Reads the route files with the TypeScript parser; a route it cannot read counts as unguarded.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const GUARDS = new Set([
	'requireActor',
	'requireStaff',
	'requireDistrict',
	'allowGuest',
	'requireGuest',
	'requireDevTools'
]);
const GUARD_MODULE = /(^\$lib\/server|\/lib\/server|^\.\.?(\/\.\.)*)\/http\/guards(\.(js|ts))?$/;
const HANDLERS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'fallback'];
const ROUTE_FILE = /^\+(page\.server|layout\.server|server)\.(ts|js)$/;

type FunctionLike =
	ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

/** The exports of one route file that do not start with a guard, as "file: export — why". */
function unguardedExports(fileName: string, source: string): string[] {
	return checkRouteFile(fileName, source).problems;
}

/** Checks one route file: which exports were looked at, and which are not guarded. */
function checkRouteFile(fileName: string, source: string) {
	const file = ts.createSourceFile(
		fileName,
		source,
		ts.ScriptTarget.Latest,
		true,
		ts.ScriptKind.TS
	);
	const kind = path.basename(fileName).startsWith('+server') ? 'endpoint' : 'page';
	const checked = kind === 'endpoint' ? HANDLERS : ['load', 'actions'];
	const problems: string[] = [];
	const seen: string[] = [];
	const report = (name: string, why: string) => problems.push(`${fileName}: ${name} — ${why}`);

	// Guards as imported here: `import { requireActor as ra } …` and `import * as guards …`
	const guardNames = new Set<string>();
	const guardNamespaces = new Set<string>();
	const locals = new Map<string, ts.Node>();
	// Each export we may check: its name and either its value or the local name it exports.
	const exported: { name: string; node?: ts.Node; local?: string }[] = [];
	for (const statement of file.statements) {
		if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
			if (!GUARD_MODULE.test(statement.moduleSpecifier.text)) continue;
			const bindings = statement.importClause?.namedBindings;
			if (bindings && ts.isNamespaceImport(bindings)) guardNamespaces.add(bindings.name.text);
			if (bindings && ts.isNamedImports(bindings))
				for (const el of bindings.elements)
					if (GUARDS.has((el.propertyName ?? el.name).text)) guardNames.add(el.name.text);
		}
		const isExported = ts.canHaveModifiers(statement)
			? (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
			: false;
		if (ts.isVariableStatement(statement))
			for (const d of statement.declarationList.declarations)
				if (ts.isIdentifier(d.name)) {
					locals.set(d.name.text, d.initializer ?? d);
					if (isExported) exported.push({ name: d.name.text, node: d.initializer });
				}
		if (ts.isFunctionDeclaration(statement) && statement.name) {
			locals.set(statement.name.text, statement);
			if (isExported) exported.push({ name: statement.name.text, node: statement });
		}
		if (ts.isExportDeclaration(statement)) {
			const clause = statement.exportClause;
			if (statement.moduleSpecifier || !clause || !ts.isNamedExports(clause)) {
				report('export … from', 're-exports cannot be checked; define the handlers here');
				continue;
			}
			for (const el of clause.elements)
				exported.push({ name: el.name.text, local: (el.propertyName ?? el.name).text });
		}
	}

	/** A local name stands for its declaration in this file. */
	const resolve = (node: ts.Node | undefined): ts.Node | undefined =>
		node && ts.isIdentifier(node) ? locals.get(node.text) : node;
	/** Strips what does not change which call runs first: (…), as, satisfies, !, await, not. */
	const unwrap = (node: ts.Expression): ts.Expression => {
		for (;;) {
			if (
				ts.isParenthesizedExpression(node) ||
				ts.isAsExpression(node) ||
				ts.isSatisfiesExpression(node) ||
				ts.isTypeAssertionExpression(node) ||
				ts.isNonNullExpression(node) ||
				ts.isAwaitExpression(node)
			)
				node = node.expression;
			else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken)
				node = node.operand;
			else return node;
		}
	};
	const isFunction = (node: ts.Node | undefined): node is FunctionLike =>
		!!node &&
		(ts.isArrowFunction(node) ||
			ts.isFunctionExpression(node) ||
			ts.isFunctionDeclaration(node) ||
			ts.isMethodDeclaration(node));

	/** Is the first thing this expression evaluates a guard called with the handler's event? */
	const startsWithGuard = (expression: ts.Expression | undefined, fn: FunctionLike): boolean => {
		if (!expression) return false;
		const node = unwrap(expression);
		if (ts.isBinaryExpression(node)) return startsWithGuard(node.left, fn);
		if (ts.isConditionalExpression(node)) return startsWithGuard(node.condition, fn);
		if (!ts.isCallExpression(node)) return false;
		const callee = node.expression;
		const isGuard =
			(ts.isIdentifier(callee) && guardNames.has(callee.text)) ||
			(ts.isPropertyAccessExpression(callee) &&
				ts.isIdentifier(callee.expression) &&
				guardNamespaces.has(callee.expression.text) &&
				GUARDS.has(callee.name.text));
		if (!isGuard || node.arguments.length === 0) return false;
		// With `(event) => …` the guard must get that event, not some other object.
		const param = fn.parameters[0]?.name;
		if (param && ts.isIdentifier(param)) {
			const arg = node.arguments[0];
			return ts.isIdentifier(arg) && arg.text === param.text;
		}
		return true;
	};

	const check = (name: string, node: ts.Node | undefined) => {
		seen.push(`${fileName}: ${name}`);
		let fn = resolve(node);
		while (fn && !isFunction(fn) && ts.isExpression(fn) && unwrap(fn) !== fn) fn = unwrap(fn);
		if (!isFunction(fn))
			return report(name, 'is not a function written here, so it cannot be checked');
		const body = fn.body;
		if (!body) return report(name, 'has no body');
		if (!ts.isBlock(body)) {
			if (!startsWithGuard(body, fn)) report(name, 'does not start with a guard call');
			return;
		}
		const first = body.statements[0];
		const guarded =
			!!first &&
			((ts.isExpressionStatement(first) && startsWithGuard(first.expression, fn)) ||
				(ts.isVariableStatement(first) &&
					startsWithGuard(first.declarationList.declarations[0]?.initializer, fn)) ||
				(ts.isIfStatement(first) && startsWithGuard(first.expression, fn)) ||
				(ts.isReturnStatement(first) && startsWithGuard(first.expression, fn)));
		if (!guarded)
			report(
				name,
				`does not start with one of ${[...GUARDS].join(', ')} (imported from $lib/server/http/guards)`
			);
	};

	for (const { name, node: value, local } of exported) {
		if (!checked.includes(name)) continue;
		const node = local === undefined ? value : locals.get(local);
		if (name !== 'actions') {
			check(name, node);
			continue;
		}
		let object = resolve(node);
		while (object && ts.isExpression(object) && unwrap(object) !== object) object = unwrap(object);
		if (!object || !ts.isObjectLiteralExpression(object)) {
			seen.push(`${fileName}: actions`);
			report('actions', 'is not an object literal, so its actions cannot be checked');
			continue;
		}
		for (const property of object.properties) {
			const actionName = `actions.${property.name?.getText(file) ?? '…'}`;
			if (ts.isPropertyAssignment(property)) check(actionName, property.initializer);
			else if (ts.isMethodDeclaration(property)) check(actionName, property);
			else if (ts.isShorthandPropertyAssignment(property)) check(actionName, property.name);
			else {
				seen.push(`${fileName}: ${actionName}`);
				report(actionName, 'cannot be checked (spread or accessor)');
			}
		}
	}
	return { checked: seen, problems };
}

function routeFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return routeFiles(full);
		return ROUTE_FILE.test(entry.name) ? [full] : [];
	});
}

describe('route guards', () => {
	it('start every load, action and endpoint handler in src/routes', () => {
		const files = routeFiles(path.resolve('src/routes'));
		expect(files.length).toBeGreaterThan(0);
		const results = files.map((f) =>
			checkRouteFile(path.relative(process.cwd(), f), readFileSync(f, 'utf8'))
		);
		// Not vacuous: a file that plainly exports a load, actions or a handler had it looked at.
		const plainExport = new RegExp(
			`export\\s+(const|let|(async\\s+)?function)\\s+(load|actions|${HANDLERS.join('|')})\\b`
		);
		const overlooked = files.filter(
			(f, i) => plainExport.test(readFileSync(f, 'utf8')) && results[i].checked.length === 0
		);
		expect(overlooked).toEqual([]);
		expect(results.flatMap((r) => r.checked).length).toBeGreaterThan(0);
		const problems = results.flatMap((r) => r.problems);
		expect(problems, `Unguarded route exports:\n${problems.join('\n')}`).toEqual([]);
	});
});

describe('the guard check itself', () => {
	const guardsImport =
		"import { allowGuest, requireActor, requireGuest } from '$lib/server/http/guards';\n";
	const page = (code: string, imports = guardsImport) =>
		unguardedExports('src/routes/x/+page.server.ts', imports + code);
	const endpoint = (code: string, imports = guardsImport) =>
		unguardedExports('src/routes/x/+server.ts', imports + code);

	it.each([
		[
			'const actor = …',
			'export const load = async (event) => { const actor = requireActor(event); return {}; };'
		],
		[
			'a bare call',
			'export const load: PageServerLoad = async (event) => { requireGuest(event); return {}; };'
		],
		[
			'an if on the guard',
			"export const load = async (event) => { if (allowGuest(event)) redirect(303, '/start'); };"
		],
		['an expression body', 'export const load = (event) => requireActor(event) && {};'],
		['a function declaration', 'export async function load(event) { requireActor(event); }'],
		[
			'destructured event',
			'export const load = async ({ locals, url }) => { requireActor({ locals, url }); };'
		],
		[
			'satisfies',
			'export const load = (async (event) => { requireActor(event); }) satisfies PageServerLoad;'
		],
		[
			'actions of each form',
			'export const actions = { default: async (e) => { requireActor(e); }, async other(e) { await requireGuest(e); } } satisfies Actions;'
		],
		[
			'a local function exported by name',
			'async function load(event) { requireActor(event); }\nexport { load };'
		],
		['other exports are ignored', 'export const prerender = false;\nexport const ssr = true;']
	])('accepts %s', (_, code) => {
		expect(page(code)).toEqual([]);
	});

	it('accepts endpoint handlers and a namespace import', () => {
		const code = `export const GET: RequestHandler = async (event) => { guards.allowGuest(event); return json({}); };
export async function POST(event) { guards.requireActor(event); }`;
		expect(endpoint(code, "import * as guards from '$lib/server/http/guards';\n")).toEqual([]);
	});

	it.each([
		[
			'a guard in second place',
			'export const load = async (event) => { const x = 1; requireActor(event); };',
			'load'
		],
		['an empty body', 'export const load = async () => {};', 'load'],
		[
			'a guard inside try',
			'export const load = async (event) => { try { requireActor(event); } catch {} };',
			'load'
		],
		[
			'a guard in a callback',
			'export const load = async (event) => { [1].forEach(() => requireActor(event)); };',
			'load'
		],
		[
			'the guard given another object',
			'export const load = async (event) => { requireActor(other); };',
			'load'
		],
		['a guard without the event', 'export const load = async () => { requireActor(); };', 'load'],
		[
			'a wrapped handler',
			'export const load = wrap(async (event) => { requireActor(event); });',
			'load'
		],
		['a handler named by re-export', "export { load } from './elsewhere';", 'export … from'],
		[
			'one unguarded action among guarded',
			'export const actions = { ok: async (e) => { requireActor(e); }, forgot: async (e) => { await e.request.formData(); } };',
			'actions.forgot'
		],
		[
			'a method action without guard',
			'export const actions = { async default(e) { return {}; } };',
			'actions.default'
		],
		['spread actions', 'export const actions = { ...shared };', 'actions.…'],
		['actions from elsewhere', 'export const actions = makeActions();', 'actions']
	])('refuses %s', (_, code, name) => {
		const problems = page(code);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toContain(`src/routes/x/+page.server.ts: ${name} — `);
	});

	it('refuses a same-named function not imported from the guards module', () => {
		const code =
			'const requireActor = (e) => e;\nexport const load = async (event) => { requireActor(event); };';
		expect(
			page(code, "import { requireActor as other } from '$lib/server/http/guards';\n")
		).toHaveLength(1);
		expect(
			page(
				'export const load = async (event) => { requireActor(event); };',
				"import { requireActor } from './guards';\n"
			)
		).toHaveLength(1);
	});

	it('refuses unguarded endpoint handlers, each by name', () => {
		const code = `export const GET = async (event) => { allowGuest(event); return new Response(); };
export const POST = async (event) => new Response();
export async function DELETE(event) { return new Response(); }
export const fallback = async (event) => { return new Response(); };`;
		expect(endpoint(code).map((p) => p.split(': ')[1].split(' — ')[0])).toEqual([
			'POST',
			'DELETE',
			'fallback'
		]);
	});
});
