import { error, fail, redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/http/guards';
import { importRoster, previewRoster } from '$lib/server/identity/roster/import-service';
import {
	loadRosterUpload,
	MAX_ROSTER_BYTES,
	saveRosterUpload
} from '$lib/server/identity/roster/upload';
import { myStaffSchools } from '$lib/server/identity/schools';
import { can, type Actor } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

/** Valid rows shown in the preview: enough to see that the columns were read right. */
const VALID_SHOWN = 20;

async function importSchools(actor: Actor) {
	const schools = await myStaffSchools(actor);
	return schools
		.filter((s) => can(actor, 'roster.import', { type: 'school', schoolId: s.id }))
		.map((s) => ({ id: s.id, name: s.name }));
}

/** The school from the form; with one school the form sends none. Refused unless allowed. */
async function chosenSchool(actor: Actor, form: FormData) {
	const schools = await importSchools(actor);
	const wanted = String(form.get('school') ?? '');
	const school = wanted ? schools.find((s) => s.id === wanted) : schools[0];
	if (!school || (!wanted && schools.length > 1)) error(403, 'Keine Berechtigung');
	return school;
}

function parseResult(value: string | null) {
	const match = /^(\d+)-(\d+)-(\d+)-(\d+)$/.exec(value ?? '');
	if (!match) return null;
	const [created, updated, left, flagged] = match.slice(1).map(Number);
	return { created, updated, left, flagged };
}

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const schools = await importSchools(actor);
	if (schools.length === 0) error(403, 'Keine Berechtigung');
	return { schools, result: parseResult(event.url.searchParams.get('ergebnis')) };
};

export const actions: Actions = {
	preview: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const school = await chosenSchool(actor, form);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { school: school.id, errors: { file: 'roster_error_file_required' } });
		if (file.size > MAX_ROSTER_BYTES)
			return fail(400, { school: school.id, errors: { file: 'roster_error_file_too_large' } });

		const bytes = new Uint8Array(await file.arrayBuffer());
		const result = await previewRoster(actor, school.id, bytes);
		if (!result.ok) return fail(result.status, { school: school.id, errors: result.errors });
		const upload = await saveRosterUpload(actor, bytes, file.name);
		const preview = result.value;
		const show = (r: (typeof preview.rows)[number]) => ({
			line: r.line,
			asvId: r.data.asvId,
			name: [r.data.givenNames, r.data.familyName].filter(Boolean).join(' '),
			birthDate: r.data.birthDate,
			className: r.data.className,
			errors: r.errors
		});
		return {
			school: school.id,
			preview: {
				upload,
				fileName: file.name,
				encoding: preview.encoding,
				missing: preview.missing,
				summary: preview.summary,
				invalid: preview.rows.filter((r) => r.errors.length > 0).map(show),
				valid: preview.rows
					.filter((r) => r.errors.length === 0)
					.slice(0, VALID_SHOWN)
					.map(show)
			}
		};
	},
	import: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const school = await chosenSchool(actor, form);
		const upload = await loadRosterUpload(actor, String(form.get('upload') ?? ''));
		if (!upload) error(404, 'Nicht gefunden');
		const result = await importRoster(actor, school.id, upload.bytes, undefined, {
			fileName: upload.fileName
		});
		if (!result.ok)
			return fail(result.status, { school: school.id, errors: { form: 'roster_import_failed' } });
		const { created, updated, left, flagged } = result.value;
		redirect(303, `/sekretariat/import?ergebnis=${created}-${updated}-${left}-${flagged}`);
	}
};
