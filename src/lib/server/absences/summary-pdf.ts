// The summary of a closed sick note for the student's file (Schülerakte, issue 4 item 8): school,
// student, period, who reported and how, excuse and Attest, the decision, the timeline and the
// attachments with their checksums. The family's short note is part of the school record and is
// printed; a medical reason is never stored, so it cannot appear. German only: it is an official
// record of a German school. Noto Sans as in the invitation letters (covers "Ayşe Yılmaz").
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AttachmentKind } from '../cases/schema';
import type { TimelineActorRole, TimelineEvent } from '../cases/timeline';
import { memoiseText, notoSans } from '../identity/invitations/font';
import { wrap } from '../identity/invitations/letters-pdf';
import type { SickNoteSummary } from './summary-facts';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const BOTTOM = 64;
const LABEL_WIDTH = 165;
const TEXT = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);

const berlin = (options: Intl.DateTimeFormatOptions) =>
	new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', ...options });
const dateTime = berlin({ dateStyle: 'medium', timeStyle: 'short' });
/** 2026-03-16 → 16.03.2026 (calendar days carry no time zone). */
export const germanDay = (day: string) => day.split('-').reverse().join('.');
export const germanDateTime = (at: Date) => dateTime.format(at);

export function periodText(s: Pick<SickNoteSummary, 'firstDay' | 'lastDay'>) {
	if (s.lastDay === null) return `ab ${germanDay(s.firstDay)}, letzter Tag noch offen`;
	if (s.lastDay === s.firstDay) return `am ${germanDay(s.firstDay)}`;
	return `${germanDay(s.firstDay)} bis ${germanDay(s.lastDay)}`;
}

export function fileSize(bytes: number) {
	const n = (x: number) => x.toLocaleString('de-DE', { maximumFractionDigits: 1 });
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${n(bytes / 1024)} KB`;
	return `${n(bytes / 1024 / 1024)} MB`;
}

const ATTACHMENT_KIND_NAMES: Record<AttachmentKind, string> = {
	document: 'Unterlage',
	attest: 'Attest',
	excuse: 'Schriftliche Entschuldigung',
	summary: 'Zusammenfassung'
};
const ROLE_NAMES: Record<TimelineActorRole, string> = {
	family: 'Familie',
	staff: 'Schule',
	company: 'Betrieb',
	system: 'System'
};
/** Event kinds of a sick-note case (as CaseTimeline.svelte shows them); unknown ones as stored. */
const EVENT_NAMES: Record<string, string> = {
	created: 'Vorgang angelegt',
	sick_note_reported: 'Krankmeldung eingegangen',
	sick_note_extended: 'Krankmeldung verlängert',
	sick_note_acknowledged: 'Zur Kenntnis genommen',
	sick_note_excuse_received: 'Schriftliche Entschuldigung eingegangen',
	sick_note_attest_requested: 'Attest angefordert',
	sick_note_attest_uploaded: 'Attest hochgeladen',
	sick_note_excuse_uploaded: 'Unterschriebene Entschuldigung hochgeladen',
	sick_note_company_note: 'Notiz des Ausbildungsbetriebs',
	sick_note_closed: 'Abgeschlossen'
};
const DECISIONS = { excused: 'entschuldigt', unexcused: 'nicht entschuldigt' };
const COMPANY_NOTES = {
	informed: 'Betrieb informiert',
	excused_by_company: 'entschuldigt durch Betrieb'
};
const ATTEST_REASONS = {
	long_absence: 'längere Abwesenheit',
	frequent: 'auffällig häufige Fehlzeiten'
};

const str = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** The facts of an event worth a line in the record: days, deadlines, decision, file. */
function eventDetail(event: TimelineEvent) {
	const d = event.data;
	const parts: string[] = [];
	const firstDay = str(d.firstDay);
	if (firstDay) parts.push(periodText({ firstDay, lastDay: str(d.lastDay) }));
	if (event.kind === 'sick_note_extended')
		parts.push(str(d.to) ? `bis ${germanDay(str(d.to)!)}` : 'Ende noch offen');
	const due = str(d.dueOn) ?? str(d.attestDueOn);
	if (due) parts.push(`Frist ${germanDay(due)}`);
	if (str(d.decision))
		parts.push(DECISIONS[d.decision as keyof typeof DECISIONS] ?? String(d.decision));
	const note = str(d.kind); // absences/company.ts writes { kind }
	if (note && note in COMPANY_NOTES) parts.push(COMPANY_NOTES[note as keyof typeof COMPANY_NOTES]);
	if (str(d.fileName)) parts.push(str(d.fileName)!);
	return parts.join(' · ');
}

function reporterText(s: SickNoteSummary) {
	const who = s.reportedAs === 'guardian' ? 'Erziehungsberechtigte/r' : 'Schüler/in selbst';
	if (s.channel === 'phone')
		return `${who}, telefonisch (Anrufer/in: ${s.callerName ?? 'nicht notiert'}; aufgenommen von ${s.reportedByName})`;
	return `${who}: ${s.reportedByName}, im Portal`;
}

function excuseText(s: SickNoteSummary) {
	if (s.excuseReceivedAt) return `eingegangen am ${germanDateTime(s.excuseReceivedAt)}`;
	if (s.excuseDueOn) return `fällig bis ${germanDay(s.excuseDueOn)}, nicht eingegangen`;
	return 'nicht nötig: die Meldung im Portal gilt als schriftliche Entschuldigung';
}

function attestText(s: SickNoteSummary) {
	if (!s.attestRequestedAt) return 'nicht angefordert';
	const reason = s.attestReason ? ` (${ATTEST_REASONS[s.attestReason]})` : '';
	const due = s.attestDueOn ? `, Frist ${germanDay(s.attestDueOn)}` : '';
	const received = s.attestReceivedAt
		? `, eingegangen am ${germanDateTime(s.attestReceivedAt)}`
		: ', nicht eingegangen';
	return `angefordert am ${germanDateTime(s.attestRequestedAt)}${reason}${due}${received}`;
}

/** Draws the summary; `createdAt` is the moment of the close (printed in the footer). */
export async function renderSickNoteSummary(s: SickNoteSummary): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	doc.setTitle(`Krankmeldung ${s.reference} – Zusammenfassung`);
	doc.setSubject(`${s.student.name}, ${s.school.name}`);
	doc.setCreator('Schule 360°');
	doc.setCreationDate(s.createdAt);
	doc.setModificationDate(s.createdAt);
	const noto = await notoSans();
	const regular = memoiseText(await doc.embedFont(noto.regular, { subset: true }));
	const bold = memoiseText(await doc.embedFont(noto.bold, { subset: true }));
	const width = A4.width - 2 * MARGIN;

	let page: PDFPage = doc.addPage([A4.width, A4.height]);
	let y = A4.height - MARGIN;
	const room = (height: number) => {
		if (y - height >= BOTTOM) return;
		page = doc.addPage([A4.width, A4.height]);
		y = A4.height - MARGIN;
	};
	const text = (value: string, x: number, w: number, font: PDFFont, size: number, color = TEXT) => {
		const lines = wrap(value, font, size, w);
		for (const l of lines) {
			room(size + 4);
			y -= size;
			page.drawText(l, { x, y, size, font, color });
			y -= 4;
		}
	};
	const heading = (value: string) => {
		room(60);
		y -= 12;
		text(value, MARGIN, width, bold, 12);
		y -= 2;
	};
	/** A label on the left, its value wrapped on the right. */
	const row = (label: string, value: string) => {
		const lines = wrap(value, regular, 10, width - LABEL_WIDTH);
		room(14 * Math.min(lines.length, 3));
		const top = y;
		page.drawText(label, { x: MARGIN, y: y - 10, size: 10, font: regular, color: MUTED });
		text(value, MARGIN + LABEL_WIDTH, width - LABEL_WIDTH, regular, 10);
		if (y > top - 14) y = top - 14;
	};

	// Letterhead
	text(s.school.name, MARGIN, width, bold, 14);
	text(
		`${s.school.address} · Dienststellennummer ${s.school.code}`,
		MARGIN,
		width,
		regular,
		9,
		MUTED
	);
	y -= 4;
	page.drawLine({
		start: { x: MARGIN, y },
		end: { x: A4.width - MARGIN, y },
		thickness: 0.7,
		color: MUTED
	});
	y -= 20;
	text('Krankmeldung – Zusammenfassung für die Schülerakte', MARGIN, width, bold, 16);
	text(`Aktenzeichen ${s.reference}`, MARGIN, width, regular, 11);

	heading('Schülerin / Schüler');
	row('Name', s.student.name);
	row('Geburtsdatum', s.student.birthDate ? germanDay(s.student.birthDate) : 'nicht bekannt');
	row('Klasse', s.student.className);

	heading('Abwesenheit');
	row('Zeitraum', periodText(s));
	if (s.lessonFrom !== null && s.lessonTo !== null)
		row(
			'Unterrichtsstunden',
			s.lessonFrom === s.lessonTo
				? `${s.lessonFrom}. Stunde`
				: `${s.lessonFrom}. bis ${s.lessonTo}. Stunde`
		);
	row('Hinweis der Familie', s.note ?? '–');

	heading('Meldung');
	row('Gemeldet von', reporterText(s));
	row('Eingegangen am', germanDateTime(s.reportedAt));
	row('Schriftliche Entschuldigung', excuseText(s));
	row('Attest', attestText(s));
	if (s.companyNote) row('Ausbildungsbetrieb', COMPANY_NOTES[s.companyNote]);

	heading('Entscheidung');
	row('Ergebnis', DECISIONS[s.decision]);
	row('Abgeschlossen', `${germanDateTime(s.closedAt)} von ${s.closedByName}`);

	heading('Verlauf');
	for (const event of s.timeline) {
		const by = event.actorName
			? `${event.actorName} (${ROLE_NAMES[event.actorRole]})`
			: ROLE_NAMES[event.actorRole];
		const detail = eventDetail(event);
		row(
			germanDateTime(event.at),
			`${EVENT_NAMES[event.kind] ?? event.kind} – ${by}${detail ? ` · ${detail}` : ''}`
		);
	}

	heading('Anhänge');
	if (s.attachments.length === 0) row('', 'keine');
	for (const a of s.attachments)
		row(
			ATTACHMENT_KIND_NAMES[a.kind],
			`${a.fileName} · ${fileSize(a.sizeBytes)} · ${a.mimeType} · SHA-256 ${a.sha256.slice(0, 16)}…`
		);

	const pages = doc.getPages();
	pages.forEach((p, i) => {
		const footer = `${s.reference} · erstellt am ${germanDateTime(s.createdAt)} von Schule 360° · Seite ${i + 1} von ${pages.length}`;
		p.drawText(footer, { x: MARGIN, y: BOTTOM - 28, size: 8, font: regular, color: MUTED });
	});
	return doc.save();
}
