// "Meine Anliegen": the cases a family member follows, newest first; sick notes with their period.
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import { cases } from '../cases/schema';
import { ownAndWardPersonIds } from '../cases/service';
import { db } from '../db';
import { people, schools } from '../identity/schema';
import type { Actor } from '../policy';
import { sickNotes } from './schema';
import { SICK_NOTE_CASE_TYPE } from './sick-notes';

/**
 * "Meine Anliegen": the actor's own cases and those of their minor wards, plus the sick notes of
 * an adult who gave the (former) guardian the 'absences' consent. Sick notes carry their period.
 */
export async function familyCaseList(actor: Actor, limit = 100) {
	const own = ownAndWardPersonIds(actor);
	const consented = actor.consents
		.filter((c) => c.guardianPersonId === actor.personId && c.scope === 'absences')
		.map((c) => c.studentPersonId)
		.filter((id) => !own.includes(id));
	const rows = await db()
		.select({
			reference: cases.reference,
			type: cases.type,
			status: cases.status,
			updatedAt: cases.updatedAt,
			schoolName: schools.shortName,
			givenNames: people.givenNames,
			familyName: people.familyName,
			firstDay: sickNotes.firstDay,
			lastDay: sickNotes.lastDay
		})
		.from(cases)
		.innerJoin(schools, eq(schools.id, cases.schoolId))
		.innerJoin(people, eq(people.id, cases.subjectPersonId))
		.leftJoin(sickNotes, eq(sickNotes.caseId, cases.id))
		.where(
			or(
				inArray(cases.subjectPersonId, own),
				consented.length > 0
					? and(inArray(cases.subjectPersonId, consented), eq(cases.type, SICK_NOTE_CASE_TYPE))
					: undefined
			)
		)
		.orderBy(desc(cases.updatedAt))
		.limit(limit);
	return rows.map((r) => ({
		reference: r.reference,
		type: r.type,
		status: r.status,
		updatedAt: r.updatedAt,
		schoolName: r.schoolName,
		subjectName: `${r.givenNames} ${r.familyName}`,
		period: r.firstDay ? { firstDay: r.firstDay, lastDay: r.lastDay } : null
	}));
}
