// "Meine Kinder": the guardian's children with school and class, and when legal representation
// ends (the 18th birthday; DESIGN.md: guardians act for minors only).
import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { schoolDay } from '../clock';
import { db } from '../db';
import type { Actor } from '../policy';
import { isMinorOn } from './age';
import { classes, classMemberships, guardianships, people, schools } from './schema';

export interface Child {
	personId: string;
	name: string;
	places: { schoolName: string; className: string }[];
	/** The 18th birthday (YYYY-MM-DD), or null when the birth date is unknown. */
	adultFrom: string | null;
	adult: boolean;
}

/** Born 29 February: 18 on 1 March in a common year (as ageOn counts). */
export function eighteenthBirthday(birthDate: string) {
	const year = Number(birthDate.slice(0, 4)) + 18;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return birthDate.slice(5) === '02-29' && !leap ? `${year}-03-01` : `${year}${birthDate.slice(4)}`;
}

/** Children the actor is guardian of today (own guardianships only, so no policy question). */
export async function myChildren(actor: Actor): Promise<Child[]> {
	const today = schoolDay();
	const rows = await db()
		.select({
			personId: people.id,
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate,
			schoolName: schools.name,
			className: classes.name
		})
		.from(guardianships)
		.innerJoin(people, eq(people.id, guardianships.studentPersonId))
		.leftJoin(
			classMemberships,
			and(
				eq(classMemberships.personId, people.id),
				eq(classMemberships.role, 'student'),
				lte(classMemberships.validFrom, today),
				or(isNull(classMemberships.validTo), gte(classMemberships.validTo, today))
			)
		)
		.leftJoin(classes, eq(classes.id, classMemberships.classId))
		.leftJoin(schools, eq(schools.id, classes.schoolId))
		.where(
			and(
				eq(guardianships.guardianPersonId, actor.personId),
				lte(guardianships.validFrom, today),
				or(isNull(guardianships.validTo), gte(guardianships.validTo, today))
			)
		);
	const children = new Map<string, Child>();
	for (const r of rows) {
		let child = children.get(r.personId);
		if (!child) {
			child = {
				personId: r.personId,
				name: `${r.givenNames} ${r.familyName}`,
				places: [],
				adultFrom: r.birthDate ? eighteenthBirthday(r.birthDate) : null,
				adult: r.birthDate ? !isMinorOn(r.birthDate, today) : false
			};
			children.set(r.personId, child);
		}
		if (r.schoolName && r.className)
			child.places.push({ schoolName: r.schoolName, className: r.className });
	}
	return [...children.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
}
