import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { actorFor, createAccount, grantRole } from '../../../../../tests/helpers/factories';
import { auditLog } from '../../audit/schema';
import { setClock } from '../../clock';
import { db } from '../../db';
import { roleMemberships, schools } from '../schema';
import {
	createSchool,
	endDistrictRole,
	grantDistrictRole,
	listDistrictRoles,
	listSchools,
	updateSchool
} from './district';

useTestDatabase();
beforeEach(() => setClock(new Date('2026-11-23T09:00:00Z')));
afterEach(() => setClock(undefined));

let n = 0;
const schoolInput = () => ({
	code: `K${process.pid}${++n}`,
	name: `Berufliche Schule ${n}`,
	shortName: `BS ${n}`,
	address: 'Hauptstraße 1, 78990 Seeburg',
	email: `Sekretariat-${n}@schule.example`,
	phone: ''
});

async function districtAccount(role: 'district_admin' | 'district_finance') {
	const account = await createAccount();
	const roleId = await grantRole(account.personId, role);
	return { ...account, roleId, actor: await actorFor(account.accountId) };
}

/** Ends every district_admin role but the given ones, so the "last admin" rule is testable. */
async function onlyAdmins(...keep: string[]) {
	const rows = await db()
		.select({ id: roleMemberships.id })
		.from(roleMemberships)
		.where(eq(roleMemberships.role, 'district_admin'));
	for (const r of rows)
		if (!keep.includes(r.id))
			await db()
				.update(roleMemberships)
				.set({ validTo: '2020-01-01' })
				.where(eq(roleMemberships.id, r.id));
}

describe('district administration', () => {
	it('creates and edits schools; a code is unique; every change is audited', async () => {
		const { actor } = await districtAccount('district_admin');
		const input = schoolInput();
		const created = await createSchool(actor, input);
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		const [row] = await db().select().from(schools).where(eq(schools.id, created.value.id));
		expect(row).toMatchObject({ code: input.code, email: input.email.toLowerCase(), phone: null });
		expect(await createSchool(actor, { ...schoolInput(), code: input.code })).toMatchObject({
			ok: false,
			errors: { code: 'error_school_code_taken' }
		});
		const updated = await updateSchool(actor, created.value.id, {
			...input,
			name: 'Neuer Name',
			phone: '07531 1234'
		});
		expect(updated.ok).toBe(true);
		expect((await listSchools(actor)).find((s) => s.id === created.value.id)).toMatchObject({
			name: 'Neuer Name',
			phone: '07531 1234'
		});
		const audit = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.resourceId, created.value.id));
		expect(audit.map((a) => a.action).sort()).toEqual([
			'district.school_created',
			'district.school_updated'
		]);
	});

	it('grants a district role by e-mail and ends it; unknown addresses are answered', async () => {
		const admin = await districtAccount('district_admin');
		const clerk = await createAccount();
		expect(
			await grantDistrictRole(admin.actor, 'niemand@mail.example', 'district_finance')
		).toMatchObject({ ok: false, errors: { email: 'error_account_not_found' } });
		expect((await grantDistrictRole(admin.actor, clerk.email, 'district_finance')).ok).toBe(true);
		expect((await grantDistrictRole(admin.actor, clerk.email, 'district_finance')).ok).toBe(false);
		const listed = (await listDistrictRoles(admin.actor)).find((r) => r.email === clerk.email)!;
		expect(listed.role).toBe('district_finance');
		expect((await endDistrictRole(admin.actor, listed.id)).ok).toBe(true);
		const [row] = await db()
			.select()
			.from(roleMemberships)
			.where(eq(roleMemberships.id, listed.id));
		expect(row.validTo).toBe('2026-11-23');
	});

	it('cannot end the last district administrator', async () => {
		const first = await districtAccount('district_admin');
		const second = await districtAccount('district_admin');
		await onlyAdmins(first.roleId, second.roleId);
		expect((await endDistrictRole(first.actor, second.roleId)).ok).toBe(true);
		expect(await endDistrictRole(first.actor, first.roleId)).toMatchObject({
			ok: false,
			errors: { form: 'error_last_district_admin' }
		});
		const [row] = await db()
			.select()
			.from(roleMemberships)
			.where(eq(roleMemberships.id, first.roleId));
		expect(row.validTo).toBeNull();
	});

	it('district finance and school heads are refused', async () => {
		const finance = await districtAccount('district_finance');
		const head = await createAccount();
		const school = (await db().select({ id: schools.id }).from(schools).limit(1))[0];
		await grantRole(head.personId, 'school_admin', { schoolId: school?.id });
		const clerk = await createAccount();
		for (const actor of [finance.actor, await actorFor(head.accountId)]) {
			await expect(listSchools(actor)).rejects.toMatchObject({ status: 403 });
			await expect(createSchool(actor, schoolInput())).rejects.toMatchObject({ status: 403 });
			await expect(grantDistrictRole(actor, clerk.email, 'district_admin')).rejects.toMatchObject({
				status: 403
			});
			await expect(endDistrictRole(actor, finance.roleId)).rejects.toMatchObject({ status: 403 });
		}
	});
});
