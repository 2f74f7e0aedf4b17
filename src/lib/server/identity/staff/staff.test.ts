import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	addToClass,
	createAccount,
	createClass,
	createPerson,
	createSchool,
	createSchoolYear,
	grantRole,
	uniqueEmail
} from '../../../../../tests/helpers/factories';
import { auditLog } from '../../audit/schema';
import { setClock } from '../../clock';
import { db } from '../../db';
import { jobs } from '../../jobs/schema';
import { accounts, classMemberships, people, roleMemberships } from '../schema';
import {
	assignClass,
	createStaffMember,
	endClassAssignment,
	endStaffRole,
	listStaff
} from './service';

useTestDatabase();
const TODAY = '2026-11-23';
beforeEach(() => setClock(new Date(`${TODAY}T09:00:00Z`)));
afterEach(() => setClock(undefined));

async function schoolWithAdmin() {
	const schoolId = await createSchool();
	const admin = await createAccount();
	await grantRole(admin.personId, 'school_admin', { schoolId });
	return { schoolId, admin: await actorFor(admin.accountId) };
}

const mailsTo = async (to: string) =>
	(await db().select({ payload: jobs.payload }).from(jobs)).filter(
		(j) => (j.payload as { to?: string }).to === to
	) as { payload: { to: string; subject: string; text: string } }[];

const audits = async (action: string) =>
	db().select().from(auditLog).where(eq(auditLog.action, action));

describe('creating staff', () => {
	it('creates person, account without password, roles, and a mail to activate', async () => {
		const { schoolId, admin } = await schoolWithAdmin();
		const email = uniqueEmail('neu');
		const result = await createStaffMember(admin, schoolId, {
			givenNames: 'Lena',
			familyName: 'Sommer',
			email: email.toUpperCase(),
			roles: ['teacher', 'secretary']
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.reused).toBe(false);
		const [account] = await db().select().from(accounts).where(eq(accounts.email, email));
		expect(account.passwordHash).toBeNull();
		expect(account.personId).toBe(result.value.personId);
		const roles = await db()
			.select({ role: roleMemberships.role, validFrom: roleMemberships.validFrom })
			.from(roleMemberships)
			.where(eq(roleMemberships.personId, result.value.personId));
		expect(roles.map((r) => r.role).sort()).toEqual(['secretary', 'teacher']);
		expect(roles.every((r) => r.validFrom === TODAY)).toBe(true);
		const [mail] = await mailsTo(email);
		expect(mail.payload.text).toContain('/konto-aktivieren');
		expect(mail.payload.text).toContain('Lehrkraft');
		expect(await audits('staff.created')).toHaveLength(1);

		const { staff } = await listStaff(admin, schoolId);
		const listed = staff.find((s) => s.personId === result.value.personId)!;
		expect(listed).toMatchObject({ familyName: 'Sommer', email, activated: false });
		expect(listed.roles).toHaveLength(2);
	});

	it('reuses an existing account with that e-mail: a role, not a second account', async () => {
		const { schoolId, admin } = await schoolWithAdmin();
		const otherSchool = await createSchool();
		const existing = await createAccount({ givenNames: 'Tarek' });
		await grantRole(existing.personId, 'teacher', { schoolId: otherSchool });
		const result = await createStaffMember(admin, schoolId, {
			givenNames: 'Tarek',
			familyName: 'Anders',
			email: existing.email,
			roles: ['teacher']
		});
		expect(result).toMatchObject({
			ok: true,
			value: { reused: true, personId: existing.personId, accountId: existing.accountId }
		});
		const [{ n }] = await db()
			.select({ n: sql<number>`count(*)` })
			.from(accounts)
			.where(eq(accounts.personId, existing.personId));
		expect(Number(n)).toBe(1);
		const roles = await db()
			.select()
			.from(roleMemberships)
			.where(eq(roleMemberships.personId, existing.personId));
		expect(roles.map((r) => r.schoolId).sort()).toEqual([otherSchool, schoolId].sort());
		// Already activated: the mail says to sign in, not to activate.
		const [mail] = await mailsTo(existing.email);
		expect(mail.payload.text).toContain('/anmelden');
		expect(mail.payload.text).not.toContain('/konto-aktivieren');
		// The same roles again: nothing to add.
		const again = await createStaffMember(admin, schoolId, {
			givenNames: 'Tarek',
			familyName: 'Anders',
			email: existing.email,
			roles: ['teacher']
		});
		expect(again).toMatchObject({ ok: false, errors: { email: 'error_staff_already_has_roles' } });
	});

	it('reuses a person known by school e-mail who has no account yet', async () => {
		const { schoolId, admin } = await schoolWithAdmin();
		const personId = await createPerson({ givenNames: 'Mia', familyName: 'Roster' });
		const email = uniqueEmail('roster');
		await db().update(people).set({ schoolEmail: email }).where(eq(people.id, personId));
		const result = await createStaffMember(admin, schoolId, {
			givenNames: 'Mia',
			familyName: 'Roster',
			email,
			roles: ['social_worker']
		});
		expect(result).toMatchObject({ ok: true, value: { reused: true, personId } });
		const [account] = await db().select().from(accounts).where(eq(accounts.personId, personId));
		expect(account.email).toBe(email);
	});

	it('another school’s head and a secretary are refused', async () => {
		const { schoolId } = await schoolWithAdmin();
		const other = await schoolWithAdmin();
		const secretary = await createAccount();
		await grantRole(secretary.personId, 'secretary', { schoolId });
		const input = {
			givenNames: 'X',
			familyName: 'Y',
			email: uniqueEmail('refused'),
			roles: ['teacher' as const]
		};
		for (const actor of [other.admin, await actorFor(secretary.accountId)]) {
			await expect(createStaffMember(actor, schoolId, input)).rejects.toMatchObject({
				status: 403
			});
			await expect(listStaff(actor, schoolId)).rejects.toMatchObject({ status: 403 });
		}
		const [row] = await db().select().from(accounts).where(eq(accounts.email, input.email));
		expect(row).toBeUndefined();
	});
});

describe('ending roles and assigning classes', () => {
	it('ends a role today and keeps the row; another school’s role is not found', async () => {
		const { schoolId, admin } = await schoolWithAdmin();
		const teacher = await createAccount();
		const roleId = await grantRole(teacher.personId, 'teacher', { schoolId });
		const other = await schoolWithAdmin();
		expect(await endStaffRole(other.admin, other.schoolId, roleId)).toMatchObject({
			ok: false,
			status: 404
		});
		await expect(endStaffRole(other.admin, schoolId, roleId)).rejects.toMatchObject({
			status: 403
		});
		expect((await endStaffRole(admin, schoolId, roleId)).ok).toBe(true);
		const [row] = await db().select().from(roleMemberships).where(eq(roleMemberships.id, roleId));
		expect(row.validTo).toBe(TODAY);
		// Ended once: a second end finds nothing to end.
		expect((await endStaffRole(admin, schoolId, roleId)).ok).toBe(false);
		// From tomorrow the person is no longer staff there.
		setClock(new Date('2026-11-24T09:00:00Z'));
		const actor = await actorFor(teacher.accountId);
		expect(actor.roles.some((r) => r.role === 'teacher')).toBe(false);
		expect(await audits('staff.role_ended')).toHaveLength(1);
	});

	it('assigns a class teacher (the previous one ends) and a subject teacher; ends one', async () => {
		const { schoolId, admin } = await schoolWithAdmin();
		const yearId = await createSchoolYear({ label: `SJ-staff-${Date.now()}` });
		const classId = await createClass({ schoolId, schoolYearId: yearId });
		const previous = await createAccount();
		await grantRole(previous.personId, 'teacher', { schoolId });
		await addToClass(previous.personId, classId, 'class_teacher');
		const teacher = await createAccount();
		await grantRole(teacher.personId, 'teacher', { schoolId });

		const assigned = await assignClass(admin, schoolId, {
			personId: teacher.personId,
			classId,
			role: 'class_teacher'
		});
		expect(assigned.ok).toBe(true);
		expect(
			(
				await assignClass(admin, schoolId, {
					personId: teacher.personId,
					classId,
					role: 'class_teacher'
				})
			).ok
		).toBe(false);
		const rows = await db()
			.select()
			.from(classMemberships)
			.where(
				and(eq(classMemberships.classId, classId), eq(classMemberships.role, 'class_teacher'))
			);
		expect(rows.find((r) => r.personId === previous.personId)?.validTo).toBe(TODAY);
		expect(rows.find((r) => r.personId === teacher.personId)?.validTo).toBeNull();

		// A class of another school cannot be assigned here.
		const other = await schoolWithAdmin();
		const foreignClass = await createClass({ schoolId: other.schoolId, schoolYearId: yearId });
		expect(
			await assignClass(admin, schoolId, {
				personId: teacher.personId,
				classId: foreignClass,
				role: 'teacher'
			})
		).toMatchObject({ ok: false, status: 404 });
		// Someone who does not work here cannot be assigned.
		const stranger = await createAccount();
		expect(
			await assignClass(admin, schoolId, { personId: stranger.personId, classId, role: 'teacher' })
		).toMatchObject({ ok: false, status: 404 });

		const subject = await assignClass(admin, schoolId, {
			personId: teacher.personId,
			classId,
			role: 'teacher'
		});
		expect(subject.ok).toBe(true);
		const { staff } = await listStaff(admin, schoolId);
		const listed = staff.find((s) => s.personId === teacher.personId)!;
		expect(listed.classes.map((c) => c.role).sort()).toEqual(['class_teacher', 'teacher']);
		const subjectRow = listed.classes.find((c) => c.role === 'teacher')!;
		expect((await endClassAssignment(admin, schoolId, subjectRow.id)).ok).toBe(true);
		const [ended] = await db()
			.select()
			.from(classMemberships)
			.where(eq(classMemberships.id, subjectRow.id));
		expect(ended.validTo).toBe(TODAY);
		expect(await audits('staff.class_assigned')).toHaveLength(2);
		expect(await audits('staff.class_ended')).toHaveLength(1);
	});
});
