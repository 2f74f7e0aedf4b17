// The policy as a table: actor × action × resource → allowed. Actors are loaded from real rows with
// loadActor; resources are built from the same rows. Everything the table does not allow must be
// refused (the "foreign ids" test walks the whole cross product), so loosening a rule fails a row
// and tightening one fails a `true` row.
import { isHttpError } from '@sveltejs/kit';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addApprenticeship,
	addConsent,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createCompany,
	createSchool,
	createSchoolYear,
	grantRole,
	personRef
} from '../../../../tests/helpers/factories';
import { setClock } from '../clock';
import { authorize, can, type Action, type Actor, type PersonRef, type Resource } from './index';

useTestDatabase();

/** All tests run on a fixed day, so the students' ages do not drift with the calendar. */
const FIXED_NOW = new Date('2026-03-16T09:00:00Z');
beforeEach(() => setClock(FIXED_NOW));
afterEach(() => setClock(undefined));

const ACTIONS = {
	'person.read': true,
	'person.actFor': true,
	'person.readData': true,
	'consent.manage': true,
	'case.read': true,
	'case.create': true,
	'case.manage': true,
	'sickNote.report': true,
	'sickNote.enterByPhone': true,
	'sickNote.acknowledge': true,
	'sickNote.requestAttest': true,
	'sickNote.decide': true,
	'sickNote.respond': true,
	'sickNote.companyNote': true,
	'absences.viewClass': true,
	'absences.viewSchool': true,
	'absences.statistics': true,
	'absences.settings': true,
	'school.view': true,
	'school.manageStaff': true,
	'roster.import': true,
	'duplicates.resolve': true,
	'guardians.invite': true,
	'companies.manage': true,
	'jobs.view': true,
	'audit.view': true,
	'session.revoke': true,
	'district.view': true,
	'district.manage': true
} satisfies Record<Action, true>; // a new action in the policy must be added here (and to the table)
const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];

const ACTOR_NAMES = [
	'minorA1',
	'adultA1',
	'minorB1',
	'guardianOfMinorA1',
	'guardianOfAdultA1',
	'otherGuardianOfAdultA1',
	'secretaryA',
	'secretaryB',
	'schoolAdminA',
	'classTeacherA1',
	'subjectTeacherA1',
	'classTeacherA2',
	'socialWorkerA',
	'districtFinance',
	'districtAdmin',
	'companyContact',
	'formerCompanyContact',
	'companyWithoutConsent'
] as const;
type ActorName = (typeof ACTOR_NAMES)[number];

const STUDENTS = ['minorA1', 'adultA1', 'minorB1'] as const;
type Student = (typeof STUDENTS)[number];
/** sick: a sick note (sensitive); pay: a payment; cert: a certificate request; paySensitive: a payment marked sensitive. */
const CASE_KINDS = {
	sick: { caseType: 'sick_note', sensitive: true },
	pay: { caseType: 'payment', sensitive: false },
	cert: { caseType: 'certificate', sensitive: false },
	paySensitive: { caseType: 'payment', sensitive: true }
} as const;
type CaseKind = keyof typeof CASE_KINDS;

/** Kinds of a student's records that consents cover. */
const SCOPES = ['absences', 'payments', 'certificates'] as const;
type Scope = (typeof SCOPES)[number];

type ResourceName =
	| `person:${Student}`
	| `${Scope}:${Student}`
	| `${CaseKind}:${Student}`
	| `school:${'A' | 'B'}`
	| `class:${'A1' | 'A2' | 'B1'}`
	| `session:${ActorName}`
	| 'district';
type Row = [ActorName, Action, ResourceName, boolean];

const casesOf = (...students: Student[]) =>
	students.flatMap((s) => (Object.keys(CASE_KINDS) as CaseKind[]).map((k) => `${k}:${s}` as const));
const dataOf = (...students: Student[]) =>
	students.flatMap((s) => SCOPES.map((scope) => `${scope}:${s}` as const));
const rows = (actor: ActorName, action: Action, resources: ResourceName[], expected: boolean) =>
	resources.map((r): Row => [actor, action, r, expected]);

// prettier-ignore
const TABLE: Row[] = [
	// person.read: self, a guardian's minor ward, staff of the student's school, the district admin
	['minorA1', 'person.read', 'person:minorA1', true],
	['minorA1', 'person.read', 'person:adultA1', false], // classmate
	['minorA1', 'person.read', 'person:minorB1', false],
	['adultA1', 'person.read', 'person:adultA1', true],
	['minorB1', 'person.read', 'person:minorB1', true],
	['minorB1', 'person.read', 'person:minorA1', false],
	['guardianOfMinorA1', 'person.read', 'person:minorA1', true],
	['guardianOfMinorA1', 'person.read', 'person:adultA1', false],
	['guardianOfAdultA1', 'person.read', 'person:adultA1', false], // the ward is of age
	...rows('secretaryA', 'person.read', ['person:minorA1', 'person:adultA1'], true),
	['secretaryA', 'person.read', 'person:minorB1', false],
	['secretaryB', 'person.read', 'person:minorB1', true],
	...rows('secretaryB', 'person.read', ['person:minorA1', 'person:adultA1'], false),
	...rows('schoolAdminA', 'person.read', ['person:minorA1', 'person:adultA1'], true),
	['schoolAdminA', 'person.read', 'person:minorB1', false],
	...rows('classTeacherA1', 'person.read', ['person:minorA1', 'person:adultA1'], true),
	['classTeacherA1', 'person.read', 'person:minorB1', false],
	...rows('subjectTeacherA1', 'person.read', ['person:minorA1', 'person:adultA1'], true),
	...rows('classTeacherA2', 'person.read', ['person:minorA1', 'person:adultA1'], true), // same school
	['classTeacherA2', 'person.read', 'person:minorB1', false],
	...rows('socialWorkerA', 'person.read', ['person:minorA1', 'person:adultA1'], true),
	['socialWorkerA', 'person.read', 'person:minorB1', false],
	...rows('districtAdmin', 'person.read', ['person:minorA1', 'person:adultA1', 'person:minorB1'], true),
	['districtFinance', 'person.read', 'person:minorA1', false],
	['companyContact', 'person.read', 'person:adultA1', false],

	// person.actFor: only oneself and a guardian for a minor ward — no staff, no district
	['minorA1', 'person.actFor', 'person:minorA1', true],
	['adultA1', 'person.actFor', 'person:adultA1', true],
	['minorB1', 'person.actFor', 'person:minorB1', true],
	['minorA1', 'person.actFor', 'person:adultA1', false],
	['guardianOfMinorA1', 'person.actFor', 'person:minorA1', true],
	['guardianOfMinorA1', 'person.actFor', 'person:minorB1', false],
	['guardianOfAdultA1', 'person.actFor', 'person:adultA1', false],
	['secretaryA', 'person.actFor', 'person:minorA1', false],
	['classTeacherA1', 'person.actFor', 'person:minorA1', false],
	['districtAdmin', 'person.actFor', 'person:minorA1', false],

	// case.read: own and minor ward's cases; school office of the case's school; the class teacher;
	// the district office only non-sensitive payments
	...rows('minorA1', 'case.read', casesOf('minorA1'), true),
	...rows('minorA1', 'case.read', ['sick:adultA1', 'pay:adultA1', 'sick:minorB1'], false),
	...rows('adultA1', 'case.read', casesOf('adultA1'), true),
	['adultA1', 'case.read', 'sick:minorA1', false],
	...rows('minorB1', 'case.read', casesOf('minorB1'), true),
	['minorB1', 'case.read', 'sick:minorA1', false],
	...rows('guardianOfMinorA1', 'case.read', casesOf('minorA1'), true),
	...rows('guardianOfMinorA1', 'case.read', ['sick:adultA1', 'sick:minorB1'], false),
	['guardianOfAdultA1', 'case.read', 'sick:adultA1', true], // the adult consented: absences
	...rows('guardianOfAdultA1', 'case.read', ['pay:adultA1', 'cert:adultA1', 'paySensitive:adultA1'], false),
	...rows('otherGuardianOfAdultA1', 'case.read', casesOf('adultA1'), false),
	...rows('secretaryA', 'case.read', casesOf('minorA1', 'adultA1'), true),
	...rows('secretaryA', 'case.read', ['sick:minorB1', 'pay:minorB1'], false),
	...rows('secretaryB', 'case.read', casesOf('minorB1'), true),
	...rows('secretaryB', 'case.read', ['sick:minorA1', 'pay:minorA1'], false),
	...rows('schoolAdminA', 'case.read', casesOf('minorA1', 'adultA1'), true),
	['schoolAdminA', 'case.read', 'sick:minorB1', false],
	...rows('classTeacherA1', 'case.read', casesOf('minorA1', 'adultA1'), true),
	['classTeacherA1', 'case.read', 'sick:minorB1', false],
	...rows('subjectTeacherA1', 'case.read', ['sick:minorA1', 'pay:minorA1'], false), // not the class teacher
	...rows('classTeacherA2', 'case.read', ['sick:minorA1', 'pay:adultA1'], false), // another class
	...rows('socialWorkerA', 'case.read', ['sick:minorA1', 'pay:minorA1'], false),
	...rows('districtFinance', 'case.read', ['pay:minorA1', 'pay:adultA1', 'pay:minorB1'], true),
	...rows('districtFinance', 'case.read', ['sick:minorA1', 'cert:minorA1', 'paySensitive:minorA1'], false),
	...rows('districtAdmin', 'case.read', ['pay:minorA1', 'pay:adultA1', 'pay:minorB1'], true),
	...rows('districtAdmin', 'case.read', ['sick:adultA1', 'cert:minorB1', 'paySensitive:adultA1'], false),
	...rows('companyContact', 'case.read', ['sick:adultA1', 'pay:adultA1', 'sick:minorA1'], false),
	['formerCompanyContact', 'case.read', 'sick:adultA1', false],

	// person.readData: oneself; a guardian of a minor; a (former) guardian or company with the
	// adult's consent for that scope; a company for a minor apprentice's absences (school rule);
	// the school office; teachers of the class for absences; the district office for payments
	...rows('minorA1', 'person.readData', dataOf('minorA1'), true),
	...rows('minorA1', 'person.readData', ['absences:adultA1', 'absences:minorB1'], false),
	...rows('adultA1', 'person.readData', dataOf('adultA1'), true),
	['adultA1', 'person.readData', 'payments:minorA1', false],
	...rows('minorB1', 'person.readData', dataOf('minorB1'), true),
	['minorB1', 'person.readData', 'absences:minorA1', false],
	...rows('guardianOfMinorA1', 'person.readData', dataOf('minorA1'), true),
	...rows('guardianOfMinorA1', 'person.readData', ['absences:adultA1', 'absences:minorB1'], false),
	['guardianOfAdultA1', 'person.readData', 'absences:adultA1', true], // consented
	...rows('guardianOfAdultA1', 'person.readData', ['payments:adultA1', 'certificates:adultA1'], false),
	...rows('otherGuardianOfAdultA1', 'person.readData', dataOf('adultA1'), false), // no consent
	...rows('secretaryA', 'person.readData', dataOf('minorA1', 'adultA1'), true),
	...rows('secretaryA', 'person.readData', dataOf('minorB1'), false),
	...rows('secretaryB', 'person.readData', dataOf('minorB1'), true),
	...rows('secretaryB', 'person.readData', ['absences:minorA1', 'payments:adultA1'], false),
	...rows('schoolAdminA', 'person.readData', dataOf('minorA1', 'adultA1'), true),
	['schoolAdminA', 'person.readData', 'absences:minorB1', false],
	...rows('classTeacherA1', 'person.readData', ['absences:minorA1', 'absences:adultA1'], true),
	...rows('classTeacherA1', 'person.readData', ['payments:minorA1', 'certificates:adultA1', 'absences:minorB1'], false),
	...rows('subjectTeacherA1', 'person.readData', ['absences:minorA1', 'absences:adultA1'], true),
	['subjectTeacherA1', 'person.readData', 'payments:minorA1', false],
	['classTeacherA2', 'person.readData', 'absences:minorA1', false], // another class
	['socialWorkerA', 'person.readData', 'absences:minorA1', false],
	...rows('districtFinance', 'person.readData', ['payments:minorA1', 'payments:adultA1', 'payments:minorB1'], true),
	...rows('districtFinance', 'person.readData', ['absences:minorA1', 'certificates:adultA1'], false), // no health data
	...rows('districtAdmin', 'person.readData', ['payments:minorA1', 'payments:adultA1', 'payments:minorB1'], true),
	['districtAdmin', 'person.readData', 'absences:minorA1', false],
	['companyContact', 'person.readData', 'absences:minorA1', true], // minor apprentice: school rule
	['companyContact', 'person.readData', 'absences:adultA1', true], // adult apprentice: consented
	...rows('companyContact', 'person.readData', ['payments:minorA1', 'payments:adultA1', 'certificates:adultA1', 'absences:minorB1'], false),
	...rows('formerCompanyContact', 'person.readData', ['absences:adultA1', 'absences:minorA1'], false), // apprenticeship ended

	// consent.manage: an adult student for themself only
	['adultA1', 'consent.manage', 'person:adultA1', true],
	['minorA1', 'consent.manage', 'person:minorA1', false], // the guardians represent a minor
	['guardianOfMinorA1', 'consent.manage', 'person:minorA1', false],
	['guardianOfAdultA1', 'consent.manage', 'person:adultA1', false],
	['secretaryA', 'consent.manage', 'person:adultA1', false],
	['adultA1', 'consent.manage', 'person:minorA1', false],

	// case.create: for oneself, a minor ward, or by the school office of the case's school
	...rows('minorA1', 'case.create', casesOf('minorA1'), true),
	['minorA1', 'case.create', 'sick:adultA1', false],
	...rows('adultA1', 'case.create', casesOf('adultA1'), true),
	...rows('minorB1', 'case.create', casesOf('minorB1'), true),
	...rows('guardianOfMinorA1', 'case.create', casesOf('minorA1'), true),
	['guardianOfMinorA1', 'case.create', 'sick:minorB1', false],
	['guardianOfAdultA1', 'case.create', 'sick:adultA1', false], // an adult reports for themself
	...rows('secretaryA', 'case.create', casesOf('minorA1', 'adultA1'), true),
	['secretaryA', 'case.create', 'sick:minorB1', false],
	...rows('secretaryB', 'case.create', casesOf('minorB1'), true),
	['secretaryB', 'case.create', 'sick:minorA1', false],
	...rows('schoolAdminA', 'case.create', casesOf('minorA1', 'adultA1'), true),
	['schoolAdminA', 'case.create', 'pay:minorB1', false],
	['classTeacherA1', 'case.create', 'sick:minorA1', false],
	['socialWorkerA', 'case.create', 'cert:minorA1', false],
	['districtFinance', 'case.create', 'pay:minorA1', false],
	['districtAdmin', 'case.create', 'pay:minorA1', false],

	// sickNote.report (judged on today here; the first-day rule is tested in absences/): an adult
	// student for themself, a guardian for a minor ward — not a minor, not a guardian of an adult
	// (even with consent), not staff
	['adultA1', 'sickNote.report', 'person:adultA1', true],
	['minorA1', 'sickNote.report', 'person:minorA1', false], // a minor does not report themself
	['minorB1', 'sickNote.report', 'person:minorB1', false],
	['minorA1', 'sickNote.report', 'person:adultA1', false],
	['guardianOfMinorA1', 'sickNote.report', 'person:minorA1', true],
	['guardianOfMinorA1', 'sickNote.report', 'person:minorB1', false],
	['guardianOfAdultA1', 'sickNote.report', 'person:adultA1', false], // consented, still refused
	['otherGuardianOfAdultA1', 'sickNote.report', 'person:adultA1', false],
	['secretaryA', 'sickNote.report', 'person:minorA1', false],
	['classTeacherA1', 'sickNote.report', 'person:minorA1', false],
	['companyContact', 'sickNote.report', 'person:minorA1', false],
	['districtAdmin', 'sickNote.report', 'person:minorA1', false],

	// sickNote.enterByPhone: the office of the student's school enters a report taken by phone
	...rows('secretaryA', 'sickNote.enterByPhone', ['person:minorA1', 'person:adultA1'], true),
	['secretaryA', 'sickNote.enterByPhone', 'person:minorB1', false], // another school's student
	['secretaryB', 'sickNote.enterByPhone', 'person:minorB1', true],
	['secretaryB', 'sickNote.enterByPhone', 'person:minorA1', false],
	...rows('schoolAdminA', 'sickNote.enterByPhone', ['person:minorA1', 'person:adultA1'], true),
	['classTeacherA1', 'sickNote.enterByPhone', 'person:minorA1', false],
	['guardianOfMinorA1', 'sickNote.enterByPhone', 'person:minorA1', false],
	['districtAdmin', 'sickNote.enterByPhone', 'person:minorA1', false],

	// sickNote.acknowledge (and a signed excuse handed in): the office and the class teacher, sick notes only
	...rows('secretaryA', 'sickNote.acknowledge', ['sick:minorA1', 'sick:adultA1'], true),
	['secretaryA', 'sickNote.acknowledge', 'sick:minorB1', false],
	['secretaryA', 'sickNote.acknowledge', 'pay:minorA1', false], // not a sick note
	['secretaryB', 'sickNote.acknowledge', 'sick:minorB1', true],
	['secretaryB', 'sickNote.acknowledge', 'sick:minorA1', false], // another school's secretary
	...rows('schoolAdminA', 'sickNote.acknowledge', ['sick:minorA1', 'sick:adultA1'], true),
	...rows('classTeacherA1', 'sickNote.acknowledge', ['sick:minorA1', 'sick:adultA1'], true),
	['classTeacherA1', 'sickNote.acknowledge', 'sick:minorB1', false],
	['classTeacherA2', 'sickNote.acknowledge', 'sick:minorA1', false], // another class's teacher
	['subjectTeacherA1', 'sickNote.acknowledge', 'sick:minorA1', false],
	['socialWorkerA', 'sickNote.acknowledge', 'sick:minorA1', false],
	['guardianOfMinorA1', 'sickNote.acknowledge', 'sick:minorA1', false],
	['companyContact', 'sickNote.acknowledge', 'sick:minorA1', false],
	['districtFinance', 'sickNote.acknowledge', 'sick:minorA1', false],
	['districtAdmin', 'sickNote.acknowledge', 'sick:minorA1', false],

	// sickNote.requestAttest / sickNote.decide: the class teacher (the head of school may stand in)
	...(['sickNote.requestAttest', 'sickNote.decide'] as const).flatMap((action): Row[] => [
		...rows('classTeacherA1', action, ['sick:minorA1', 'sick:adultA1'], true),
		['classTeacherA1', action, 'sick:minorB1', false],
		['classTeacherA1', action, 'pay:minorA1', false],
		...rows('schoolAdminA', action, ['sick:minorA1', 'sick:adultA1'], true),
		['schoolAdminA', action, 'sick:minorB1', false],
		['classTeacherA2', action, 'sick:minorA1', false],
		['subjectTeacherA1', action, 'sick:minorA1', false],
		['secretaryA', action, 'sick:minorA1', false],
		['secretaryB', action, 'sick:minorB1', false],
		['guardianOfMinorA1', action, 'sick:minorA1', false],
		['companyContact', action, 'sick:minorA1', false],
		['districtFinance', action, 'sick:minorA1', false],
		['districtAdmin', action, 'sick:minorA1', false]
	]),

	// sickNote.respond (extend, upload Attest or excuse): the adult student, the guardian of a minor
	['adultA1', 'sickNote.respond', 'sick:adultA1', true],
	['minorA1', 'sickNote.respond', 'sick:minorA1', true], // sees own case; the form refuses minors reporting
	['minorB1', 'sickNote.respond', 'sick:minorB1', true],
	['guardianOfMinorA1', 'sickNote.respond', 'sick:minorA1', true],
	['minorA1', 'sickNote.respond', 'sick:adultA1', false],
	['guardianOfMinorA1', 'sickNote.respond', 'sick:minorB1', false],
	['guardianOfMinorA1', 'sickNote.respond', 'pay:minorA1', false],
	['guardianOfAdultA1', 'sickNote.respond', 'sick:adultA1', false], // consent lets read, not act
	['secretaryA', 'sickNote.respond', 'sick:minorA1', false],
	['companyContact', 'sickNote.respond', 'sick:minorA1', false],

	// sickNote.companyNote: the current training company where it may see the absence
	...rows('companyContact', 'sickNote.companyNote', ['sick:minorA1', 'sick:adultA1'], true),
	['companyContact', 'sickNote.companyNote', 'sick:minorB1', false], // not its apprentice
	['companyContact', 'sickNote.companyNote', 'pay:adultA1', false],
	['formerCompanyContact', 'sickNote.companyNote', 'sick:adultA1', false], // consent, but apprenticeship ended
	['companyWithoutConsent', 'sickNote.companyNote', 'sick:adultA1', false], // trains the adult, no consent
	['companyWithoutConsent', 'person.readData', 'absences:adultA1', false],
	['companyWithoutConsent', 'case.read', 'sick:adultA1', false],
	['secretaryA', 'sickNote.companyNote', 'sick:minorA1', false],
	['guardianOfMinorA1', 'sickNote.companyNote', 'sick:minorA1', false],
	['districtFinance', 'sickNote.companyNote', 'sick:minorA1', false],

	// absences.viewClass: the office, the class teacher and the subject teachers of that class
	...rows('secretaryA', 'absences.viewClass', ['class:A1', 'class:A2'], true),
	['secretaryA', 'absences.viewClass', 'class:B1', false],
	['secretaryB', 'absences.viewClass', 'class:B1', true],
	['secretaryB', 'absences.viewClass', 'class:A1', false], // another school's secretary
	...rows('schoolAdminA', 'absences.viewClass', ['class:A1', 'class:A2'], true),
	['classTeacherA1', 'absences.viewClass', 'class:A1', true],
	['classTeacherA1', 'absences.viewClass', 'class:A2', false],
	['subjectTeacherA1', 'absences.viewClass', 'class:A1', true], // read-only in the service
	['subjectTeacherA1', 'absences.viewClass', 'class:A2', false],
	['classTeacherA2', 'absences.viewClass', 'class:A2', true],
	['classTeacherA2', 'absences.viewClass', 'class:A1', false], // another class's teacher
	['socialWorkerA', 'absences.viewClass', 'class:A1', false],
	['guardianOfMinorA1', 'absences.viewClass', 'class:A1', false],
	['minorA1', 'absences.viewClass', 'class:A1', false],
	['companyContact', 'absences.viewClass', 'class:A1', false],
	['districtFinance', 'absences.viewClass', 'class:A1', false],
	['districtAdmin', 'absences.viewClass', 'class:A1', false],

	// absences.viewSchool: the sick-note desk of a school, its office only
	...rows('secretaryA', 'absences.viewSchool', ['school:A'], true),
	['secretaryA', 'absences.viewSchool', 'school:B', false],
	['secretaryB', 'absences.viewSchool', 'school:B', true],
	['secretaryB', 'absences.viewSchool', 'school:A', false],
	['schoolAdminA', 'absences.viewSchool', 'school:A', true],
	['classTeacherA1', 'absences.viewSchool', 'school:A', false],
	['subjectTeacherA1', 'absences.viewSchool', 'school:A', false],
	['socialWorkerA', 'absences.viewSchool', 'school:A', false],
	['districtFinance', 'absences.viewSchool', 'school:A', false],
	['districtAdmin', 'absences.viewSchool', 'school:A', false],
	['guardianOfMinorA1', 'absences.viewSchool', 'school:A', false],

	// absences.statistics: the office (class or whole school), the class teacher for the class
	...rows('secretaryA', 'absences.statistics', ['class:A1', 'class:A2', 'school:A'], true),
	...rows('secretaryA', 'absences.statistics', ['class:B1', 'school:B'], false),
	...rows('secretaryB', 'absences.statistics', ['class:B1', 'school:B'], true),
	...rows('schoolAdminA', 'absences.statistics', ['class:A1', 'class:A2', 'school:A'], true),
	['classTeacherA1', 'absences.statistics', 'class:A1', true],
	...rows('classTeacherA1', 'absences.statistics', ['class:A2', 'school:A'], false),
	['subjectTeacherA1', 'absences.statistics', 'class:A1', false],
	['classTeacherA2', 'absences.statistics', 'class:A2', true],
	['classTeacherA2', 'absences.statistics', 'class:A1', false],
	['socialWorkerA', 'absences.statistics', 'school:A', false],
	...rows('districtFinance', 'absences.statistics', ['class:A1', 'school:A'], false),
	...rows('districtAdmin', 'absences.statistics', ['class:A1', 'school:A'], false),
	['guardianOfMinorA1', 'absences.statistics', 'class:A1', false],

	// absences.settings: the head of school of that school
	['schoolAdminA', 'absences.settings', 'school:A', true],
	['schoolAdminA', 'absences.settings', 'school:B', false],
	['secretaryA', 'absences.settings', 'school:A', false],
	['classTeacherA1', 'absences.settings', 'school:A', false],
	['districtAdmin', 'absences.settings', 'school:A', false],

	// case.manage: the school office of the case's school and the student's class teacher
	...rows('secretaryA', 'case.manage', casesOf('minorA1', 'adultA1'), true),
	['secretaryA', 'case.manage', 'sick:minorB1', false],
	...rows('secretaryB', 'case.manage', casesOf('minorB1'), true),
	['secretaryB', 'case.manage', 'pay:adultA1', false],
	...rows('schoolAdminA', 'case.manage', casesOf('minorA1', 'adultA1'), true),
	['schoolAdminA', 'case.manage', 'cert:minorB1', false],
	...rows('classTeacherA1', 'case.manage', casesOf('minorA1', 'adultA1'), true),
	['classTeacherA1', 'case.manage', 'sick:minorB1', false],
	['subjectTeacherA1', 'case.manage', 'sick:minorA1', false],
	['classTeacherA2', 'case.manage', 'sick:minorA1', false],
	['socialWorkerA', 'case.manage', 'sick:adultA1', false],
	['minorA1', 'case.manage', 'sick:minorA1', false], // one's own case, but not to manage
	['guardianOfMinorA1', 'case.manage', 'sick:minorA1', false],
	['districtAdmin', 'case.manage', 'pay:minorA1', false],

	// school.view: staff of that school, the district office
	...rows('secretaryA', 'school.view', ['school:A'], true),
	...rows('schoolAdminA', 'school.view', ['school:A'], true),
	...rows('classTeacherA1', 'school.view', ['school:A'], true),
	...rows('subjectTeacherA1', 'school.view', ['school:A'], true),
	...rows('classTeacherA2', 'school.view', ['school:A'], true),
	...rows('socialWorkerA', 'school.view', ['school:A'], true),
	['secretaryA', 'school.view', 'school:B', false],
	['classTeacherA1', 'school.view', 'school:B', false],
	['secretaryB', 'school.view', 'school:B', true],
	['secretaryB', 'school.view', 'school:A', false],
	...rows('districtFinance', 'school.view', ['school:A', 'school:B'], true),
	...rows('districtAdmin', 'school.view', ['school:A', 'school:B'], true),
	['minorA1', 'school.view', 'school:A', false], // students are not staff
	['guardianOfMinorA1', 'school.view', 'school:A', false],
	['companyContact', 'school.view', 'school:A', false],

	// school.manageStaff: the school's admin and the district admin
	['schoolAdminA', 'school.manageStaff', 'school:A', true],
	['schoolAdminA', 'school.manageStaff', 'school:B', false],
	...rows('districtAdmin', 'school.manageStaff', ['school:A', 'school:B'], true),
	['secretaryA', 'school.manageStaff', 'school:A', false],
	['districtFinance', 'school.manageStaff', 'school:A', false],

	// roster.import: the office (secretary, school admin) of that school only
	['secretaryA', 'roster.import', 'school:A', true],
	['secretaryA', 'roster.import', 'school:B', false],
	['secretaryB', 'roster.import', 'school:B', true],
	['secretaryB', 'roster.import', 'school:A', false],
	['schoolAdminA', 'roster.import', 'school:A', true],
	['schoolAdminA', 'roster.import', 'school:B', false],
	['classTeacherA1', 'roster.import', 'school:A', false],
	['socialWorkerA', 'roster.import', 'school:A', false],
	...rows('districtAdmin', 'roster.import', ['school:A', 'school:B'], false),
	['districtFinance', 'roster.import', 'school:A', false],
	['guardianOfMinorA1', 'roster.import', 'school:A', false],
	['minorA1', 'roster.import', 'school:A', false],

	// duplicates.resolve: the office (secretary, school admin) of the queue row's school only
	['secretaryA', 'duplicates.resolve', 'school:A', true],
	['secretaryA', 'duplicates.resolve', 'school:B', false],
	['secretaryB', 'duplicates.resolve', 'school:B', true],
	['secretaryB', 'duplicates.resolve', 'school:A', false],
	['schoolAdminA', 'duplicates.resolve', 'school:A', true],
	['schoolAdminA', 'duplicates.resolve', 'school:B', false],
	['classTeacherA1', 'duplicates.resolve', 'school:A', false],
	['subjectTeacherA1', 'duplicates.resolve', 'school:A', false],
	['socialWorkerA', 'duplicates.resolve', 'school:A', false],
	...rows('districtAdmin', 'duplicates.resolve', ['school:A', 'school:B'], false),
	['districtFinance', 'duplicates.resolve', 'school:A', false],
	['guardianOfMinorA1', 'duplicates.resolve', 'school:A', false],
	['minorA1', 'duplicates.resolve', 'school:A', false],

	// guardians.invite: invitation letters, the office (secretary, school admin) of that school only
	['secretaryA', 'guardians.invite', 'school:A', true],
	['secretaryA', 'guardians.invite', 'school:B', false],
	['secretaryB', 'guardians.invite', 'school:B', true],
	['secretaryB', 'guardians.invite', 'school:A', false],
	['schoolAdminA', 'guardians.invite', 'school:A', true],
	['schoolAdminA', 'guardians.invite', 'school:B', false],
	['classTeacherA1', 'guardians.invite', 'school:A', false],
	['subjectTeacherA1', 'guardians.invite', 'school:A', false],
	['socialWorkerA', 'guardians.invite', 'school:A', false],
	...rows('districtAdmin', 'guardians.invite', ['school:A', 'school:B'], false),
	['districtFinance', 'guardians.invite', 'school:A', false],
	['guardianOfMinorA1', 'guardians.invite', 'school:A', false],
	['minorA1', 'guardians.invite', 'school:A', false],

	// companies.manage: the office of that school invites company contacts, enters apprenticeships
	['secretaryA', 'companies.manage', 'school:A', true],
	['secretaryA', 'companies.manage', 'school:B', false],
	['schoolAdminA', 'companies.manage', 'school:A', true],
	['secretaryB', 'companies.manage', 'school:B', true],
	['classTeacherA1', 'companies.manage', 'school:A', false],
	['companyContact', 'companies.manage', 'school:A', false],
	['districtAdmin', 'companies.manage', 'school:A', false],

	// jobs.view, audit.view, district.manage: the district admin; district.view also finance
	['districtAdmin', 'jobs.view', 'district', true],
	['districtFinance', 'jobs.view', 'district', false],
	['schoolAdminA', 'jobs.view', 'district', false],
	['districtAdmin', 'audit.view', 'district', true],
	['districtFinance', 'audit.view', 'district', false],
	['schoolAdminA', 'audit.view', 'district', false],
	['districtAdmin', 'district.view', 'district', true],
	['districtFinance', 'district.view', 'district', true],
	['schoolAdminA', 'district.view', 'district', false],
	['secretaryA', 'district.view', 'district', false],
	['districtAdmin', 'district.manage', 'district', true],
	['districtFinance', 'district.manage', 'district', false],

	// session.revoke: one's own sessions only, whoever one is
	...ACTOR_NAMES.map((a): Row => [a, 'session.revoke', `session:${a}`, true]),
	['secretaryA', 'session.revoke', 'session:secretaryB', false],
	['districtAdmin', 'session.revoke', 'session:minorA1', false],
	['guardianOfMinorA1', 'session.revoke', 'session:minorA1', false]
];

const key = (actor: ActorName, action: Action, resource: string) =>
	`${actor} ${action} ${resource}`;
const ALLOWED = new Set(TABLE.filter((r) => r[3]).map(([a, action, r]) => key(a, action, r)));

const actors = {} as Record<ActorName, Actor>;
const resources = {} as Record<ResourceName, Resource>;
const accountIds = {} as Record<ActorName, string>;
let minorA1Birthday = '';

/** Builds two schools' worth of people with real rows, then the actors and resources from them. */
beforeAll(async () => {
	setClock(FIXED_NOW);
	const schoolA = await createSchool({ name: 'Gewerbliche Schule A' });
	const schoolB = await createSchool({ name: 'Kaufmännische Schule B' });
	const year = await createSchoolYear();
	const classA1 = await createClass({ schoolId: schoolA, schoolYearId: year, name: 'A1' });
	const classA2 = await createClass({ schoolId: schoolA, schoolYearId: year, name: 'A2' });
	const classB1 = await createClass({ schoolId: schoolB, schoolYearId: year, name: 'B1' });
	const company = await createCompany();

	const person = {} as Record<ActorName, string>;
	const make = async (name: ActorName, birthDate: string | null = '1980-05-05') => {
		const account = await createAccount({ givenNames: name, birthDate });
		person[name] = account.personId;
		accountIds[name] = account.accountId;
		return account.personId;
	};
	const student = async (name: Student, birthDate: string, schoolId: string, classId: string) => {
		const id = await make(name, birthDate);
		await grantRole(id, 'student', { schoolId });
		await addToClass(id, classId, 'student');
	};
	minorA1Birthday = '2010-06-20'; // 15 on FIXED_NOW, 18 on 2028-06-20
	await student('minorA1', minorA1Birthday, schoolA, classA1);
	await student('adultA1', '2005-01-10', schoolA, classA1);
	await student('minorB1', '2011-09-01', schoolB, classB1);

	for (const [guardian, ward] of [
		['guardianOfMinorA1', 'minorA1'],
		['guardianOfAdultA1', 'adultA1'],
		['otherGuardianOfAdultA1', 'adultA1']
	] as const) {
		const id = await make(guardian);
		await grantRole(id, 'guardian');
		await addGuardianship(id, person[ward]);
	}

	await grantRole(await make('secretaryA'), 'secretary', { schoolId: schoolA });
	await grantRole(await make('secretaryB'), 'secretary', { schoolId: schoolB });
	await grantRole(await make('schoolAdminA'), 'school_admin', { schoolId: schoolA });
	for (const [name, classId, role] of [
		['classTeacherA1', classA1, 'class_teacher'],
		['subjectTeacherA1', classA1, 'teacher'],
		['classTeacherA2', classA2, 'class_teacher']
	] as const) {
		const id = await make(name);
		await grantRole(id, 'teacher', { schoolId: schoolA });
		await addToClass(id, classId, role);
	}
	await grantRole(await make('socialWorkerA'), 'social_worker', { schoolId: schoolA });
	await grantRole(await make('districtFinance'), 'district_finance');
	await grantRole(await make('districtAdmin'), 'district_admin');
	await grantRole(await make('companyContact'), 'company_contact', { companyId: company });
	const formerCompany = await createCompany();
	await grantRole(await make('formerCompanyContact'), 'company_contact', {
		companyId: formerCompany
	});
	await addApprenticeship(person.minorA1, company, { startsOn: '2025-09-01' });
	await addApprenticeship(person.adultA1, formerCompany, {
		startsOn: '2023-09-01',
		endsOn: '2025-08-31'
	});
	await addApprenticeship(person.adultA1, company, { startsOn: '2025-09-01' });
	// A second company trains adultA1 now (say, a part-time placement), without any consent.
	const unconsentedCompany = await createCompany();
	await grantRole(await make('companyWithoutConsent'), 'company_contact', {
		companyId: unconsentedCompany
	});
	await addApprenticeship(person.adultA1, unconsentedCompany, { startsOn: '2025-09-01' });
	// adultA1 lets one guardian and the current company keep seeing absences, nothing else;
	// a consent to the former company stays without effect once the apprenticeship ended.
	await addConsent(person.adultA1, { guardianPersonId: person.guardianOfAdultA1 }, 'absences');
	await addConsent(person.adultA1, { companyId: company }, 'absences');
	await addConsent(person.adultA1, { companyId: formerCompany }, 'absences');

	for (const name of ACTOR_NAMES) {
		actors[name] = await actorFor(accountIds[name], `session-of-${name}`);
		resources[`session:${name}`] = { type: 'session', accountId: accountIds[name] };
	}
	const schoolOf: Record<Student, string> = {
		minorA1: schoolA,
		adultA1: schoolA,
		minorB1: schoolB
	};
	for (const s of STUDENTS) {
		const ref: PersonRef = await personRef(person[s]);
		resources[`person:${s}`] = { type: 'person', person: ref };
		for (const scope of SCOPES)
			resources[`${scope}:${s}`] = { type: 'personData', person: ref, scope };
		for (const [kind, c] of Object.entries(CASE_KINDS) as [
			CaseKind,
			(typeof CASE_KINDS)[CaseKind]
		][])
			resources[`${kind}:${s}`] = { type: 'case', ...c, schoolId: schoolOf[s], subject: ref };
	}
	resources['school:A'] = { type: 'school', schoolId: schoolA };
	resources['school:B'] = { type: 'school', schoolId: schoolB };
	resources['class:A1'] = { type: 'class', classId: classA1, schoolId: schoolA };
	resources['class:A2'] = { type: 'class', classId: classA2, schoolId: schoolA };
	resources['class:B1'] = { type: 'class', classId: classB1, schoolId: schoolB };
	resources.district = { type: 'district' };
	setClock(undefined);
});

const statusOf = (fn: () => void): number | 'allowed' => {
	try {
		fn();
		return 'allowed';
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
};
const expectedRefusal = (resource: Resource) =>
	resource.type === 'school' || resource.type === 'district' ? 403 : 404; // a class is a record: 404

describe('policy table', () => {
	it('is built from the data as intended', () => {
		const ref = (resources['person:minorA1'] as { person: PersonRef }).person;
		expect(ref.classIds).toHaveLength(1);
		expect(ref.schoolIds).toEqual([(resources['school:A'] as { schoolId: string }).schoolId]);
		expect(actors.guardianOfMinorA1.wards).toEqual([
			{ studentPersonId: ref.personId, birthDate: minorA1Birthday }
		]);
		expect(actors.classTeacherA1.classes).toEqual([
			{ classId: ref.classIds[0], schoolId: ref.schoolIds[0], role: 'class_teacher' }
		]);
		expect(actors.districtAdmin.roles).toEqual([
			{ role: 'district_admin', schoolId: null, companyId: null }
		]);
	});

	it('names every action, with allowed and refused rows, and no row twice', () => {
		for (const action of ALL_ACTIONS) {
			expect(
				TABLE.some((r) => r[1] === action && r[3]),
				`${action} allowed`
			).toBe(true);
			expect(
				TABLE.some((r) => r[1] === action && !r[3]),
				`${action} refused`
			).toBe(true);
		}
		const keys = TABLE.map(([a, action, r]) => key(a, action, r));
		expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
	});

	it.each(TABLE)('%s · %s · %s → %s', (actor, action, resource, expected) => {
		expect(resources[resource], resource).toBeDefined();
		expect(can(actors[actor], action, resources[resource])).toBe(expected);
	});
});

describe('foreign ids', () => {
	// Every actor against every resource and action: whatever the table does not allow is refused,
	// and `authorize` refuses records with 404 (as if missing) and areas with 403.
	it.each(ACTOR_NAMES)('%s gets nothing the table does not grant', (name) => {
		const wrong: string[] = [];
		for (const action of ALL_ACTIONS)
			for (const [resourceName, resource] of Object.entries(resources)) {
				const allowed = ALLOWED.has(key(name, action, resourceName));
				if (can(actors[name], action, resource) !== allowed)
					wrong.push(`${key(name, action, resourceName)}: expected ${allowed}`);
				const status = statusOf(() => authorize(actors[name], action, resource));
				if (status !== (allowed ? 'allowed' : expectedRefusal(resource)))
					wrong.push(`authorize ${key(name, action, resourceName)}: got ${status}`);
			}
		expect(wrong).toEqual([]);
	});

	it('refuses everything to nobody', () => {
		for (const action of ALL_ACTIONS)
			for (const resource of Object.values(resources)) {
				expect(can(null, action, resource)).toBe(false);
				expect(can(undefined, action, resource)).toBe(false);
				expect(statusOf(() => authorize(null, action, resource))).toBe(expectedRefusal(resource));
			}
	});
});

describe('authorize', () => {
	it('throws an HttpError 404 for records the actor may not see', () => {
		const cases: [Action, ResourceName][] = [
			['person.read', 'person:minorB1'],
			['case.read', 'sick:minorB1'],
			['session.revoke', 'session:secretaryB']
		];
		for (const [action, resource] of cases) {
			let thrown: unknown;
			try {
				authorize(actors.secretaryA, action, resources[resource]);
			} catch (e) {
				thrown = e;
			}
			expect(isHttpError(thrown, 404), resource).toBe(true);
		}
	});

	it('throws an HttpError 403 for areas (school, district)', () => {
		let thrown: unknown;
		try {
			authorize(actors.secretaryA, 'school.view', resources['school:B']);
		} catch (e) {
			thrown = e;
		}
		expect(isHttpError(thrown, 403)).toBe(true);
		thrown = undefined;
		try {
			authorize(actors.districtFinance, 'district.manage', resources.district);
		} catch (e) {
			thrown = e;
		}
		expect(isHttpError(thrown, 403)).toBe(true);
	});

	it('returns quietly when allowed', () => {
		expect(authorize(actors.secretaryA, 'case.manage', resources['sick:minorA1'])).toBeUndefined();
		expect(authorize(actors.districtAdmin, 'district.manage', resources.district)).toBeUndefined();
	});
});

describe('18th birthday', () => {
	// Legal representation ends on the ward's 18th birthday, by the German calendar day.
	const dayBefore = new Date('2028-06-19T12:00:00Z');
	const birthdayInBerlin = new Date('2028-06-19T22:30:00Z'); // 00:30 on 20 June in Berlin (CEST)

	it('keeps the guardian in charge until the day before', async () => {
		setClock(dayBefore);
		const guardian = await actorFor(accountIds.guardianOfMinorA1);
		expect(can(guardian, 'person.actFor', resources['person:minorA1'])).toBe(true);
		expect(can(guardian, 'person.read', resources['person:minorA1'])).toBe(true);
		expect(can(guardian, 'case.read', resources['sick:minorA1'])).toBe(true);
		expect(can(guardian, 'case.create', resources['sick:minorA1'])).toBe(true);
	});

	it('ends it on the birthday (Berlin time), also for an actor loaded before midnight', async () => {
		setClock(dayBefore);
		const loadedBefore = await actorFor(accountIds.guardianOfMinorA1);
		setClock(birthdayInBerlin);
		const loadedOnTheDay = await actorFor(accountIds.guardianOfMinorA1);
		for (const guardian of [loadedBefore, loadedOnTheDay]) {
			expect(can(guardian, 'person.actFor', resources['person:minorA1'])).toBe(false);
			expect(can(guardian, 'person.read', resources['person:minorA1'])).toBe(false);
			expect(can(guardian, 'case.read', resources['sick:minorA1'])).toBe(false);
			expect(can(guardian, 'case.read', resources['pay:minorA1'])).toBe(false);
			expect(can(guardian, 'case.create', resources['sick:minorA1'])).toBe(false);
		}
		// The student, now of age, still acts for themself; the school still sees the case.
		expect(can(actors.minorA1, 'person.actFor', resources['person:minorA1'])).toBe(true);
		expect(can(actors.secretaryA, 'case.read', resources['sick:minorA1'])).toBe(true);
	});
});

describe('grants outside their validity', () => {
	it('are not loaded: an ended role, a future class, an ended guardianship', async () => {
		setClock(FIXED_NOW);
		const school = (resources['school:A'] as { schoolId: string }).schoolId;
		const a1 = (resources['person:minorA1'] as { person: PersonRef }).person.classIds[0];

		const former = await createAccount();
		await grantRole(former.personId, 'secretary', { schoolId: school, validTo: '2026-03-15' });
		const formerSecretary = await actorFor(former.accountId);
		expect(formerSecretary.roles).toEqual([]);
		expect(can(formerSecretary, 'case.read', resources['sick:minorA1'])).toBe(false);

		const future = await createAccount();
		await grantRole(future.personId, 'teacher', { schoolId: school });
		await addToClass(future.personId, a1, 'class_teacher', { validFrom: '2026-03-17' });
		const futureTeacher = await actorFor(future.accountId);
		expect(can(futureTeacher, 'school.view', resources['school:A'])).toBe(true);
		expect(can(futureTeacher, 'case.read', resources['sick:minorA1'])).toBe(false);

		const exGuardian = await createAccount();
		const minorB1 = (resources['person:minorB1'] as { person: PersonRef }).person;
		await addGuardianship(exGuardian.personId, minorB1.personId, { validTo: '2026-01-31' });
		const ended = await actorFor(exGuardian.accountId);
		expect(ended.wards).toEqual([]);
		expect(can(ended, 'person.actFor', resources['person:minorB1'])).toBe(false);
	});
});

describe('class teacher and a student at two schools', () => {
	it('sees the case filed at their own school only', () => {
		const teacher = actors.classTeacherA1;
		const sick = resources['sick:minorA1'] as Extract<Resource, { type: 'case' }>;
		const schoolB = (resources['school:B'] as { schoolId: string }).schoolId;
		const atOtherSchool: Resource = { ...sick, schoolId: schoolB };
		expect(can(teacher, 'case.read', sick)).toBe(true);
		expect(can(teacher, 'case.read', atOtherSchool)).toBe(false);
		expect(can(teacher, 'case.manage', atOtherSchool)).toBe(false);
	});
});
