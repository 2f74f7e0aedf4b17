// Draws the invitation letters: one A4 page per guardian, text from letter-text.ts, the QR code as
// vector squares (sharp on any printer). Noto Sans (shipped with KERN UX) covers names such as
// "Ayşe Yılmaz" that the PDF standard fonts cannot; the code is set in Courier so it can also be
// read back from the file (tests do).
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { memoiseText, notoSans } from './font';
import { letterText } from './letter-text';
import type { Letter, SchoolLetterhead } from './letters';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const TEXT = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);

/** Breaks a paragraph into lines that fit `width`, keeping its leading indent. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	const indent = /^\s*/.exec(text)![0];
	let line = '';
	for (const word of text.trim().split(/\s+/)) {
		const candidate = line ? `${line} ${word}` : `${indent}${word}`;
		if (line && font.widthOfTextAtSize(candidate, size) > width) {
			lines.push(line);
			line = `${indent}${word}`;
		} else line = candidate;
	}
	if (line) lines.push(line);
	return lines;
}

/** Dark modules as filled squares, neighbouring ones in a row merged into one rectangle. */
function drawQr(page: PDFPage, url: string, x: number, top: number, size: number) {
	const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const quiet = 4;
	const cell = size / (n + 2 * quiet);
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && qr.modules.get(row, col)) col++;
			page.drawRectangle({
				x: x + (quiet + start) * cell,
				y: top - (quiet + row + 1) * cell,
				width: (col - start) * cell,
				height: cell,
				color: rgb(0, 0, 0)
			});
		}
	}
}

export async function renderLettersPdf(
	school: SchoolLetterhead,
	letters: Letter[],
	origin: string,
	today: Date
): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	doc.setTitle(`Einladungsbriefe – ${school.name}`);
	doc.setCreator('Schule 360°');
	const noto = await notoSans();
	const regular = memoiseText(await doc.embedFont(noto.regular, { subset: true }));
	const bold = memoiseText(await doc.embedFont(noto.bold, { subset: true }));
	const mono = await doc.embedFont(StandardFonts.CourierBold);
	const width = A4.width - 2 * MARGIN;

	for (const letter of letters) {
		const t = letterText(letter, school, origin, today);
		const page = doc.addPage([A4.width, A4.height]);
		let y = A4.height - MARGIN;
		const line = (text: string, font = regular, size = 10.5, color = TEXT, gap = 4) => {
			for (const l of wrap(text, font, size, width)) {
				y -= size;
				page.drawText(l, { x: MARGIN, y, size, font, color });
				y -= gap;
			}
		};
		// Letterhead
		line(t.sender[0], bold, 14, TEXT, 3);
		for (const s of t.sender.slice(1)) line(s, regular, 9, MUTED, 2);
		page.drawLine({
			start: { x: MARGIN, y: y - 4 },
			end: { x: A4.width - MARGIN, y: y - 4 },
			thickness: 0.7,
			color: MUTED
		});
		y -= 36;
		for (const r of t.recipient) line(r, regular, 11, TEXT, 3);
		y -= 8;
		page.drawText(t.date, {
			x: A4.width - MARGIN - regular.widthOfTextAtSize(t.date, 10),
			y,
			size: 10,
			font: regular,
			color: MUTED
		});
		y -= 20;
		line(t.subject, bold, 14, TEXT, 10);
		line(t.salutation, regular, 11, TEXT, 8);
		for (const p of t.intro) line(p, regular, 11, TEXT, 4);
		y -= 2;
		for (const c of t.children) line(`•  ${c}`, bold, 11, TEXT, 4);
		y -= 10;

		// Code box: QR on the left, the code to type on the right.
		const boxTop = y;
		const qrSize = 132;
		page.drawRectangle({
			x: MARGIN,
			y: boxTop - qrSize - 16,
			width,
			height: qrSize + 16,
			borderColor: MUTED,
			borderWidth: 0.8
		});
		drawQr(page, t.url, MARGIN + 8, boxTop - 8, qrSize);
		const textX = MARGIN + qrSize + 28;
		page.drawText(t.codeLabel, { x: textX, y: boxTop - 36, size: 11, font: regular, color: MUTED });
		page.drawText(t.code, { x: textX, y: boxTop - 66, size: 22, font: mono, color: TEXT });
		let vy = boxTop - 92;
		for (const l of wrap(t.validUntil, regular, 10, width - qrSize - 40)) {
			page.drawText(l, { x: textX, y: vy, size: 10, font: regular, color: TEXT });
			vy -= 13;
		}
		y = boxTop - qrSize - 36;

		line('So geht es:', bold, 11, TEXT, 6);
		for (const s of t.steps) line(s, regular, 10.5, TEXT, 4);
		y -= 8;
		for (const c of t.closing) line(c, regular, 10.5, TEXT, 5);
	}
	return doc.save();
}
