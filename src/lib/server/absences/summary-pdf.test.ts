import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfTextLines } from '../../../../tests/helpers/pdf-text';
import type { SickNoteSummary } from './summary-facts';
import { fileSize, germanDay, periodText, renderSickNoteSummary } from './summary-pdf';

const at = (iso: string) => new Date(iso);

/** A phone report for a few lessons, with an Attest, a company note and a long history. */
const phoneSummary = (events = 4): SickNoteSummary => ({
	reference: 'S360-2026-000042',
	school: {
		name: 'Kaufmännische Schule Lindenau',
		address: 'Lindenallee 12, 78100 Lindenau',
		code: '04123456'
	},
	student: { name: 'Elif Yılmaz', birthDate: '2008-12-10', className: 'BK1' },
	firstDay: '2026-03-17',
	lastDay: '2026-03-17',
	lessonFrom: 3,
	lessonTo: 6,
	note: 'Wir melden uns, sobald der Arzttermin vorbei ist.',
	reportedAs: 'guardian',
	channel: 'phone',
	callerName: 'Ayşe Yılmaz',
	reportedByName: 'Monika Berger',
	reportedAt: at('2026-03-17T06:40:00Z'),
	excuseDueOn: '2026-03-20',
	excuseReceivedAt: at('2026-03-19T08:15:00Z'),
	attestRequestedAt: at('2026-03-17T10:00:00Z'),
	attestReason: 'frequent',
	attestDueOn: '2026-03-24',
	attestReceivedAt: null,
	companyNote: 'excused_by_company',
	decision: 'unexcused',
	closedAt: at('2026-03-25T13:30:00Z'),
	closedByName: 'Katrin Hoffmann',
	timeline: [
		{
			at: at('2026-03-17T06:40:00Z'),
			kind: 'sick_note_reported',
			actorName: 'Monika Berger',
			actorRole: 'staff',
			data: { firstDay: '2026-03-17', lastDay: '2026-03-17' }
		},
		{
			at: at('2026-03-17T07:10:00Z'),
			kind: 'sick_note_extended',
			actorName: 'Ayşe Yılmaz',
			actorRole: 'family',
			data: { from: '2026-03-17', to: '2026-03-19' }
		},
		{
			at: at('2026-03-17T08:00:00Z'),
			kind: 'sick_note_company_note',
			actorName: 'Heike Sonnenschein',
			actorRole: 'company',
			data: { kind: 'excused_by_company' }
		},
		...Array.from({ length: events }, (_, i) => ({
			at: at(`2026-03-${String(18 + (i % 7)).padStart(2, '0')}T09:00:00Z`),
			kind: i === 0 ? 'sick_note_attest_requested' : 'sick_note_future_kind',
			actorName: i === 0 ? 'Katrin Hoffmann' : null,
			actorRole: i === 0 ? ('staff' as const) : ('system' as const),
			data: i === 0 ? { dueOn: '2026-03-24' } : {}
		})),
		{
			at: at('2026-03-25T13:30:00Z'),
			kind: 'sick_note_closed',
			actorName: 'Katrin Hoffmann',
			actorRole: 'staff',
			data: { decision: 'unexcused' }
		}
	],
	attachments: [
		{
			fileName: 'Entschuldigung.jpg',
			kind: 'excuse',
			mimeType: 'image/jpeg',
			sizeBytes: 1_572_864,
			sha256: 'ab'.repeat(32)
		}
	],
	createdAt: at('2026-03-25T13:30:00Z')
});

describe('sick-note summary PDF', () => {
	it('formats days, periods and sizes the German way', () => {
		expect(germanDay('2026-03-05')).toBe('05.03.2026');
		expect(periodText({ firstDay: '2026-03-05', lastDay: null })).toBe(
			'ab 05.03.2026, letzter Tag noch offen'
		);
		expect(periodText({ firstDay: '2026-03-05', lastDay: '2026-03-05' })).toBe('am 05.03.2026');
		expect(fileSize(812)).toBe('812 B');
		expect(fileSize(15_360)).toBe('15 KB');
		expect(fileSize(1_572_864)).toBe('1,5 MB');
	});

	it('prints a phone report: caller, who took it, lessons, excuse, Attest, company, decision', async () => {
		const text = (await pdfTextLines(await renderSickNoteSummary(phoneSummary()))).flat().join(' ');
		for (const fact of [
			'Kaufmännische Schule Lindenau',
			'Lindenallee 12, 78100 Lindenau · Dienststellennummer 04123456',
			'Aktenzeichen S360-2026-000042',
			'Elif Yılmaz',
			'10.12.2008',
			'BK1',
			'am 17.03.2026',
			'3. bis 6. Stunde',
			'Erziehungsberechtigte/r, telefonisch (Anrufer/in: Ayşe Yılmaz; aufgenommen von Monika',
			'Wir melden uns, sobald der Arzttermin vorbei ist.',
			'eingegangen am 19.03.2026, 09:15',
			'angefordert am 17.03.2026, 11:00 (auffällig häufige Fehlzeiten), Frist 24.03.2026, nicht',
			'entschuldigt durch Betrieb',
			'nicht entschuldigt',
			'25.03.2026, 14:30 von Katrin Hoffmann',
			'Attest angefordert – Katrin Hoffmann (Schule) · Frist 24.03.2026',
			'sick_note_future_kind – System',
			'Krankmeldung verlängert – Ayşe Yılmaz (Familie) · bis 19.03.2026',
			'Notiz des Ausbildungsbetriebs – Heike Sonnenschein (Betrieb) · entschuldigt durch Betrieb',
			'Entschuldigung.jpg · 1,5 MB · image/jpeg · SHA-256 abababababababab…',
			'Seite 1 von 1'
		])
			expect(text).toContain(fact);
	});

	it('an open end and a long history flow onto further pages, each with its footer', async () => {
		const summary = { ...phoneSummary(60), lastDay: null, lessonFrom: null, lessonTo: null };
		const bytes = await renderSickNoteSummary(summary);
		const pages = await pdfTextLines(bytes);
		expect(pages.length).toBeGreaterThan(1);
		expect((await PDFDocument.load(bytes)).getTitle()).toBe(
			'Krankmeldung S360-2026-000042 – Zusammenfassung'
		);
		pages.forEach((lines, i) =>
			expect(lines.join('\n')).toContain(`Seite ${i + 1} von ${pages.length}`)
		);
		const text = pages.flat().join(' ');
		expect(text).toContain('ab 17.03.2026, letzter Tag noch offen');
		expect(text).not.toContain('Stunde');
		expect(pages.at(-1)!.join('\n')).toContain('Entschuldigung.jpg');
	});
});
