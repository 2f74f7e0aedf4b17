// What a family may upload (issue 4, item 9): PDF, JPEG, PNG or HEIC, at most 10 MB. The type is
// decided by the file's first bytes, never by its name or the type the browser claims: a renamed
// program stays a program. The stored type and the name's extension come from what was detected.
import { failure, ok, type Result } from '../errors';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface DetectedType {
	mimeType: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/heic';
	extension: 'pdf' | 'jpg' | 'png' | 'heic';
}

export interface CheckedUpload extends DetectedType {
	fileName: string;
	bytes: Uint8Array;
}

/** Message keys, shown next to the file field. */
export const UPLOAD_ERRORS = {
	required: 'upload_error_required',
	empty: 'upload_error_empty',
	type: 'upload_error_type',
	tooLarge: 'upload_error_too_large'
} as const;

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
	bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) =>
	String.fromCharCode(...bytes.subarray(from, to));

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1']);

/**
 * HEIC/HEIF: an ISO-BMFF file starting with its `ftyp` box, whose major brand or one of its
 * compatible brands is a HEIF brand.
 */
function isHeif(bytes: Uint8Array) {
	if (bytes.length < 12 || ascii(bytes, 4, 8) !== 'ftyp') return false;
	const boxSize = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
	const end = Math.min(boxSize >= 16 ? boxSize : 12, bytes.length, 4096);
	if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return true;
	// Compatible brands follow the major brand and its 4-byte minor version.
	for (let at = 16; at + 4 <= end; at += 4)
		if (HEIF_BRANDS.has(ascii(bytes, at, at + 4))) return true;
	return false;
}

/** The allowed type the content shows, or null for anything else. */
export function detectFileType(bytes: Uint8Array): DetectedType | null {
	if (startsWith(bytes, PDF)) return { mimeType: 'application/pdf', extension: 'pdf' };
	if (startsWith(bytes, JPEG)) return { mimeType: 'image/jpeg', extension: 'jpg' };
	if (startsWith(bytes, PNG)) return { mimeType: 'image/png', extension: 'png' };
	if (isHeif(bytes)) return { mimeType: 'image/heic', extension: 'heic' };
	return null;
}

const KNOWN_EXTENSIONS = /\.(pdf|jpe?g|png|hei[cf])$/i;

/** The original name with the extension of the detected type ("scan.jpg" that is a PNG → .png). */
export function fileNameFor(original: string, type: DetectedType) {
	const base = original.trim().replace(KNOWN_EXTENSIONS, '') || 'datei';
	const matches =
		type.extension === 'jpg'
			? /\.jpe?g$/i.test(original)
			: type.extension === 'heic'
				? /\.hei[cf]$/i.test(original)
				: original.toLowerCase().endsWith(`.${type.extension}`);
	return matches ? original.trim() : `${base}.${type.extension}`;
}

/** A form field's value: a non-empty file, or nothing chosen. */
export function chosenFile(value: FormDataEntryValue | null): File | null {
	return value instanceof File && (value.size > 0 || value.name !== '') ? value : null;
}

/**
 * Checks one uploaded file: present, not empty, at most 10 MB, and by its content PDF, JPEG, PNG
 * or HEIC. The size is checked before the bytes are read. Errors are keyed by the form's field.
 */
export async function checkUpload(
	file: File | null,
	field = 'file'
): Promise<Result<CheckedUpload>> {
	if (!file) return failure(400, { [field]: UPLOAD_ERRORS.required });
	if (file.size === 0) return failure(400, { [field]: UPLOAD_ERRORS.empty });
	if (file.size > MAX_UPLOAD_BYTES) return failure(413, { [field]: UPLOAD_ERRORS.tooLarge });
	const bytes = new Uint8Array(await file.arrayBuffer());
	const type = detectFileType(bytes);
	if (!type) return failure(415, { [field]: UPLOAD_ERRORS.type });
	return ok({ ...type, fileName: fileNameFor(file.name || 'datei', type), bytes });
}
