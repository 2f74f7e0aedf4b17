import { m } from '$lib/paraglide/messages';

type MessageFn = (params?: Record<string, unknown>) => string;

// The messages a server may hand over by key (field errors, states). Listed one by one so the
// bundler ships only these to the browser, not every message of the app.
const byKey: Record<string, MessageFn> = {
	activation_error_rate_limited: m.activation_error_rate_limited,
	error_sick_first_day_invalid: m.error_sick_first_day_invalid,
	error_sick_first_day_too_early: m.error_sick_first_day_too_early,
	error_sick_first_day_too_late: m.error_sick_first_day_too_late,
	error_sick_last_day_invalid: m.error_sick_last_day_invalid,
	error_sick_last_day_before_first: m.error_sick_last_day_before_first,
	error_sick_lesson_invalid: m.error_sick_lesson_invalid,
	error_sick_lesson_to_before_from: m.error_sick_lesson_to_before_from,
	error_sick_lessons_one_day: m.error_sick_lessons_one_day,
	error_sick_note_too_long: m.error_sick_note_too_long,
	error_sick_no_class: m.error_sick_no_class,
	error_sick_client_id: m.error_sick_client_id,
	case_type_sick_note: m.case_type_sick_note,
	case_status_submitted: m.case_status_submitted,
	invitation_error_code_required: m.invitation_error_code_required,
	invitation_error_code_invalid: m.invitation_error_code_invalid,
	invitation_error_code_expired: m.invitation_error_code_expired,
	invitation_error_code_used: m.invitation_error_code_used,
	invitation_error_code_replaced: m.invitation_error_code_replaced,
	invitation_error_rate_limited: m.invitation_error_rate_limited,
	invitation_error_email_taken: m.invitation_error_email_taken,
	invitation_error_has_account: m.invitation_error_has_account,
	invitation_error_other_account: m.invitation_error_other_account,
	letters_error_none: m.letters_error_none,
	letters_error_not_listed: m.letters_error_not_listed,
	error_email_change_none: m.error_email_change_none,
	error_email_change_official: m.error_email_change_official,
	error_email_same: m.error_email_same,
	error_email_taken: m.error_email_taken,
	error_family_name_required: m.error_family_name_required,
	error_given_names_required: m.error_given_names_required,
	error_name_invalid: m.error_name_invalid,
	error_name_kept_by_office: m.error_name_kept_by_office,
	error_name_too_long: m.error_name_too_long,
	error_password_rate_limited: m.error_password_rate_limited,
	error_password_wrong: m.error_password_wrong,
	error_code_invalid: m.error_code_invalid,
	error_code_required: m.error_code_required,
	error_company_required: m.error_company_required,
	error_company_given_names_required: m.error_company_given_names_required,
	error_company_family_name_required: m.error_company_family_name_required,
	error_company_student_required: m.error_company_student_required,
	error_company_date_invalid: m.error_company_date_invalid,
	error_company_end_before_start: m.error_company_end_before_start,
	error_consent_grantee_unknown: m.error_consent_grantee_unknown,
	error_email_invalid: m.error_email_invalid,
	error_email_required: m.error_email_required,
	error_login_invalid: m.error_login_invalid,
	error_passkey_failed: m.error_passkey_failed,
	error_staff_role_required: m.error_staff_role_required,
	error_staff_already_has_roles: m.error_staff_already_has_roles,
	error_staff_already_assigned: m.error_staff_already_assigned,
	error_class_required: m.error_class_required,
	error_class_role_required: m.error_class_role_required,
	error_school_code_required: m.error_school_code_required,
	error_school_code_taken: m.error_school_code_taken,
	error_school_name_required: m.error_school_name_required,
	error_address_required: m.error_address_required,
	error_phone_invalid: m.error_phone_invalid,
	error_account_not_found: m.error_account_not_found,
	error_district_role_exists: m.error_district_role_exists,
	error_district_role_required: m.error_district_role_required,
	error_last_district_admin: m.error_last_district_admin,
	error_second_factor_expired: m.error_second_factor_expired,
	error_second_factor_invalid: m.error_second_factor_invalid,
	error_second_factor_mandatory: m.error_second_factor_mandatory,
	error_second_factor_rate_limited: m.error_second_factor_rate_limited,
	error_second_factor_reauth: m.error_second_factor_reauth,
	error_login_rate_limited: m.error_login_rate_limited as unknown as MessageFn,
	error_not_found: m.error_not_found,
	error_password_common: m.error_password_common,
	error_password_is_email: m.error_password_is_email,
	error_password_required: m.error_password_required,
	error_password_too_long: m.error_password_too_long,
	error_password_too_short: m.error_password_too_short,
	jobs_state_dead: m.jobs_state_dead,
	jobs_state_done: m.jobs_state_done,
	jobs_state_pending: m.jobs_state_pending,
	jobs_state_running: m.jobs_state_running,
	lang_error: m.lang_error
};

/** Translates a message key handed over by the server (e.g. a field error); unknown keys as-is. */
export function translate(key: string | undefined | null, params?: Record<string, unknown>) {
	if (!key) return '';
	const fn = byKey[key];
	return fn ? fn(params) : key;
}

/** Keys of `translate`, for a test that every key a service returns can be shown. */
export const translatableKeys = () => Object.keys(byKey);
