// The only place that decides access. Every load, action and service asks `can`/`require`.
// Need-to-know (DESIGN.md): a guardian sees their minor wards; a class teacher their class; school
// staff their school; the district office sees money, never health data.
import { schoolDay } from '../clock';
import { forbidden, notFound } from '../errors';
import { isMinorOn } from '../identity/age';
import type { ConsentScope, Role } from '../identity/schema';
import type { Actor } from './actor';

export type { Actor } from './actor';

export interface PersonRef {
	personId: string;
	birthDate: string | null;
	schoolIds: string[];
	classIds: string[];
}

export type Resource =
	/** `onDay`: the day a rule is judged on (a sick note: its first day); today when absent. */
	| { type: 'person'; person: PersonRef; onDay?: string }
	| { type: 'case'; caseType: string; schoolId: string; sensitive: boolean; subject: PersonRef }
	| { type: 'personData'; person: PersonRef; scope: ConsentScope }
	| { type: 'school'; schoolId: string }
	| { type: 'class'; classId: string; schoolId: string }
	| { type: 'session'; accountId: string }
	| { type: 'district' };

export type Action =
	| 'person.read'
	| 'person.actFor'
	| 'person.readData'
	| 'consent.manage'
	| 'case.read'
	| 'case.create'
	| 'case.manage'
	| 'sickNote.report'
	| 'sickNote.enterByPhone'
	| 'sickNote.acknowledge'
	| 'sickNote.requestAttest'
	| 'sickNote.decide'
	| 'sickNote.respond'
	| 'sickNote.companyNote'
	| 'absences.viewClass'
	| 'absences.viewSchool'
	| 'absences.statistics'
	| 'absences.settings'
	| 'school.view'
	| 'school.manageStaff'
	| 'roster.import'
	| 'duplicates.resolve'
	| 'guardians.invite'
	| 'companies.manage'
	| 'jobs.view'
	| 'audit.view'
	| 'session.revoke'
	| 'district.view'
	| 'district.manage';

/** Case types the district office may see (money, not health). */
const FINANCE_CASE_TYPES = new Set(['payment']);
const SCHOOL_OFFICE: Role[] = ['secretary', 'school_admin'];
const SCHOOL_STAFF: Role[] = ['teacher', 'social_worker', 'secretary', 'school_admin'];
/** Which consent scope covers a case type (the sick note is an absence). */
const CASE_SCOPES: Record<string, ConsentScope> = {
	sick_note: 'absences',
	payment: 'payments',
	certificate: 'certificates'
};
/**
 * School rule (Schulbesuchsverordnung; the dual partner is told of absences): the training company
 * learns of a minor apprentice's absences without a consent. Adults decide for themselves.
 */
const COMPANY_SEES_MINOR_ABSENCES = true;

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

/** The (former) guardian holds the student's consent for this scope: it outlives the 18th birthday. */
const guardianHasConsent = (actor: Actor, person: PersonRef, scope: ConsentScope | undefined) =>
	!!scope &&
	actor.consents.some(
		(c) =>
			c.guardianPersonId === actor.personId &&
			c.studentPersonId === person.personId &&
			c.scope === scope
	);

/**
 * A company contact sees an apprentice's data of a scope when the apprentice consented to that
 * company, or, for a minor's absences, by the school rule. A past apprenticeship gives nothing.
 */
const companyMaySee = (actor: Actor, person: PersonRef, scope: ConsentScope) =>
	actor.apprentices.some(
		(a) =>
			a.studentPersonId === person.personId &&
			companyRuleAllows(
				scope,
				a.birthDate,
				actor.consents.some(
					(c) =>
						c.companyId === a.companyId &&
						c.studentPersonId === person.personId &&
						c.scope === scope
				)
			)
	);

/**
 * The rule behind companyMaySee for one current apprenticeship, without an actor: for notices a
 * service sends to a company's contacts (absences/company.ts).
 */
export const companyRuleAllows = (
	scope: ConsentScope,
	apprenticeBirthDate: string | null,
	consented: boolean
) =>
	consented ||
	(scope === 'absences' &&
		COMPANY_SEES_MINOR_ABSENCES &&
		isMinorOn(apprenticeBirthDate, schoolDay()));

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
	// A session that still owes the second factor may not do anything yet.
	if (!actor || actor.secondFactorPending) return false;
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
		case 'person.readData': {
			// One kind of a student's records (absences, payments, certificates), e.g. in a list.
			if (resource.type !== 'personData') return false;
			const { person, scope } = resource;
			if (isSelf(actor, person) || isGuardianOfMinor(actor, person)) return true;
			if (guardianHasConsent(actor, person, scope) || companyMaySee(actor, person, scope))
				return true;
			if (isSchoolStaffOf(actor, person, SCHOOL_OFFICE)) return true;
			if (scope === 'absences') return teachesClassOf(actor, person, ['class_teacher', 'teacher']);
			return scope === 'payments' && hasRole(actor, ['district_finance', 'district_admin']);
		}
		case 'consent.manage':
			// Consents are the adult student's own decision; for minors the guardians act anyway.
			return (
				resource.type === 'person' &&
				isSelf(actor, resource.person) &&
				!isMinorOn(resource.person.birthDate, schoolDay())
			);
		case 'case.read': {
			if (resource.type !== 'case') return false;
			const { subject } = resource;
			if (isSelf(actor, subject) || isGuardianOfMinor(actor, subject)) return true;
			if (guardianHasConsent(actor, subject, CASE_SCOPES[resource.caseType])) return true;
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
		case 'sickNote.report': {
			// Who reports is decided by the age on the first day of absence (Schulbesuchsverordnung
			// § 2): an adult student for themself, a guardian for a minor. A guardian of an adult is
			// refused even with the adult's consent (a consent lets read, not act).
			if (resource.type !== 'person') return false;
			const day = resource.onDay ?? schoolDay();
			const { person } = resource;
			if (isSelf(actor, person)) return !isMinorOn(person.birthDate, day);
			return actor.wards.some(
				(w) => w.studentPersonId === person.personId && isMinorOn(w.birthDate, day)
			);
		}
		case 'sickNote.enterByPhone':
			// A report taken by phone: the office of the student's school enters it for the family.
			return resource.type === 'person' && isSchoolStaffOf(actor, resource.person, SCHOOL_OFFICE);
		case 'sickNote.acknowledge':
			// "Zur Kenntnis genommen", and a signed excuse handed in: the office or the class teacher.
			if (resource.type !== 'case' || resource.caseType !== 'sick_note') return false;
			return (
				hasRole(actor, SCHOOL_OFFICE, resource.schoolId) ||
				teachesClassOf(actor, resource.subject, ['class_teacher'], resource.schoolId)
			);
		case 'sickNote.requestAttest':
		case 'sickNote.decide':
			// The class teacher demands an Attest and decides excused or not (the head of school may
			// stand in); the office does neither.
			if (resource.type !== 'case' || resource.caseType !== 'sick_note') return false;
			return (
				teachesClassOf(actor, resource.subject, ['class_teacher'], resource.schoolId) ||
				hasRole(actor, ['school_admin'], resource.schoolId)
			);
		case 'sickNote.respond':
			// Extend the report, upload a demanded Attest or a signed excuse: whoever acts for the
			// student today (the adult student, or the guardian of a minor).
			if (resource.type !== 'case' || resource.caseType !== 'sick_note') return false;
			return isSelf(actor, resource.subject) || isGuardianOfMinor(actor, resource.subject);
		case 'sickNote.companyNote':
			// The training company adds "Betrieb informiert" / "entschuldigt durch Betrieb" where it
			// may see the absence at all.
			if (resource.type !== 'case' || resource.caseType !== 'sick_note') return false;
			return companyMaySee(actor, resource.subject, 'absences');
		case 'absences.viewClass':
			// A class's absences: the office, the class teacher, and (read-only) its subject teachers.
			if (resource.type !== 'class') return false;
			return (
				hasRole(actor, SCHOOL_OFFICE, resource.schoolId) ||
				actor.classes.some(
					(c) =>
						c.classId === resource.classId &&
						c.schoolId === resource.schoolId &&
						(c.role === 'class_teacher' || c.role === 'teacher')
				)
			);
		case 'absences.viewSchool':
			// The sick-note desk of a whole school (the day's reports): its office only.
			return resource.type === 'school' && hasRole(actor, SCHOOL_OFFICE, resource.schoolId);
		case 'absences.statistics':
			// Absence statistics and their CSV export: the office for its school, the class teacher.
			if (resource.type === 'school') return hasRole(actor, SCHOOL_OFFICE, resource.schoolId);
			if (resource.type !== 'class') return false;
			return (
				hasRole(actor, SCHOOL_OFFICE, resource.schoolId) ||
				actor.classes.some(
					(c) =>
						c.classId === resource.classId &&
						c.schoolId === resource.schoolId &&
						c.role === 'class_teacher'
				)
			);
		case 'absences.settings':
			// Whether a portal report counts as the written excuse is the head of school's decision.
			return resource.type === 'school' && hasRole(actor, ['school_admin'], resource.schoolId);
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
		case 'guardians.invite':
			// Invitation letters name children and carry a sign-up code: the school's office only.
			return resource.type === 'school' && hasRole(actor, SCHOOL_OFFICE, resource.schoolId);
		case 'companies.manage':
			// Inviting company contacts and entering apprenticeships: the school office.
			return resource.type === 'school' && hasRole(actor, SCHOOL_OFFICE, resource.schoolId);
		case 'duplicates.resolve':
			// The possible-duplicates queue of a school: its office decides (merge or different).
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
	if (
		resource.type === 'person' ||
		resource.type === 'personData' ||
		resource.type === 'case' ||
		resource.type === 'class' ||
		resource.type === 'session'
	)
		notFound();
	forbidden();
}

/** Area checks for route groups: staff of any school, district office. */
export const isStaff = (actor: Actor | null | undefined) =>
	!!actor && !actor.secondFactorPending && hasRole(actor, SCHOOL_STAFF);
export const isDistrict = (actor: Actor | null | undefined) =>
	!!actor && !actor.secondFactorPending && hasRole(actor, ['district_admin', 'district_finance']);
/** Schools where the actor works, for staff pages. */
export const staffSchoolIds = (actor: Actor) => [
	...new Set(
		actor.roles.filter((r) => SCHOOL_STAFF.includes(r.role) && r.schoolId).map((r) => r.schoolId!)
	)
];
