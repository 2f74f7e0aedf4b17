// Noto Sans for the letters, taken from the KERN UX package (already a dependency, EUPL/OFL).
// It ships as WOFF; fontkit reads WOFF but re-inflates tables on every glyph lookup, which made
// a page take seconds. Unpacking it once into a plain TrueType file makes it fast.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type { PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);
const FONT_DIR = '@kern-ux/native/dist/fonts/noto-sans/';

/** WOFF 1.0 → SFNT (TrueType/OpenType): the same tables, uncompressed, with a plain directory. */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
	const dv = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
	if (dv.getUint32(0) !== 0x774f4646) throw new Error('not a WOFF file');
	const flavor = dv.getUint32(4);
	const numTables = dv.getUint16(12);
	const tables = Array.from({ length: numTables }, (_, i) => {
		const o = 44 + i * 20;
		const offset = dv.getUint32(o + 4);
		const compLength = dv.getUint32(o + 8);
		const origLength = dv.getUint32(o + 12);
		const raw = woff.subarray(offset, offset + compLength);
		return {
			tag: dv.getUint32(o),
			checksum: dv.getUint32(o + 16),
			data: compLength < origLength ? new Uint8Array(inflateSync(raw)) : raw
		};
	});
	const pad = (n: number) => (n + 3) & ~3;
	const headerSize = 12 + 16 * numTables;
	const out = new Uint8Array(headerSize + tables.reduce((sum, t) => sum + pad(t.data.length), 0));
	const ov = new DataView(out.buffer);
	const entrySelector = Math.floor(Math.log2(numTables));
	const searchRange = 16 * 2 ** entrySelector;
	ov.setUint32(0, flavor);
	ov.setUint16(4, numTables);
	ov.setUint16(6, searchRange);
	ov.setUint16(8, entrySelector);
	ov.setUint16(10, numTables * 16 - searchRange);
	let offset = headerSize;
	tables.forEach((t, i) => {
		const o = 12 + i * 16;
		ov.setUint32(o, t.tag);
		ov.setUint32(o + 4, t.checksum);
		ov.setUint32(o + 8, offset);
		ov.setUint32(o + 12, t.data.length);
		out.set(t.data, offset);
		offset += pad(t.data.length);
	});
	return out;
}

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/** Noto Sans regular and bold as TrueType bytes, read once per process. */
export function notoSans() {
	fonts ??= Promise.all([
		readFile(require.resolve(`${FONT_DIR}NotoSans-Regular.woff`)),
		readFile(require.resolve(`${FONT_DIR}NotoSans-Bold.woff`))
	]).then(([regular, bold]) => ({ regular: woffToSfnt(regular), bold: woffToSfnt(bold) }));
	return fonts;
}

/**
 * Most lines repeat on every letter: shaping them once per document (fontkit's layout is the slow
 * part) instead of once per page. The glyphs are recorded for the subset on the first call.
 */
export function memoiseText(font: PDFFont): PDFFont {
	const encode = font.encodeText.bind(font);
	const width = font.widthOfTextAtSize.bind(font);
	const encoded = new Map<string, ReturnType<PDFFont['encodeText']>>();
	const widths = new Map<string, number>();
	font.encodeText = (text: string) => {
		let e = encoded.get(text);
		if (!e) encoded.set(text, (e = encode(text)));
		return e;
	};
	font.widthOfTextAtSize = (text: string, size: number) => {
		let w = widths.get(text);
		if (w === undefined) widths.set(text, (w = width(text, 1)));
		return w * size;
	};
	return font;
}
