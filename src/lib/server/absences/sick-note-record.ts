// Loads one sick note with its case and the policy resource that every desk, family and company
// use case asks about. The subject's classes include the class the note was filed in, so the class
// teacher of that class keeps seeing it after a class change.
import { eq } from 'drizzle-orm';
import { cases } from '../cases/schema';
import { db, type DbOrTx } from '../db';
import { loadPersonRef } from '../identity/person-ref';
import type { Resource } from '../policy';
import { sickNotes, type SickNoteStatus } from './schema';

export type SickNoteCaseResource = Extract<Resource, { type: 'case' }>;

export async function loadSickNote(
	by: { caseId: string } | { reference: string },
	tx: DbOrTx = db()
) {
	const [row] = await tx
		.select({
			note: sickNotes,
			reference: cases.reference,
			status: cases.status,
			caseCreatedAt: cases.createdAt,
			caseUpdatedAt: cases.updatedAt
		})
		.from(sickNotes)
		.innerJoin(cases, eq(cases.id, sickNotes.caseId))
		.where('caseId' in by ? eq(cases.id, by.caseId) : eq(cases.reference, by.reference))
		.limit(1);
	if (!row) return null;
	const person = await loadPersonRef(row.note.studentPersonId, tx);
	if (!person) return null;
	const subject = {
		...person,
		classIds: [...new Set([...person.classIds, row.note.classId])],
		schoolIds: [...new Set([...person.schoolIds, row.note.schoolId])]
	};
	const resource: SickNoteCaseResource = {
		type: 'case',
		caseType: 'sick_note',
		schoolId: row.note.schoolId,
		sensitive: true,
		subject
	};
	return {
		...row.note,
		reference: row.reference,
		status: row.status as SickNoteStatus,
		caseCreatedAt: row.caseCreatedAt,
		caseUpdatedAt: row.caseUpdatedAt,
		resource
	};
}

export type SickNoteRecord = NonNullable<Awaited<ReturnType<typeof loadSickNote>>>;
