import { error, fail } from '@sveltejs/kit';
import { parseForm } from '$lib/server/http/form';
import { requireStaff } from '$lib/server/http/guards';
import {
	addApprenticeshipByHand,
	allCompanies,
	apprenticeshipSchema,
	findSchoolStudents,
	inviteCompanyContact,
	inviteContactSchema,
	schoolCompanies
} from '$lib/server/identity/companies/service';
import { myStaffSchools } from '$lib/server/identity/schools';
import { can, type Actor } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

/** The school whose companies are shown: `?schule=` or the only one the actor manages. */
async function chosenSchool(actor: Actor, wanted: string | null) {
	const schools = (await myStaffSchools(actor)).filter((s) =>
		can(actor, 'companies.manage', { type: 'school', schoolId: s.id })
	);
	const school = wanted ? schools.find((s) => s.id === wanted) : schools[0];
	if (!school) error(403, 'Keine Berechtigung');
	return { school: { id: school.id, name: school.name }, schools };
}

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const { school, schools } = await chosenSchool(actor, event.url.searchParams.get('schule'));
	const query = event.url.searchParams.get('q') ?? '';
	const hits = await findSchoolStudents(actor, school.id, query);
	const chosenId = event.url.searchParams.get('schueler');
	return {
		school,
		schools: schools.map((s) => ({ id: s.id, name: s.name })),
		companies: await schoolCompanies(actor, school.id),
		allCompanies: await allCompanies(actor, school.id),
		query,
		hits,
		chosen: chosenId ? (hits.find((h) => h.personId === chosenId) ?? null) : null
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const { school } = await chosenSchool(actor, String(form.get('school') ?? '') || null);
		const parsed = parseForm(inviteContactSchema, form);
		if (!parsed.ok) return fail(400, { invite: { values: parsed.values, errors: parsed.errors } });
		const result = await inviteCompanyContact(actor, school.id, parsed.data);
		if (!result.ok)
			return fail(result.status, { invite: { values: parsed.values, errors: result.errors } });
		return { invited: parsed.data.email };
	},
	apprenticeship: async (event) => {
		const actor = requireStaff(event);
		const form = await event.request.formData();
		const { school } = await chosenSchool(actor, String(form.get('school') ?? '') || null);
		const parsed = parseForm(apprenticeshipSchema, form);
		if (!parsed.ok)
			return fail(400, { apprenticeship: { values: parsed.values, errors: parsed.errors } });
		const result = await addApprenticeshipByHand(actor, school.id, parsed.data);
		if (!result.ok)
			return fail(result.status, {
				apprenticeship: { values: parsed.values, errors: result.errors }
			});
		return { apprenticeshipAdded: true };
	}
};
