// Reads back the text of a PDF made with pdf-lib: `pdfPageTexts` decodes strings in a standard
// font (WinAnsi), enough for the letter codes set in Courier; `pdfTextLines` also maps the glyph
// ids of embedded fonts (Noto Sans) back to text through their ToUnicode CMaps.
import {
	decodePDFRawStream,
	PDFArray,
	PDFDict,
	PDFDocument,
	PDFName,
	PDFRawStream,
	type PDFPage
} from 'pdf-lib';

function pageContent(page: PDFPage): string {
	const contents = page.node.Contents();
	const streams =
		contents instanceof PDFArray
			? contents.asArray().map((ref) => page.doc.context.lookup(ref))
			: [contents];
	return streams
		.filter((s): s is PDFRawStream => s instanceof PDFRawStream)
		.map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
		.join('\n');
}

/** Per page, the strings drawn with `<hex> Tj`, decoded as single-byte text. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[][]> {
	const doc = await PDFDocument.load(bytes);
	return doc
		.getPages()
		.map((page) =>
			[...pageContent(page).matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) =>
				Buffer.from(m[1], 'hex').toString('latin1')
			)
		);
}

/** The invitation codes (ABCD-EFGH-JKMN) found on each page. */
export async function letterCodesIn(bytes: Uint8Array): Promise<string[]> {
	const pages = await pdfPageTexts(bytes);
	return pages.flatMap((texts) =>
		texts.filter((t) => /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(t))
	);
}

/** glyph id (hex) → text, from a font's ToUnicode CMap (pdf-lib writes `<gid> <utf16>` pairs). */
function toUnicodeMap(page: PDFPage, fontName: string): Map<string, string> | null {
	const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
	const font = fonts?.lookup(PDFName.of(fontName), PDFDict);
	const cmap = font?.lookup(PDFName.of('ToUnicode'));
	if (!(cmap instanceof PDFRawStream)) return null;
	const text = Buffer.from(decodePDFRawStream(cmap).decode()).toString('latin1');
	const map = new Map<string, string>();
	for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
		for (const [, gid, utf16] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
			map.set(gid.toLowerCase(), Buffer.from(utf16, 'hex').swap16().toString('utf16le'));
	return map;
}

/**
 * Per page, the lines drawn with `<hex> Tj` as readable text, also for embedded fonts (Noto Sans):
 * glyph ids are mapped back through each font's ToUnicode CMap, standard fonts read as WinAnsi.
 */
export async function pdfTextLines(bytes: Uint8Array): Promise<string[][]> {
	const doc = await PDFDocument.load(bytes);
	return doc.getPages().map((page) => {
		const lines: string[] = [];
		const maps = new Map<string, Map<string, string> | null>();
		let map: Map<string, string> | null = null;
		for (const m of pageContent(page).matchAll(
			/\/([^\s/]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g
		)) {
			if (m[1]) {
				if (!maps.has(m[1])) maps.set(m[1], toUnicodeMap(page, m[1]));
				map = maps.get(m[1])!;
			} else if (map) {
				const ids = m[2].match(/.{4}/g) ?? [];
				lines.push(ids.map((id) => map!.get(id.toLowerCase()) ?? '\uFFFD').join(''));
			} else lines.push(Buffer.from(m[2], 'hex').toString('latin1'));
		}
		return lines;
	});
}
