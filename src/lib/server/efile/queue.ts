// Builds the e-file job of a closed case from what is stored (see efile/jobs.ts for the contract)
// and enqueues it in the caller's transaction. Generic over case types: any module that closes a
// case with a summary attachment can use it.
import { asc, eq } from 'drizzle-orm';
import { attachments, cases } from '../cases/schema';
import type { DbOrTx } from '../db';
import { people, schools } from '../identity/schema';
import { enqueue } from '../jobs/queue';
import { efileDeliveryKind, efileExternalId, type EfilePayload } from './jobs';

/** Queues the case once (singleton key = external id); returns the payload that was queued. */
export async function queueCaseForEfile(tx: DbOrTx, caseId: string): Promise<EfilePayload> {
	const [row] = await tx
		.select({
			reference: cases.reference,
			type: cases.type,
			closedAt: cases.closedAt,
			schoolId: schools.id,
			schoolCode: schools.code,
			schoolName: schools.name,
			personId: people.id,
			asvId: people.asvId,
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate
		})
		.from(cases)
		.innerJoin(schools, eq(schools.id, cases.schoolId))
		.innerJoin(people, eq(people.id, cases.subjectPersonId))
		.where(eq(cases.id, caseId));
	if (!row) throw new Error(`queueCaseForEfile: no case ${caseId}`);
	if (!row.closedAt) throw new Error(`queueCaseForEfile: case ${row.reference} is not closed`);

	const files = await tx
		.select({
			attachmentId: attachments.id,
			kind: attachments.kind,
			fileName: attachments.fileName,
			mimeType: attachments.mimeType,
			sha256: attachments.sha256,
			sizeBytes: attachments.sizeBytes
		})
		.from(attachments)
		.where(eq(attachments.caseId, caseId))
		.orderBy(asc(attachments.createdAt), asc(attachments.id));
	// The latest summary leads; an older one (a case closed, reopened, closed again) is not sent.
	const summary = files.filter((f) => f.kind === 'summary').at(-1);
	if (!summary) throw new Error(`queueCaseForEfile: case ${row.reference} has no summary`);
	const documents = [summary, ...files.filter((f) => f.kind !== 'summary')];

	const payload: EfilePayload = {
		externalId: efileExternalId(caseId),
		reference: row.reference,
		caseType: row.type,
		closedAt: row.closedAt.toISOString(),
		school: { id: row.schoolId, code: row.schoolCode, name: row.schoolName },
		student: {
			personId: row.personId,
			asvId: row.asvId,
			givenNames: row.givenNames,
			familyName: row.familyName,
			birthDate: row.birthDate
		},
		documents
	};
	await enqueue(tx, efileDeliveryKind, payload, { singletonKey: payload.externalId });
	return payload;
}
