// What the import page's forms send, read the same way by the form action (without JS) and by the
// streaming endpoint (with JS): the school, the kept upload and the office's column choices.
import { error } from '@sveltejs/kit';
import { can, type Actor } from '../../policy';
import { myStaffSchools } from '../schools';
import { parseMappingForm, type RosterMapping } from './mapping';
import { loadRosterUpload } from './upload';

/** The schools whose class list the actor may import. */
export async function importSchools(actor: Actor) {
	const schools = await myStaffSchools(actor);
	return schools
		.filter((s) => can(actor, 'roster.import', { type: 'school', schoolId: s.id }))
		.map((s) => ({ id: s.id, name: s.name }));
}

/** The school from the form; with one school the form sends none. Refused unless allowed. */
export async function chosenSchool(actor: Actor, form: FormData) {
	const schools = await importSchools(actor);
	const wanted = String(form.get('school') ?? '');
	const school = wanted ? schools.find((s) => s.id === wanted) : schools[0];
	if (!school || (!wanted && schools.length > 1)) error(403, 'Keine Berechtigung');
	return school;
}

/**
 * The import form: school, the previewed upload (404 when it is not the actor's), and the mapping
 * the preview used (undefined: the suggested one). The service checks the mapping against the file.
 */
export async function readImportForm(actor: Actor, form: FormData) {
	const school = await chosenSchool(actor, form);
	const upload = await loadRosterUpload(actor, String(form.get('upload') ?? ''));
	if (!upload) error(404, 'Nicht gefunden');
	const chosen = parseMappingForm(form, Number.MAX_SAFE_INTEGER);
	const mapping: RosterMapping | undefined = chosen ? chosen.mapping : undefined;
	return { school, upload, mapping };
}

/** The result page's address: the counts travel in the URL (no ids, nothing personal). */
export const resultUrl = (counts: {
	created: number;
	updated: number;
	left: number;
	flagged: number;
}) =>
	`/sekretariat/import?ergebnis=${counts.created}-${counts.updated}-${counts.left}-${counts.flagged}`;
