// Read models for the staff and district start pages: schools with their size.
import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { schoolDay } from '../clock';
import { db } from '../db';
import { authorize, staffSchoolIds, type Actor } from '../policy';
import { classes, classMemberships, schoolYears, schools } from './schema';

async function schoolFigures(schoolIds: string[]) {
	if (schoolIds.length === 0) return [];
	const today = schoolDay();
	const rows = await db()
		.select({
			id: schools.id,
			name: schools.name,
			shortName: schools.shortName,
			classCount: sql<number>`count(distinct ${classes.id})`,
			studentCount: sql<number>`count(distinct ${classMemberships.personId}) filter (where ${classMemberships.role} = 'student')`
		})
		.from(schools)
		.leftJoin(classes, eq(classes.schoolId, schools.id))
		.leftJoin(
			schoolYears,
			and(
				eq(schoolYears.id, classes.schoolYearId),
				sql`${schoolYears.startsOn} <= ${today}`,
				sql`${schoolYears.endsOn} >= ${today}`
			)
		)
		.leftJoin(
			classMemberships,
			and(eq(classMemberships.classId, classes.id), isNull(classMemberships.validTo))
		)
		.where(inArray(schools.id, schoolIds))
		.groupBy(schools.id)
		.orderBy(schools.name);
	return rows.map((r) => ({
		...r,
		classCount: Number(r.classCount),
		studentCount: Number(r.studentCount)
	}));
}

/** The schools a staff member works at, with their size. */
export async function myStaffSchools(actor: Actor) {
	const ids = staffSchoolIds(actor);
	for (const schoolId of ids) authorize(actor, 'school.view', { type: 'school', schoolId });
	return schoolFigures(ids);
}

/** All schools of the district, for the district office. */
export async function districtSchools(actor: Actor) {
	authorize(actor, 'district.view', { type: 'district' });
	const ids = (await db().select({ id: schools.id }).from(schools)).map((s) => s.id);
	return schoolFigures(ids);
}

export async function countSchools() {
	const [{ n }] = await db().select({ n: count() }).from(schools);
	return Number(n);
}
