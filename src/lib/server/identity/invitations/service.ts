// The office's errand: pick guardians, get one PDF of letters. Creating the codes and drawing the
// pages happen together, so a code exists only on the printed page.
import { now } from '../../clock';
import { config } from '../../config';
import { ok, type Result } from '../../errors';
import type { Actor } from '../../policy';
import { createLetters } from './letters';
import { renderLettersPdf } from './letters-pdf';

export { listLetterCandidates } from './letters';

export async function printLetters(
	actor: Actor,
	schoolId: string,
	choice: 'all' | string[]
): Promise<Result<{ pdf: Uint8Array; fileName: string; count: number }>> {
	const created = await createLetters(actor, schoolId, choice);
	if (!created.ok) return created;
	const { school, letters } = created.value;
	const pdf = await renderLettersPdf(school, letters, config.origin, now());
	const day = now().toISOString().slice(0, 10);
	return ok({ pdf, fileName: `elternbriefe-${day}.pdf`, count: letters.length });
}
