import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { createPerson, createSchool } from '../../../../tests/helpers/factories';
import { storeAttachment } from '../cases/attachment-store';
import { cases } from '../cases/schema';
import { createCase } from '../cases/service';
import { setClock } from '../clock';
import { db } from '../db';
import { registeredJobNames } from '../jobs/registry';
import { jobs } from '../jobs/schema';
import { efileDeliveryKind, efilePayloadSchema } from './jobs';
import { queueCaseForEfile } from './queue';

useTestDatabase();
beforeAll(() => {
	process.env.FILES_DIR = mkdtempSync(path.join(os.tmpdir(), 's360-efile-'));
});

async function someCase() {
	const schoolId = await createSchool();
	const personId = await createPerson({ givenNames: 'Lara', familyName: 'Jansen' });
	return db().transaction((tx) =>
		createCase(tx, null, { type: 'sick_note', schoolId, subjectPersonId: personId, status: 'x' })
	);
}
let minute = 0;
const file = (caseId: string, kind: 'summary' | 'attest', fileName: string) => {
	setClock(new Date(Date.UTC(2026, 2, 16, 9, ++minute)));
	return storeAttachment(db(), {
		caseId,
		uploadedByAccountId: null,
		fileName,
		mimeType: 'application/pdf',
		bytes: new TextEncoder().encode(`%PDF-1.7 ${fileName}`),
		kind
	});
};
const close = (caseId: string) =>
	db().update(cases).set({ closedAt: new Date() }).where(eq(cases.id, caseId));

describe('queueCaseForEfile', () => {
	it('refuses a case that is not closed, or has no summary: the e-file gets complete records only', async () => {
		const c = await someCase();
		await expect(queueCaseForEfile(db(), c.id)).rejects.toThrow(/not closed/);
		await close(c.id);
		await expect(queueCaseForEfile(db(), c.id)).rejects.toThrow(/no summary/);
		const queued = await db().select().from(jobs).where(eq(jobs.name, efileDeliveryKind.name));
		expect(queued.filter((j) => j.singletonKey === `s360:case:${c.id}`)).toEqual([]);
	});

	it('puts the latest summary first, then the other attachments oldest first', async () => {
		const c = await someCase();
		const attest = await file(c.id, 'attest', 'attest.pdf');
		await file(c.id, 'summary', 'alt.pdf');
		const summary = await file(c.id, 'summary', 'neu.pdf');
		setClock(undefined);
		await close(c.id);
		const payload = await queueCaseForEfile(db(), c.id);
		expect(payload.documents.map((d) => d.attachmentId)).toEqual([summary.id, attest.id]);
		expect(payload.student).toMatchObject({ givenNames: 'Lara', familyName: 'Jansen' });
	});

	it('is a kind without a handler: workers leave the job pending for the connector', () => {
		expect(registeredJobNames()).not.toContain('efile.deliver.v1');
		const bad = {
			externalId: 'case-1',
			reference: 'S360-2026-000001',
			caseType: 'sick_note',
			closedAt: 'gestern',
			school: { id: 'x', code: '', name: '' },
			student: { personId: 'x', asvId: null, givenNames: '', familyName: '', birthDate: null },
			documents: []
		};
		const issues = v.safeParse(efilePayloadSchema, bad).issues?.map((i) => v.getDotPath(i));
		expect(issues).toEqual(
			expect.arrayContaining(['externalId', 'closedAt', 'school.id', 'school.code', 'documents'])
		);
	});
});
