// A small world for the sick-note desk tests: school A with office, head, a part-time class A1
// (class teacher, subject teacher, a minor with a guardian, an adult) and a full-time class A2
// with its own class teacher; school B with its secretary; district finance. Notes are filed the
// way the family does it (reportSickNote) or inserted directly for dates the form refuses.
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { reportSickNote, type SickNoteInput } from '$lib/server/absences/sick-notes';
import { sickNotes } from '$lib/server/absences/schema';
import { cases } from '$lib/server/cases/schema';
import { setClock } from '$lib/server/clock';
import { db } from '$lib/server/db';
import type { Actor } from '$lib/server/policy';
import {
	actorFor,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createSchool,
	grantRole
} from './factories';

/** Monday, 16 March 2026, 09:00 in Germany: the desk tests' clock. */
export const DESK_NOW = new Date('2026-03-16T08:00:00Z');
export const DESK_TODAY = '2026-03-16';

/** Every test of the file runs at DESK_NOW. */
export function useDeskClock() {
	beforeEach(() => setClock(DESK_NOW));
	afterEach(() => setClock(undefined));
}

/** The desk clock, and the desk world built once for the file (filled in before the tests). */
export function useDeskWorld(): DeskWorld {
	useDeskClock();
	const world = {} as DeskWorld;
	beforeAll(async () => {
		setClock(DESK_NOW);
		Object.assign(world, await deskWorld());
		setClock(undefined);
	});
	return world;
}

let n = 0;
export const nextClientId = () => `desk-client-${process.pid}-${++n}`;

export async function deskWorld() {
	const schoolA = await createSchool({ name: 'Schule A' });
	const schoolB = await createSchool({ name: 'Schule B' });
	const classA1 = await createClass({ schoolId: schoolA, name: 'A1', schoolType: 'part_time' });
	const classA2 = await createClass({ schoolId: schoolA, name: 'A2', schoolType: 'full_time' });
	const classB1 = await createClass({ schoolId: schoolB, name: 'B1' });
	const staff = async (role: 'secretary' | 'school_admin' | 'teacher', schoolId: string) => {
		const a = await createAccount({ birthDate: null });
		await grantRole(a.personId, role, { schoolId });
		return a;
	};
	const secretaryA = await staff('secretary', schoolA);
	const headA = await staff('school_admin', schoolA);
	const secretaryB = await staff('secretary', schoolB);
	const classTeacherA1 = await staff('teacher', schoolA);
	await addToClass(classTeacherA1.personId, classA1, 'class_teacher');
	const subjectTeacherA1 = await staff('teacher', schoolA);
	await addToClass(subjectTeacherA1.personId, classA1, 'teacher');
	const classTeacherA2 = await staff('teacher', schoolA);
	await addToClass(classTeacherA2.personId, classA2, 'class_teacher');
	const finance = await createAccount({ birthDate: null });
	await grantRole(finance.personId, 'district_finance');

	const minor = await createAccount({ givenNames: 'Mia', birthDate: '2010-05-01' });
	await addToClass(minor.personId, classA1, 'student');
	const guardian = await createAccount({ givenNames: 'Gerda', birthDate: '1980-01-01' });
	await addGuardianship(guardian.personId, minor.personId);
	const adult = await createAccount({ givenNames: 'Alex', birthDate: '2004-01-10' });
	await addToClass(adult.personId, classA1, 'student');
	const studentA2 = await createAccount({ givenNames: 'Ben', birthDate: '2004-02-02' });
	await addToClass(studentA2.personId, classA2, 'student');

	const actors = {
		secretaryA: await actorFor(secretaryA.accountId),
		headA: await actorFor(headA.accountId),
		secretaryB: await actorFor(secretaryB.accountId),
		classTeacherA1: await actorFor(classTeacherA1.accountId),
		subjectTeacherA1: await actorFor(subjectTeacherA1.accountId),
		classTeacherA2: await actorFor(classTeacherA2.accountId),
		finance: await actorFor(finance.accountId),
		guardian: await actorFor(guardian.accountId),
		adult: await actorFor(adult.accountId),
		studentA2: await actorFor(studentA2.accountId)
	};
	return { schoolA, schoolB, classA1, classA2, classB1, minor, guardian, adult, studentA2, actors };
}

export type DeskWorld = Awaited<ReturnType<typeof deskWorld>>;

/** A report as the family files it; returns the case id and reference. */
export async function fileSickNote(
	actor: Actor,
	studentPersonId: string,
	firstDay: string,
	lastDay: string | null,
	extra: Partial<SickNoteInput> = {}
) {
	const result = await reportSickNote(actor, {
		studentPersonId,
		firstDay,
		lastDay,
		lessonFrom: null,
		lessonTo: null,
		note: null,
		clientId: nextClientId(),
		...extra
	});
	if (!result.ok) throw new Error(`report refused: ${JSON.stringify(result.errors)}`);
	return result.value;
}

/** Moves a note's dates or deadlines where the form would not let them go (old or overdue). */
export async function patchSickNote(
	caseId: string,
	values: Partial<typeof sickNotes.$inferInsert>
) {
	await db().update(sickNotes).set(values).where(eq(sickNotes.caseId, caseId));
}

export async function caseStatus(caseId: string) {
	const [row] = await db().select({ status: cases.status }).from(cases).where(eq(cases.id, caseId));
	return row.status;
}
