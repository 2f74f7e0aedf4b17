import { describe, expect, it } from 'vitest';
import {
	checkUpload,
	chosenFile,
	detectFileType,
	fileNameFor,
	MAX_UPLOAD_BYTES
} from './upload-check';

const bytes = (...parts: (number[] | string)[]) =>
	new Uint8Array(
		parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p))
	);
const ftyp = (major: string, ...compatible: string[]) => {
	const size = 16 + 4 * compatible.length;
	return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], 'meta');
};
const file = (content: Uint8Array, name: string, type = 'application/octet-stream') =>
	new File([content as BlobPart], name, { type });

describe('detectFileType', () => {
	it.each([
		['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
		['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
		[
			'PNG',
			bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'),
			'image/png'
		],
		['HEIC (heic)', ftyp('heic', 'mif1', 'heic'), 'image/heic'],
		['HEIC (heix)', ftyp('heix'), 'image/heic'],
		['HEIF (mif1)', ftyp('mif1', 'heic'), 'image/heic'],
		['HEIF sequence (msf1)', ftyp('msf1'), 'image/heic'],
		['HEIF compatible brand only', ftyp('xxxx', 'isom', 'heim'), 'image/heic']
	])('accepts %s by its content', (_, content, mimeType) => {
		expect(detectFileType(content)?.mimeType).toBe(mimeType);
	});

	it.each([
		['a Windows program (MZ)', bytes('MZ', [0x90, 0, 3, 0, 0, 0])],
		['an MP4 video', ftyp('isom', 'iso2', 'mp41')],
		['a ZIP (Office file)', bytes('PK', [3, 4, 20, 0])],
		['a GIF', bytes('GIF89a')],
		['an HTML page', bytes('<!doctype html><script>')],
		['a PDF marker not at the start', bytes(' %PDF-1.4')],
		['a truncated PNG signature', bytes([0x89, 0x50, 0x4e, 0x47])],
		['nothing', new Uint8Array()]
	])('refuses %s', (_, content) => {
		expect(detectFileType(content)).toBeNull();
	});
});

describe('checkUpload', () => {
	it('refuses a renamed .exe sent as a PDF, whatever the name and browser type say', async () => {
		const result = await checkUpload(
			file(
				bytes('MZ', [0x90, 0, 3, 0], 'This program cannot be run in DOS mode'),
				'attest.pdf',
				'application/pdf'
			),
			'attest'
		);
		expect(result).toEqual({ ok: false, status: 415, errors: { attest: 'upload_error_type' } });
	});

	it('takes the stored type from the content and fixes a wrong extension', async () => {
		const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		const result = await checkUpload(file(png, 'scan.jpg', 'image/jpeg'));
		expect(result.ok && result.value).toMatchObject({
			mimeType: 'image/png',
			extension: 'png',
			fileName: 'scan.png'
		});
		expect(result.ok && result.value.bytes).toEqual(png);
	});

	it('accepts exactly 10 MB and refuses one byte more, before reading the content', async () => {
		const limit = new Uint8Array(MAX_UPLOAD_BYTES);
		limit.set(bytes('%PDF-1.4'));
		expect((await checkUpload(file(limit, 'gross.pdf'))).ok).toBe(true);
		const over = new Uint8Array(MAX_UPLOAD_BYTES + 1);
		over.set(bytes('%PDF-1.4'));
		expect(await checkUpload(file(over, 'zu-gross.pdf'))).toEqual({
			ok: false,
			status: 413,
			errors: { file: 'upload_error_too_large' }
		});
	});

	it('refuses an empty file and a missing one', async () => {
		expect(await checkUpload(file(new Uint8Array(), 'leer.pdf'))).toMatchObject({
			ok: false,
			errors: { file: 'upload_error_empty' }
		});
		expect(await checkUpload(null)).toMatchObject({
			ok: false,
			errors: { file: 'upload_error_required' }
		});
	});
});

describe('helpers', () => {
	it.each([
		['attest.pdf', 'pdf', 'attest.pdf'],
		['Foto.JPEG', 'jpg', 'Foto.JPEG'],
		['IMG_0001.HEIC', 'heic', 'IMG_0001.HEIC'],
		['scan.pdf', 'png', 'scan.png'],
		['ohne-endung', 'pdf', 'ohne-endung.pdf'],
		['programm.exe', 'pdf', 'programm.exe.pdf']
	] as const)('names %s (%s) %s', (original, extension, expected) => {
		const mimeType = {
			pdf: 'application/pdf',
			jpg: 'image/jpeg',
			png: 'image/png',
			heic: 'image/heic'
		}[extension] as 'application/pdf';
		expect(fileNameFor(original, { mimeType, extension })).toBe(expected);
	});

	it('treats an untouched file field as no file', () => {
		expect(chosenFile(new File([], ''))).toBeNull();
		expect(chosenFile('text')).toBeNull();
		expect(chosenFile(null)).toBeNull();
		expect(chosenFile(new File(['x'], 'a.pdf'))).not.toBeNull();
	});
});
