// The only place that decides access. Every load, action and service asks `can`/`require`.
// Need-to-know (DESIGN.md): a guardian sees their minor wards; a class teacher their class; school
// staff their school; the district office sees money, never health data.
import { schoolDay } from '../clock';
import { forbidden, notFound } from '../errors';
import { isMinorOn } from '../identity/age';
import type { Role } from '../identity/schema';
import type { Actor } from './actor';

export type { Actor } from './actor';

export interface PersonRef {
	personId: string;
	birthDate: string | null;
	schoolIds: string[];
	classIds: string[];
}

export type Resource =
	| { type: 'person'; person: PersonRef }
	| { type: 'case'; caseType: string; schoolId: string; sensitive: boolean; subject: PersonRef }
	| { type: 'school'; schoolId: string }
	| { type: 'session'; accountId: string }
	| { type: 'district' };

export type Action =
	| 'person.read'
	| 'person.actFor'
	| 'case.read'
	| 'case.create'
	| 'case.manage'
	| 'school.view'
	| 'school.manageStaff'
	| 'roster.import'
	| 'jobs.view'
	| 'audit.view'
	| 'session.revoke'
	| 'district.view'
	| 'district.manage';

/** Case types the district office may see (money, not health). */
const FINANCE_CASE_TYPES = new Set(['payment']);
const SCHOOL_OFFICE: Role[] = ['secretary', 'school_admin'];
const SCHOOL_STAFF: Role[] = ['teacher', 'social_worker', 'secretary', 'school_admin'];

const hasRole = (actor: Actor, roles: Role[], schoolId?: string) =>
	actor.roles.some(
		(r) => roles.includes(r.role) && (schoolId === undefined || r.schoolId === schoolId)
	);

const isSelf = (actor: Actor, person: PersonRef) => actor.personId === person.personId;

/** Legal representation ends on the 18th birthday: checked on every request, not by a flag. */
const isGuardianOfMinor = (actor: Actor, person: PersonRef) =>
	actor.wards.some(
		(w) => w.studentPersonId === person.personId && isMinorOn(w.birthDate, schoolDay())
	);

/** Teaches one of the person's classes; for a case, a class of the case's school only. */
const teachesClassOf = (
	actor: Actor,
	person: PersonRef,
	roles: ('class_teacher' | 'teacher')[],
	schoolId?: string
) =>
	actor.classes.some(
		(c) =>
			roles.includes(c.role as 'class_teacher' | 'teacher') &&
			person.classIds.includes(c.classId) &&
			(schoolId === undefined || c.schoolId === schoolId)
	);

const isSchoolStaffOf = (actor: Actor, person: PersonRef, roles: Role[]) =>
	person.schoolIds.some((schoolId) => hasRole(actor, roles, schoolId));

export function can(actor: Actor | null | undefined, action: Action, resource: Resource): boolean {
	if (!actor) return false;
	switch (action) {
		case 'person.read':
			if (resource.type !== 'person') return false;
			return (
				isSelf(actor, resource.person) ||
				isGuardianOfMinor(actor, resource.person) ||
				isSchoolStaffOf(actor, resource.person, SCHOOL_STAFF) ||
				hasRole(actor, ['district_admin'])
			);
		case 'person.actFor':
			if (resource.type !== 'person') return false;
			return isSelf(actor, resource.person) || isGuardianOfMinor(actor, resource.person);
		case 'case.read': {
			if (resource.type !== 'case') return false;
			const { subject } = resource;
			if (isSelf(actor, subject) || isGuardianOfMinor(actor, subject)) return true;
			if (hasRole(actor, SCHOOL_OFFICE, resource.schoolId)) return true;
			if (teachesClassOf(actor, subject, ['class_teacher'], resource.schoolId)) return true;
			return (
				!resource.sensitive &&
				FINANCE_CASE_TYPES.has(resource.caseType) &&
				hasRole(actor, ['district_finance', 'district_admin'])
			);
		}
		case 'case.create':
			if (resource.type !== 'case') return false;
			return (
				isSelf(actor, resource.subject) ||
				isGuardianOfMinor(actor, resource.subject) ||
				hasRole(actor, SCHOOL_OFFICE, resource.schoolId)
			);
		case 'case.manage':
			if (resource.type !== 'case') return false;
			return (
				hasRole(actor, SCHOOL_OFFICE, resource.schoolId) ||
				teachesClassOf(actor, resource.subject, ['class_teacher'], resource.schoolId)
			);
		case 'school.view':
			if (resource.type !== 'school') return false;
			return (
				hasRole(actor, SCHOOL_STAFF, resource.schoolId) ||
				hasRole(actor, ['district_admin', 'district_finance'])
			);
		case 'school.manageStaff':
			if (resource.type !== 'school') return false;
			return (
				hasRole(actor, ['school_admin'], resource.schoolId) || hasRole(actor, ['district_admin'])
			);
		case 'roster.import':
			// The class list comes from the school's own ASV-BW: only its office imports it.
			return resource.type === 'school' && hasRole(actor, SCHOOL_OFFICE, resource.schoolId);
		case 'jobs.view':
			if (resource.type !== 'district') return false;
			return hasRole(actor, ['district_admin']);
		case 'audit.view':
			if (resource.type !== 'district') return false;
			return hasRole(actor, ['district_admin']);
		case 'session.revoke':
			return resource.type === 'session' && resource.accountId === actor.accountId;
		case 'district.view':
			return resource.type === 'district' && hasRole(actor, ['district_admin', 'district_finance']);
		case 'district.manage':
			return resource.type === 'district' && hasRole(actor, ['district_admin']);
	}
}

/**
 * Throws when the actor may not. Records are answered with 404, like a missing one, so that
 * ids cannot be probed; areas (school, district) with 403.
 */
export function authorize(actor: Actor | null | undefined, action: Action, resource: Resource) {
	if (can(actor, action, resource)) return;
	if (resource.type === 'person' || resource.type === 'case' || resource.type === 'session')
		notFound();
	forbidden();
}

/** Area checks for route groups: staff of any school, district office. */
export const isStaff = (actor: Actor | null | undefined) => !!actor && hasRole(actor, SCHOOL_STAFF);
export const isDistrict = (actor: Actor | null | undefined) =>
	!!actor && hasRole(actor, ['district_admin', 'district_finance']);
/** Schools where the actor works, for staff pages. */
export const staffSchoolIds = (actor: Actor) => [
	...new Set(
		actor.roles.filter((r) => SCHOOL_STAFF.includes(r.role) && r.schoolId).map((r) => r.schoolId!)
	)
];
