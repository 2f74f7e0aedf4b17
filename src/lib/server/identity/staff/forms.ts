import * as v from 'valibot';
import { CLASS_STAFF_ROLES, STAFF_ROLES } from './service';
import { DISTRICT_ROLE_KEYS } from './district';

const text = (required: string, max = 200) =>
	v.pipe(v.string(), v.trim(), v.nonEmpty(required), v.maxLength(max, required));
const email = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty('error_email_required'),
	v.maxLength(254, 'error_email_invalid'),
	v.email('error_email_invalid')
);
const id = v.pipe(v.string(), v.uuid('error_not_found'));

export const CreateStaffForm = v.object({
	givenNames: text('error_given_names_required'),
	familyName: text('error_family_name_required'),
	email
});
/** The role checkboxes: several values under one name, read with formData.getAll. */
export const staffRolesFrom = (formData: FormData) =>
	formData
		.getAll('roles')
		.filter((r): r is (typeof STAFF_ROLES)[number] =>
			(STAFF_ROLES as readonly unknown[]).includes(r)
		);

export const AssignClassForm = v.object({
	personId: id,
	classId: v.pipe(v.string(), v.nonEmpty('error_class_required'), v.uuid('error_class_required')),
	role: v.picklist(CLASS_STAFF_ROLES, 'error_class_role_required')
});
export const MembershipForm = v.object({ id });

export const SchoolForm = v.object({
	schoolCode: text('error_school_code_required', 20),
	name: text('error_school_name_required'),
	shortName: text('error_school_name_required', 60),
	address: text('error_address_required', 300),
	email,
	phone: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(60, 'error_phone_invalid')), '')
});

export const GrantDistrictRoleForm = v.object({
	email,
	role: v.picklist(DISTRICT_ROLE_KEYS, 'error_district_role_required')
});
