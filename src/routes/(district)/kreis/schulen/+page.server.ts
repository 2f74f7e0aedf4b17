import { fail } from '@sveltejs/kit';
import { parseForm } from '$lib/server/http/form';
import { requireDistrict } from '$lib/server/http/guards';
import { createSchool, listSchools, updateSchool } from '$lib/server/identity/staff/district';
import { SchoolForm } from '$lib/server/identity/staff/forms';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const inputOf = (data: {
	schoolCode: string;
	name: string;
	shortName: string;
	address: string;
	email: string;
	phone: string;
}) => ({ ...data, code: data.schoolCode, phone: data.phone || null });

export const load: PageServerLoad = async (event) => {
	const actor = requireDistrict(event);
	return { schools: await listSchools(actor), editId: event.url.searchParams.get('bearbeiten') };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireDistrict(event);
		const form = parseForm(SchoolForm, await event.request.formData());
		if (!form.ok) return fail(400, { action: 'create', values: form.values, errors: form.errors });
		const result = await createSchool(actor, inputOf(form.data));
		if (!result.ok)
			return fail(result.status, { action: 'create', values: form.values, errors: result.errors });
		return { action: 'create', saved: form.data.name };
	},
	update: async (event) => {
		const actor = requireDistrict(event);
		const formData = await event.request.formData();
		const id = String(formData.get('id') ?? '');
		const form = parseForm(SchoolForm, formData);
		if (!form.ok)
			return fail(400, { action: 'update', id, values: form.values, errors: form.errors });
		const result = UUID.test(id)
			? await updateSchool(actor, id, inputOf(form.data))
			: ({ ok: false, status: 404, errors: { form: 'error_not_found' } } as const);
		if (!result.ok)
			return fail(result.status, {
				action: 'update',
				id,
				values: form.values,
				errors: result.errors
			});
		return { action: 'update', saved: form.data.name };
	}
};
