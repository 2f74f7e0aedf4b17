import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { schoolDay } from '../clock';
import { db, type DbOrTx } from '../db';
import type { PersonRef } from '../policy';
import { classes, classMemberships, people } from './schema';

/** The policy's view of a person: birth date and the classes and schools they attend today. */
export async function loadPersonRef(
	personId: string,
	tx: DbOrTx = db()
): Promise<PersonRef | null> {
	const today = schoolDay();
	const [person] = await tx
		.select({ birthDate: people.birthDate })
		.from(people)
		.where(eq(people.id, personId));
	if (!person) return null;
	const memberships = await tx
		.select({ classId: classMemberships.classId, schoolId: classes.schoolId })
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.where(
			and(
				eq(classMemberships.personId, personId),
				eq(classMemberships.role, 'student'),
				lte(classMemberships.validFrom, today),
				or(isNull(classMemberships.validTo), gte(classMemberships.validTo, today))
			)
		);
	return {
		personId,
		birthDate: person.birthDate,
		schoolIds: [...new Set(memberships.map((m) => m.schoolId))],
		classIds: memberships.map((m) => m.classId)
	};
}
