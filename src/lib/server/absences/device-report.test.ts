import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createSchool
} from '../../../../tests/helpers/factories';
import { POST } from '../../../routes/api/krankmeldungen/+server';
import { setClock } from '../clock';
import { db } from '../db';
import type { Actor } from '../policy';
import { parseDeviceReport, reportFromDevice } from './device-report';
import { sickNotes } from './schema';

useTestDatabase();

/** Monday, 16 March 2026, 09:00 in Germany. */
const NOW = new Date('2026-03-16T08:00:00Z');
beforeEach(() => setClock(NOW));
afterEach(() => setClock(undefined));

let n = 0;
async function family() {
	const schoolId = await createSchool();
	const classId = await createClass({ schoolId, name: `TG${++n}` });
	const minor = await createAccount({ givenNames: 'Emre', birthDate: '2010-05-01' });
	await addToClass(minor.personId, classId, 'student');
	const guardian = await createAccount({ givenNames: 'Ayşe', birthDate: '1980-01-01' });
	await addGuardianship(guardian.personId, minor.personId);
	const stranger = await createAccount({ givenNames: 'Fremd', birthDate: '1980-01-01' });
	return { minor, guardian, stranger };
}

const body = (actor: Actor, studentPersonId: string, extra: Record<string, unknown> = {}) => ({
	clientId: `device-${++n}`,
	account: actor.accountId,
	studentPersonId,
	firstDay: '2026-03-16',
	lastDay: null,
	lessonFrom: null,
	lessonTo: null,
	note: '  Offline geschrieben  ',
	...extra
});

const notesOf = (personId: string) =>
	db().select().from(sickNotes).where(eq(sickNotes.studentPersonId, personId));

describe('parseDeviceReport', () => {
	const good = {
		clientId: 'c',
		account: 'a',
		studentPersonId: 'p',
		firstDay: '2026-03-16',
		lastDay: '2026-03-16',
		lessonFrom: 2,
		lessonTo: 3,
		note: null
	};
	it('reads the outbox body and trims the note', () => {
		expect(parseDeviceReport({ ...good, note: ' x ' })).toEqual({ ...good, note: 'x' });
		expect(parseDeviceReport({ ...good, note: undefined, lastDay: null })).toEqual({
			...good,
			lastDay: null
		});
	});
	it.each([
		['no object', 'text'],
		['null', null],
		['client id missing', { ...good, clientId: '' }],
		['account missing', { ...good, account: undefined }],
		['client id too long', { ...good, clientId: 'x'.repeat(101) }],
		['first day a number', { ...good, firstDay: 20260316 }],
		['last day missing', { ...good, lastDay: undefined }],
		['lesson as text', { ...good, lessonFrom: '2' }],
		['note a number', { ...good, note: 5 }]
	])('refuses %s', (_, value) => {
		expect(parseDeviceReport(value)).toBeNull();
	});
});

describe('reportFromDevice', () => {
	it('stores a report once: 201 with the reference, then 200 with the same one', async () => {
		const f = await family();
		const actor = await actorFor(f.guardian.accountId);
		const report = body(actor, f.minor.personId);
		const first = await reportFromDevice(actor, report);
		expect(first.status).toBe(201);
		const again = await reportFromDevice(actor, report);
		expect(again).toEqual({ status: 200, body: first.body });
		// Page and service worker sending at the same moment: still one report.
		const racing = body(actor, f.minor.personId);
		const both = await Promise.all([
			reportFromDevice(actor, racing),
			reportFromDevice(actor, racing)
		]);
		expect(both.map((a) => a.status).sort()).toEqual([200, 201]);
		const notes = await notesOf(f.minor.personId);
		expect(notes).toHaveLength(2);
		expect(notes.find((s) => s.clientId === report.clientId)?.note).toBe('Offline geschrieben');
	});

	it('answers 400 with the field errors of the rules', async () => {
		const f = await family();
		const actor = await actorFor(f.guardian.accountId);
		const answer = await reportFromDevice(
			actor,
			body(actor, f.minor.personId, { firstDay: '2026-01-01' })
		);
		expect(answer).toEqual({
			status: 400,
			body: { errors: { firstDay: 'error_sick_first_day_too_early' } }
		});
		expect(await reportFromDevice(actor, { clientId: 'x' })).toEqual({
			status: 400,
			body: { errors: { form: 'offline_error_invalid' } }
		});
		expect(await notesOf(f.minor.personId)).toEqual([]);
	});

	it('refuses a stranger like a missing record, and a report written under another account', async () => {
		const f = await family();
		const stranger = await actorFor(f.stranger.accountId);
		expect(await reportFromDevice(stranger, body(stranger, f.minor.personId))).toEqual({
			status: 404,
			body: { errors: { form: 'error_not_found' } }
		});
		const guardian = await actorFor(f.guardian.accountId);
		// Written by the guardian on a shared device, now sent while the stranger is signed in.
		expect(await reportFromDevice(stranger, body(guardian, f.minor.personId))).toEqual({
			status: 409,
			body: { errors: { form: 'offline_error_other_account' } }
		});
		expect(await notesOf(f.minor.personId)).toEqual([]);
	});
});

describe('POST /api/krankmeldungen', () => {
	const url = new URL('http://localhost:3000/api/krankmeldungen');
	const event = (actor: Actor | null, init: RequestInit & { headers?: Record<string, string> }) =>
		({
			locals: { actor },
			url,
			request: new Request(url, { method: 'POST', ...init })
		}) as unknown as Parameters<typeof POST>[0];
	const json = (data: unknown, headers: Record<string, string> = {}) => ({
		body: JSON.stringify(data),
		headers: { 'content-type': 'application/json', origin: url.origin, ...headers }
	});

	it('answers 201 and the reference, as JSON that no cache keeps', async () => {
		const f = await family();
		const actor = await actorFor(f.guardian.accountId);
		const response = await POST(event(actor, json(body(actor, f.minor.personId))));
		expect(response.status).toBe(201);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect((await response.json()).reference).toMatch(/^S360-\d{4}-\d{6}$/);
	});

	it('refuses another origin, a form post and a signed-out request', async () => {
		const f = await family();
		const actor = await actorFor(f.guardian.accountId);
		const crossSite = await POST(
			event(actor, json(body(actor, f.minor.personId), { origin: 'https://evil.example' }))
		);
		expect(crossSite.status).toBe(403);
		const form = await POST(
			event(actor, {
				body: 'clientId=x',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin }
			})
		);
		expect(form.status).toBe(415);
		await expect(POST(event(null, json(body(actor, f.minor.personId))))).rejects.toMatchObject({
			status: 303
		});
		expect(await notesOf(f.minor.personId)).toEqual([]);
	});
});
