// Reads back the text a PDF from pdf-lib shows in a standard font (WinAnsi): enough to find the
// letter codes, which are set in Courier. Text in embedded fonts is glyph ids and reads as noise.
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFPage } from 'pdf-lib';

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
