// A sick note sent by the device's outbox (`POST /api/krankmeldungen`, the offline form): the JSON
// body is checked field by field, the report must have been written under the signed-in account,
// and then it goes through reportSickNote like a form post — so a client id sent twice (service
// worker sync and page both firing) is stored once.
import type { Actor } from '../policy';
import { reportSickNote, type SickNoteInput } from './sick-notes';

export interface DeviceReportAnswer {
	status: number;
	body: { reference: string } | { errors: Record<string, string> };
}

const invalid = (): DeviceReportAnswer => ({
	status: 400,
	body: { errors: { form: 'offline_error_invalid' } }
});

const text = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : null);
const lesson = (v: unknown) => (v === null ? null : typeof v === 'number' ? v : undefined);

/** The body as the outbox sends it, or null when a field has the wrong type. */
export function parseDeviceReport(body: unknown): (SickNoteInput & { account: string }) | null {
	if (typeof body !== 'object' || body === null) return null;
	const b = body as Record<string, unknown>;
	const clientId = text(b.clientId, 100);
	const account = text(b.account, 100);
	const studentPersonId = text(b.studentPersonId, 100);
	const firstDay = text(b.firstDay, 10);
	const lastDay = b.lastDay === null ? null : text(b.lastDay, 10);
	const lessonFrom = lesson(b.lessonFrom);
	const lessonTo = lesson(b.lessonTo);
	const note = b.note === null || b.note === undefined ? null : text(b.note, 2_000);
	if (!clientId || !account || !studentPersonId || firstDay === null) return null;
	if (lastDay === null && b.lastDay !== null) return null;
	if (lessonFrom === undefined || lessonTo === undefined) return null;
	if (note === null && b.note !== null && b.note !== undefined) return null;
	return {
		clientId,
		account,
		studentPersonId,
		firstDay,
		lastDay,
		lessonFrom,
		lessonTo,
		note: note?.trim() ? note.trim() : null
	};
}

/**
 * 201 with the reference for a new report, 200 when this client id was stored before, 400 with
 * field errors, 404 when the actor may not report for the student, 409 when the device wrote it
 * under another account (it must not be filed under whoever is signed in now).
 */
export async function reportFromDevice(actor: Actor, body: unknown): Promise<DeviceReportAnswer> {
	const parsed = parseDeviceReport(body);
	if (!parsed) return invalid();
	const { account, ...input } = parsed;
	if (account !== actor.accountId)
		return { status: 409, body: { errors: { form: 'offline_error_other_account' } } };
	const result = await reportSickNote(actor, input);
	if (!result.ok) return { status: result.status, body: { errors: result.errors } };
	return {
		status: result.value.created ? 201 : 200,
		body: { reference: result.value.reference }
	};
}
