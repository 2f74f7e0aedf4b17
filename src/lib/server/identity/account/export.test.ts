import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createCompany,
	createSchool,
	grantRole,
	TEST_PASSWORD
} from '../../../../../tests/helpers/factories';
import { auditLog } from '../../audit/schema';
import { recordAudit } from '../../audit/service';
import { issueCode } from '../../auth/codes';
import { recordLoginAttempt } from '../../auth/rate-limit';
import { recoveryCodes, totpCredentials, oneTimeCodes, passkeys } from '../../auth/schema';
import { createSession, sessionIdOf } from '../../auth/session';
import { reportSickNote } from '../../absences/sick-notes';
import { attachments, caseEvents, cases } from '../../cases/schema';
import { setClock } from '../../clock';
import { db } from '../../db';
import * as schema from '../../db/schema';
import { queueMail } from '../../mail/service';
import type { Actor } from '../../policy';
import { accounts, apprenticeships, consents } from '../schema';
import { EXPORT_COVERAGE, exportFileName, exportMyData } from './export';
import { requestEmailChange } from './service';

useTestDatabase();
const T0 = new Date('2026-03-16T09:00:00Z');
beforeEach(() => setClock(T0));
afterEach(() => setClock(undefined));

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPGEHEIMNIS';
const MAIL_CODE = '48151623';

interface Someone {
	actor: Actor;
	personId: string;
	accountId: string;
	email: string;
	sessionId: string;
	caseReference: string;
	storageKey: string;
}

/**
 * A student with a bit of everything: class, role, a guardian, an apprenticeship, a consent, a
 * case with events and an attachment, a second factor, codes, mails, sign-in attempts, audit.
 */
async function studentWithEverything(name: string, schoolId: string, classId: string) {
	const account = await createAccount({ givenNames: name, birthDate: '2004-02-02' });
	const { personId, accountId, email } = account;
	await grantRole(personId, 'student', { schoolId });
	await addToClass(personId, classId, 'student');
	const company = await createCompany({ name: `Betrieb von ${name}` });
	await db()
		.insert(apprenticeships)
		.values({ studentPersonId: personId, companyId: company, startsOn: '2025-09-01' });
	const session = await createSession(accountId, {
		userAgent: `Browser of ${name}`,
		ip: '10.1.1.1'
	});
	const sessionId = sessionIdOf(session.token);
	await db()
		.insert(totpCredentials)
		.values({ accountId, secret: `${TOTP_SECRET}${name}`, confirmedAt: T0 });
	await db()
		.insert(recoveryCodes)
		.values([
			{ accountId, codeHash: `recovery-hash-${name}-1` },
			{ accountId, codeHash: `recovery-hash-${name}-2`, usedAt: T0 }
		]);
	await db()
		.insert(passkeys)
		.values({
			id: `credential-${name}`,
			accountId,
			publicKey: `public-key-${name}`,
			name: `Laptop of ${name}`
		});
	await issueCode(db(), accountId, 'password_reset');
	await queueMail(db(), email, 'de', {
		kind: 'password_reset_code',
		name,
		code: MAIL_CODE,
		minutes: 30
	});
	await recordLoginAttempt(email, '10.9.9.9', false);
	const [c] = await db()
		.insert(cases)
		.values({
			reference: `S360-2026-${name}`,
			type: 'sick_note',
			schoolId,
			subjectPersonId: personId,
			createdByAccountId: accountId,
			status: 'submitted'
		})
		.returning({ id: cases.id });
	await db()
		.insert(caseEvents)
		.values([
			{
				caseId: c.id,
				actorAccountId: accountId,
				kind: 'created',
				data: { note: `Fieber (${name})` }
			},
			{ caseId: c.id, actorAccountId: null, kind: 'acknowledged', data: {} }
		]);
	await db()
		.insert(attachments)
		.values({
			caseId: c.id,
			uploadedByAccountId: accountId,
			fileName: `attest-${name}.pdf`,
			storageKey: `storage-key-${name}`,
			sha256: 'ab'.repeat(32),
			mimeType: 'application/pdf',
			sizeBytes: 1234
		});
	await recordAudit(db(), {
		actorAccountId: accountId,
		action: 'case.created',
		resourceType: 'case',
		resourceId: c.id
	});
	const actor = await actorFor(accountId, sessionId);
	return {
		actor,
		personId,
		accountId,
		email,
		sessionId,
		caseReference: `S360-2026-${name}`,
		storageKey: `storage-key-${name}`
	} satisfies Someone;
}

let jana: Someone;
let kemal: Someone;
let guardian: { actor: Actor; personId: string };

beforeAll(async () => {
	setClock(T0);
	const schoolId = await createSchool({ name: 'Gewerbliche Schule Export' });
	const classId = await createClass({ schoolId, name: 'EX1' });
	jana = await studentWithEverything('Jana', schoolId, classId);
	kemal = await studentWithEverything('Kemal', schoolId, classId); // same class, same school
	const g = await createAccount({ givenNames: 'Gudrun' });
	await grantRole(g.personId, 'guardian', { schoolId });
	await addGuardianship(g.personId, jana.personId);
	await db()
		.insert(consents)
		.values({ studentPersonId: jana.personId, guardianPersonId: g.personId, scope: 'absences' });
	guardian = { actor: await actorFor(g.accountId), personId: g.personId };
	// A staff member reads Jana's record: an audit entry about her, by someone else.
	const secretary = await createAccount({ givenNames: 'Sabine' });
	await recordAudit(db(), {
		actorAccountId: secretary.accountId,
		action: 'person.viewed',
		resourceType: 'person',
		resourceId: jana.personId
	});
	setClock(undefined);
});

const secretsOf = async (s: Someone) => {
	const [account] = await db().select().from(accounts).where(eq(accounts.id, s.accountId));
	const codes = await db()
		.select()
		.from(oneTimeCodes)
		.where(eq(oneTimeCodes.accountId, s.accountId));
	return [
		account.passwordHash!,
		s.sessionId,
		s.sessionId.slice(0, 16),
		s.storageKey,
		MAIL_CODE,
		TOTP_SECRET,
		...codes.map((c) => c.codeHash),
		'recovery-hash',
		'public-key-',
		'credential-'
	];
};

describe('exportMyData', () => {
	it('has every section, filled with the person’s own data', async () => {
		const data = await exportMyData(jana.actor);
		expect(data.person).toMatchObject({
			id: jana.personId,
			givenNames: 'Jana',
			birthDate: '2004-02-02'
		});
		expect(data.account).toMatchObject({
			id: jana.accountId,
			email: jana.email,
			hasPassword: true,
			pendingEmail: null
		});
		expect(data.account.secondFactor).toMatchObject({
			authenticatorApp: { confirmedAt: T0 },
			recoveryCodes: { total: 2, unused: 1 },
			passkeys: [{ name: 'Laptop of Jana' }]
		});
		expect(data.account.oneTimeCodes).toMatchObject([
			{ purpose: 'password_reset', failedAttempts: 0 }
		]);
		expect(data.sessions).toMatchObject([
			{ userAgent: 'Browser of Jana', ip: '10.1.1.1', thisDevice: true }
		]);
		expect(data.roles).toMatchObject([{ role: 'student', school: 'Gewerbliche Schule Export' }]);
		expect(data.classes).toMatchObject([{ class: 'EX1', role: 'student' }]);
		expect(data.guardianships.guardians).toMatchObject([
			{ guardian: expect.stringContaining('Gudrun') }
		]);
		expect(data.apprenticeships).toMatchObject([
			{ company: 'Betrieb von Jana', startsOn: '2025-09-01' }
		]);
		expect(data.consents.given).toMatchObject([
			{ scope: 'absences', toGuardian: expect.stringContaining('Gudrun'), toCompany: null }
		]);
		expect(data.cases).toHaveLength(1);
		expect(data.cases[0]).toMatchObject({
			reference: jana.caseReference,
			subject: 'self',
			createdByMe: true,
			events: [
				{ kind: 'created', byMe: true, data: { note: 'Fieber (Jana)' } },
				{ kind: 'acknowledged', byMe: false }
			],
			attachments: [{ fileName: 'attest-Jana.pdf', sizeBytes: 1234, uploadedByMe: true }]
		});
		expect(data.mails).toMatchObject([
			{ to: jana.email, subject: 'Ihr Code zum Zurücksetzen des Passworts' }
		]);
		expect(data.mails[0].text).toContain('••••••••');
		expect(data.loginAttempts).toMatchObject([{ email: jana.email, succeeded: false }]);
		const actions = data.auditLog.map((a) => a.action);
		expect(actions).toEqual(expect.arrayContaining(['case.created', 'person.viewed']));
		// Someone else's entry about her: what and when, not from where.
		expect(data.auditLog.find((a) => a.action === 'person.viewed')).toMatchObject({
			byMe: false,
			ip: null
		});
	});

	it('holds nothing of a classmate and no secrets', async () => {
		const text = JSON.stringify(await exportMyData(jana.actor));
		for (const foreign of [
			'Kemal',
			kemal.email,
			kemal.caseReference,
			kemal.personId,
			kemal.accountId
		])
			expect(text, foreign).not.toContain(foreign);
		for (const secret of await secretsOf(jana)) expect(text, secret).not.toContain(secret);
		expect(text).not.toMatch(/passwordHash|codeHash|storageKey|"secret"/);
	});

	it('shows a guardian their child and the consent received, and none of the child’s records', async () => {
		const data = await exportMyData(guardian.actor);
		expect(data.guardianships.children).toMatchObject([{ child: expect.stringContaining('Jana') }]);
		expect(data.consents.received).toMatchObject([
			{ scope: 'absences', fromStudent: expect.stringContaining('Jana') }
		]);
		const text = JSON.stringify(data);
		for (const foreign of [jana.email, jana.caseReference, 'Fieber', 'attest-Jana'])
			expect(text).not.toContain(foreign);
	});

	it('keeps mails to an earlier login address and a pending one', async () => {
		const newEmail = `neu-${jana.accountId}@mail.example`;
		const result = await requestEmailChange(jana.actor, { newEmail, password: TEST_PASSWORD });
		expect(result.ok).toBe(true);
		const data = await exportMyData(jana.actor);
		expect(data.account.pendingEmail).toBe(newEmail);
		expect(data.mails.map((m) => m.to)).toEqual(expect.arrayContaining([jana.email, newEmail]));
		expect(JSON.stringify(data)).not.toMatch(/^\d{8}$/m);
		for (const m of data.mails) expect(m.text).not.toMatch(/\b\d{8}\b/);
	});

	it('is audit-logged and named by the day', async () => {
		const before = (
			await db().select().from(auditLog).where(eq(auditLog.action, 'account.data_exported'))
		).length;
		await exportMyData(kemal.actor);
		const after = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'account.data_exported'));
		expect(after.length).toBe(before + 1);
		expect(after.at(-1)).toMatchObject({
			actorAccountId: kemal.accountId,
			resourceId: kemal.personId
		});
		expect(exportFileName()).toBe('schule360-meine-daten-2026-03-16.json');
	});

	it('includes the details of a sick note, without the device’s client id', async () => {
		const schoolId = await createSchool();
		const classId = await createClass({ schoolId, name: 'EX2' });
		const lina = await createAccount({ givenNames: 'Lina', birthDate: '2004-04-04' });
		await grantRole(lina.personId, 'student', { schoolId });
		await addToClass(lina.personId, classId, 'student');
		const actor = await actorFor(lina.accountId);
		const reported = await reportSickNote(actor, {
			studentPersonId: lina.personId,
			firstDay: '2026-03-16',
			lastDay: null,
			lessonFrom: null,
			lessonTo: null,
			note: 'Bin beim Arzt',
			clientId: 'device-key-123'
		});
		expect(reported.ok).toBe(true);
		const data = await exportMyData(actor);
		expect(data.cases).toHaveLength(1);
		expect(data.cases[0].sickNote).toMatchObject({
			firstDay: '2026-03-16',
			lastDay: null,
			note: 'Bin beim Arzt',
			reportedAs: 'student',
			reportedByMe: true
		});
		expect(JSON.stringify(data)).not.toContain('device-key-123');
	});

	it('accounts for every table of the schema (a new table must be exported or explained)', () => {
		const tables = Object.values(schema)
			.filter((t) => is(t, PgTable))
			.map((t) => getTableName(t as PgTable))
			.sort();
		expect(Object.keys(EXPORT_COVERAGE).sort()).toEqual(tables);
	});
});

describe('a person with many rows', () => {
	it('is exported within seconds', async () => {
		// 1,000 cases with 5 events and an attachment each, 10,000 audit entries, 2,000 mails and
		// 2,000 sign-in attempts, among 1,000 mails to someone else.
		const schoolId = await createSchool();
		const busy = await createAccount({ givenNames: 'Viel' });
		const other = await createAccount({ givenNames: 'Andere' });
		const caseRows = await db()
			.insert(cases)
			.values(
				Array.from({ length: 1000 }, (_, i) => ({
					reference: `BULK-${i}`,
					type: 'sick_note',
					schoolId,
					subjectPersonId: busy.personId,
					createdByAccountId: busy.accountId,
					status: 'submitted'
				}))
			)
			.returning({ id: cases.id });
		for (let i = 0; i < caseRows.length; i += 200) {
			const chunk = caseRows.slice(i, i + 200);
			await db()
				.insert(caseEvents)
				.values(
					chunk.flatMap((c) =>
						Array.from({ length: 5 }, (_, k) => ({
							caseId: c.id,
							actorAccountId: busy.accountId,
							kind: `step-${k}`,
							data: { k }
						}))
					)
				);
			await db()
				.insert(attachments)
				.values(
					chunk.map((c) => ({
						caseId: c.id,
						uploadedByAccountId: busy.accountId,
						fileName: 'a.pdf',
						storageKey: `bulk-${c.id}`,
						sha256: 'cd'.repeat(32),
						mimeType: 'application/pdf',
						sizeBytes: 10
					}))
				);
		}
		for (let i = 0; i < 10_000; i += 1000)
			await db()
				.insert(auditLog)
				.values(
					Array.from({ length: 1000 }, (_, k) => ({
						actorAccountId: busy.accountId,
						action: 'case.viewed',
						resourceType: 'case',
						resourceId: String(i + k),
						details: {}
					}))
				);
		for (let i = 0; i < 3; i++)
			await db()
				.insert(schema.jobs)
				.values(
					Array.from({ length: 1000 }, (_, k) => ({
						name: 'mail.send.v1',
						payload: {
							to: i < 2 ? busy.email : other.email,
							subject: `Nachricht ${i}-${k}`,
							text: 'Hallo'
						}
					}))
				);
		await db()
			.insert(schema.loginAttempts)
			.values(
				Array.from({ length: 2000 }, () => ({ key: `email:${busy.email}`, succeeded: true }))
			);

		const actor = await actorFor(busy.accountId);
		const started = performance.now();
		const data = await exportMyData(actor);
		const json = JSON.stringify(data);
		const ms = Math.round(performance.now() - started);
		console.info(
			`export of a person with ${data.cases.length} cases, ${data.auditLog.length} audit entries, ${data.mails.length} mails, ${data.loginAttempts.length} sign-in attempts: ${ms} ms, ${Math.round(json.length / 1024)} KB`
		);
		expect(data.cases).toHaveLength(1000);
		expect(data.cases.every((c) => c.events.length === 5 && c.attachments.length === 1)).toBe(true);
		expect(data.auditLog.length).toBeGreaterThanOrEqual(10_000);
		expect(data.mails).toHaveLength(2000);
		expect(data.loginAttempts).toHaveLength(2000);
		expect(ms).toBeLessThan(5000);
	}, 120_000);
});
