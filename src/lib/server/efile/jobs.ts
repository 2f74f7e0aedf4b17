// E-file delivery (E-Akte): the contract between a closed case and the connector that files it.
//
// - When a case is closed, its service calls `queueCaseForEfile(tx, caseId)` (efile/queue.ts) in
//   the SAME transaction as the close: the job exists if and only if the close was saved.
// - The job `efile.deliver.v1` carries the index data the e-file needs to find the student's file
//   (Schülerakte) and the list of documents, the generated summary PDF first. It does not carry
//   the bytes: the handler reads each document with `readAttachment` and must check its SHA-256.
// - `externalId` (`s360:case:<caseId>`) is stable and doubles as the singleton key, so a case is
//   queued once; the connector sends it as the foreign reference (xdomea `FremdesGeschaeftszeichen`)
//   so that a repeated delivery is recognised by the e-file and does not file the record twice.
// - Only this kind is defined here, no handler: workers claim only registered kinds, so the jobs
//   wait as `pending` until the connector (a later issue) registers a handler for this name in
//   jobs/definitions.ts. A changed payload gets a new name (`efile.deliver.v2`), never an edit here.
//
// Field names follow xdomea 3.0.0 where it has one (FVDaten.SGOAblegen.0605): reference ≈
// Geschaeftszeichen, school.code ≈ Behoerdenschluessel (Dienststellennummer), student ≈
// NameNatuerlichePerson + Geburt, documents ≈ Dokument/Version/Format (Dateiname, MIME type).
import * as v from 'valibot';
import { ATTACHMENT_KINDS } from '../cases/schema';
import type { JobKind } from '../jobs/registry';

const uuid = v.pipe(v.string(), v.uuid());
const day = v.nullable(v.pipe(v.string(), v.isoDate()));

export const efileDocumentSchema = v.object({
	attachmentId: uuid,
	kind: v.picklist(ATTACHMENT_KINDS),
	fileName: v.pipe(v.string(), v.minLength(1)),
	mimeType: v.pipe(v.string(), v.minLength(1)),
	sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
	sizeBytes: v.pipe(v.number(), v.integer(), v.minValue(0))
});

export const efilePayloadSchema = v.object({
	externalId: v.pipe(v.string(), v.regex(/^s360:case:[0-9a-f-]{36}$/)),
	reference: v.pipe(v.string(), v.minLength(1)),
	caseType: v.pipe(v.string(), v.minLength(1)),
	/** When the case was closed (ISO 8601): the record is complete from then on. */
	closedAt: v.pipe(v.string(), v.isoTimestamp()),
	school: v.object({ id: uuid, code: v.pipe(v.string(), v.minLength(1)), name: v.string() }),
	student: v.object({
		personId: uuid,
		/** The ASV-BW id: the key of the student's file in the school administration. */
		asvId: v.nullable(v.string()),
		givenNames: v.string(),
		familyName: v.string(),
		birthDate: day
	}),
	/** The summary PDF first, then every attachment of the case, oldest first. */
	documents: v.pipe(v.array(efileDocumentSchema), v.minLength(1))
});

export type EfilePayload = v.InferOutput<typeof efilePayloadSchema>;
export type EfileDocument = v.InferOutput<typeof efileDocumentSchema>;

export const efileDeliveryKind: JobKind<typeof efilePayloadSchema> = {
	name: 'efile.deliver.v1',
	payload: efilePayloadSchema,
	// The e-file may be down for a day (maintenance windows): the backoff caps at an hour.
	maxAttempts: 30
};

export const efileExternalId = (caseId: string) => `s360:case:${caseId}`;
