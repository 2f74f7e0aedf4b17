import { error, fail, redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/http/guards';
import { countOpenDuplicates } from '$lib/server/identity/duplicates/queue';
import {
	chosenSchool,
	importSchools,
	readImportForm,
	resultUrl
} from '$lib/server/identity/roster/import-form';
import { importRoster, previewRoster } from '$lib/server/identity/roster/import-service';
import {
	parseMappingForm,
	ROSTER_FIELDS,
	type RosterField,
	type RosterMapping
} from '$lib/server/identity/roster/mapping';
import {
	loadRosterUpload,
	MAX_ROSTER_BYTES,
	saveRosterUpload
} from '$lib/server/identity/roster/upload';
import type { Actions, PageServerLoad } from './$types';

/** Valid rows shown in the preview: enough to see that the columns were read right. */
const VALID_SHOWN = 20;

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
	const result = parseResult(event.url.searchParams.get('ergebnis'));
	return {
		schools,
		result,
		openDuplicates: result && result.flagged > 0 ? await countOpenDuplicates(actor) : 0
	};
};

export const actions: Actions = {
	preview: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const school = await chosenSchool(actor, form);
		const file = form.get('file');

		// A new file, or the kept upload again (the mapping step sends its choices with it).
		let bytes: Uint8Array;
		let fileName: string;
		let upload: string | null = null;
		if (file instanceof File && file.size > 0) {
			if (file.size > MAX_ROSTER_BYTES)
				return fail(400, { school: school.id, errors: { file: 'roster_error_file_too_large' } });
			bytes = new Uint8Array(await file.arrayBuffer());
			fileName = file.name;
		} else {
			upload = String(form.get('upload') ?? '');
			const kept = upload ? await loadRosterUpload(actor, upload) : null;
			if (!kept)
				return fail(400, { school: school.id, errors: { file: 'roster_error_file_required' } });
			({ bytes, fileName } = kept);
		}

		const suggested = await previewRoster(actor, school.id, bytes);
		if (!suggested.ok)
			return fail(suggested.status, { school: school.id, errors: suggested.errors });
		const chosen = upload ? parseMappingForm(form, suggested.value.headers.length) : null;
		const mappingErrors = chosen?.errors ?? {};
		const result =
			chosen && Object.keys(mappingErrors).length === 0
				? await previewRoster(actor, school.id, bytes, chosen.mapping)
				: suggested;
		if (!result.ok) return fail(result.status, { school: school.id, errors: result.errors });
		upload ??= await saveRosterUpload(actor, bytes, fileName);

		const preview = result.value;
		const show = (r: (typeof preview.rows)[number]) => ({
			line: r.line,
			asvId: r.data.asvId,
			name: [r.data.givenNames, r.data.familyName].filter(Boolean).join(' '),
			birthDate: r.data.birthDate,
			className: r.data.className,
			errors: r.errors
		});
		const mapping: Partial<Record<RosterField, number>> = chosen ? chosen.mapping : preview.mapping;
		const invalid = preview.rows.filter((r) => r.errors.length > 0);
		return {
			school: school.id,
			preview: {
				upload,
				fileName,
				encoding: preview.encoding,
				headers: preview.headers,
				/** Field → column, -1 for none: the mapping step's preselection. */
				mapping: Object.fromEntries(
					ROSTER_FIELDS.map((f) => [f, (mapping as RosterMapping)[f] ?? -1])
				) as Record<RosterField, number>,
				/** The office chose the columns: the import form sends the same choices. */
				custom: chosen !== null,
				mappingErrors,
				missing: Object.keys(mappingErrors).length > 0 ? suggested.value.missing : preview.missing,
				summary: preview.summary,
				// A file with wrong columns has every row wrong: the first hundred say enough.
				invalid: invalid.slice(0, 100).map(show),
				invalidMore: Math.max(0, invalid.length - 100),
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
		const { school, upload, mapping } = await readImportForm(actor, form);
		const result = await importRoster(actor, school.id, upload.bytes, mapping, {
			fileName: upload.fileName
		});
		if (!result.ok)
			return fail(result.status, { school: school.id, errors: { form: 'roster_import_failed' } });
		redirect(303, resultUrl(result.value));
	}
};
