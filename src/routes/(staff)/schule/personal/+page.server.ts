import { error, fail } from '@sveltejs/kit';
import { parseForm } from '$lib/server/http/form';
import { requireStaff } from '$lib/server/http/guards';
import {
	AssignClassForm,
	CreateStaffForm,
	MembershipForm,
	staffRolesFrom
} from '$lib/server/identity/staff/forms';
import {
	assignClass,
	createStaffMember,
	endClassAssignment,
	endStaffRole,
	listSchoolClasses,
	listStaff,
	manageableSchools
} from '$lib/server/identity/staff/service';
import type { Actions, PageServerLoad } from './$types';

/** The school chosen with ?schule=…, else the first one the actor manages (403 if none). */
async function chosenSchool(actor: App.Locals['actor'] & object, url: URL) {
	const schools = await manageableSchools(actor);
	if (schools.length === 0) error(403, 'Keine Berechtigung');
	const wanted = url.searchParams.get('schule');
	return { schools, schoolId: schools.find((s) => s.id === wanted)?.id ?? schools[0].id };
}

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event);
	const { schools, schoolId } = await chosenSchool(actor, event.url);
	const [{ school, staff }, classes] = await Promise.all([
		listStaff(actor, schoolId),
		listSchoolClasses(actor, schoolId)
	]);
	return { schools, school, staff, classes };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireStaff(event);
		const { schoolId } = await chosenSchool(actor, event.url);
		const formData = await event.request.formData();
		const form = parseForm(CreateStaffForm, formData);
		const roles = staffRolesFrom(formData);
		const errors = {
			...(form.ok ? {} : form.errors),
			...(roles.length ? {} : { roles: 'error_staff_role_required' })
		};
		if (!form.ok || !roles.length)
			return fail(400, { action: 'create', values: form.values, roles, errors });
		const result = await createStaffMember(actor, schoolId, { ...form.data, roles });
		if (!result.ok)
			return fail(result.status, {
				action: 'create',
				values: form.values,
				roles,
				errors: result.errors
			});
		return {
			action: 'create',
			created: {
				name: `${form.data.givenNames} ${form.data.familyName}`,
				reused: result.value.reused
			}
		};
	},
	assign: async (event) => {
		const actor = requireStaff(event);
		const { schoolId } = await chosenSchool(actor, event.url);
		const form = parseForm(AssignClassForm, await event.request.formData());
		if (!form.ok)
			return fail(400, { action: 'assign', personId: form.values.personId, errors: form.errors });
		const result = await assignClass(actor, schoolId, form.data);
		if (!result.ok)
			return fail(result.status, {
				action: 'assign',
				personId: form.data.personId,
				errors: result.errors
			});
		return { action: 'assign', personId: form.data.personId, assigned: true };
	},
	endRole: async (event) => {
		const actor = requireStaff(event);
		const { schoolId } = await chosenSchool(actor, event.url);
		const form = parseForm(MembershipForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'endRole', errors: form.errors });
		const result = await endStaffRole(actor, schoolId, form.data.id);
		if (!result.ok) return fail(result.status, { action: 'endRole', errors: result.errors });
		return { action: 'endRole', ended: true };
	},
	endClass: async (event) => {
		const actor = requireStaff(event);
		const { schoolId } = await chosenSchool(actor, event.url);
		const form = parseForm(MembershipForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'endClass', errors: form.errors });
		const result = await endClassAssignment(actor, schoolId, form.data.id);
		if (!result.ok) return fail(result.status, { action: 'endClass', errors: result.errors });
		return { action: 'endClass', ended: true };
	}
};
