// Who may change which part of their own account. Names and login addresses that come from an
// official record stay with that record's keeper: the school office keeps students' and staff's
// names (ASV-BW, staff records), so a correction made here would be overwritten by the next roster
// import and would no longer match certificates. Guardians and company contacts entered their
// names themselves (or the office copied them from a letter) and correct them here.
import { DISTRICT_ROLES, SCHOOL_STAFF_ROLES, type Role } from '../schema';

/** Roles whose holders' names are kept in a school or district record. */
const RECORD_KEPT: readonly Role[] = ['student', ...SCHOOL_STAFF_ROLES, ...DISTRICT_ROLES];
const SELF_KEPT: readonly Role[] = ['guardian', 'company_contact'];

/** May correct given and family names themself: guardians and company contacts, nobody on record. */
export function mayEditOwnName(roles: readonly { role: Role }[]) {
	return (
		roles.some((r) => SELF_KEPT.includes(r.role)) &&
		!roles.some((r) => RECORD_KEPT.includes(r.role))
	);
}

/**
 * Staff and district accounts sign in with their official address: a school's or the district's
 * data must not go to a private mailbox, and the address is how the office finds the account.
 * Everyone else (students included) may choose their login address; a student's school address
 * stays on the person record, so the school still reaches them there.
 */
export function mayChangeOwnLoginEmail(roles: readonly { role: Role }[]) {
	const official: readonly Role[] = [...SCHOOL_STAFF_ROLES, ...DISTRICT_ROLES];
	return !roles.some((r) => official.includes(r.role));
}

/** Names as people write them: letters (any script), spaces, hyphens, apostrophes and dots. */
export const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;
export const MAX_NAME_LENGTH = 100;
