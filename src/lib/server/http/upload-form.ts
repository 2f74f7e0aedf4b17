// Reads a form that may carry a file. A body over the server's BODY_SIZE_LIMIT cannot be read at
// all: the page then says "too large" like the upload check does, instead of an error page.
import { UPLOAD_ERRORS } from '../cases/upload-check';

export type UploadForm = { ok: true; formData: FormData } | { ok: false; error: string };

export async function readUploadForm(request: Request): Promise<UploadForm> {
	try {
		return { ok: true, formData: await request.formData() };
	} catch (e) {
		const status = (e as { status?: number } | null)?.status;
		const cause = (e as { cause?: { status?: number } } | null)?.cause?.status;
		if (status === 413 || cause === 413 || tooLongBody(request))
			return { ok: false, error: UPLOAD_ERRORS.tooLarge };
		throw e;
	}
}

/** Longer than any allowed file plus its form: what BODY_SIZE_LIMIT refuses. */
const tooLongBody = (request: Request) =>
	Number(request.headers.get('content-length') ?? 0) > 10 * 1024 * 1024;
