import { fail } from '@sveltejs/kit';
import { parseForm } from '$lib/server/http/form';
import { requireDistrict } from '$lib/server/http/guards';
import {
	endDistrictRole,
	grantDistrictRole,
	listDistrictRoles
} from '$lib/server/identity/staff/district';
import { GrantDistrictRoleForm, MembershipForm } from '$lib/server/identity/staff/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireDistrict(event);
	return { roles: await listDistrictRoles(actor) };
};

export const actions: Actions = {
	grant: async (event) => {
		const actor = requireDistrict(event);
		const form = parseForm(GrantDistrictRoleForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'grant', values: form.values, errors: form.errors });
		const result = await grantDistrictRole(actor, form.data.email, form.data.role);
		if (!result.ok)
			return fail(result.status, { action: 'grant', values: form.values, errors: result.errors });
		return { action: 'grant', granted: true };
	},
	end: async (event) => {
		const actor = requireDistrict(event);
		const form = parseForm(MembershipForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'end', errors: form.errors });
		const result = await endDistrictRole(actor, form.data.id);
		if (!result.ok) return fail(result.status, { action: 'end', errors: result.errors });
		return { action: 'end', ended: true };
	}
};
