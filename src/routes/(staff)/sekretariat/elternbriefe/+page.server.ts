import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/http/guards';
import { listLetterCandidates } from '$lib/server/identity/invitations/service';
import { myStaffSchools } from '$lib/server/identity/schools';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

const LETTER_ERRORS = ['letters_error_none', 'letters_error_not_listed'];

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const schools = (await myStaffSchools(actor))
		.filter((s) => can(actor, 'guardians.invite', { type: 'school', schoolId: s.id }))
		.map((s) => ({ id: s.id, name: s.name }));
	if (schools.length === 0) error(403, 'Keine Berechtigung');
	const wanted = event.url.searchParams.get('schule');
	const school = schools.find((s) => s.id === wanted) ?? schools[0];
	const candidates = await listLetterCandidates(actor, school.id);
	return {
		schools,
		school,
		error: LETTER_ERRORS.find((e) => e === event.url.searchParams.get('fehler')) ?? null,
		guardians: candidates.map((c) => ({
			id: c.guardianPersonId,
			name: c.name,
			contactEmail: c.contactEmail,
			children: c.children,
			status: c.letter.status,
			expiresAt: c.letter.expiresAt?.toISOString() ?? null
		}))
	};
};
