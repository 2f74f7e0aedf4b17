// The counting query behind the absence statistics: one row per class and student, with the
// students of the class during the period (none absent: zeros) and everyone with a report filed in
// the class. Days are working days (Monday to Friday without public holidays) within the period;
// an open last day runs to today (or to the close); a report of some lessons on one day counts
// lessons, not a day. The caller has asked the policy.
import { sql } from 'drizzle-orm';
import { db } from '../db';
import { weekdayHolidaysBetween } from './working-days';

export interface CountedRow {
	classId: string;
	className: string;
	personId: string;
	name: string;
	daysExcused: number;
	daysUnexcused: number;
	daysOpen: number;
	lessonsExcused: number;
	lessonsUnexcused: number;
	lessonsOpen: number;
	reports: number;
}

export async function countAbsences(q: {
	schoolId: string;
	classId: string | null;
	from: string;
	to: string;
	today: string;
}): Promise<CountedRow[]> {
	const from = sql`${q.from}::date`;
	const to = sql`${q.to}::date`;
	const today = sql`${q.today}::date`;
	// An open last day runs to today, or to the day the case was closed without one.
	const openEnd = sql`coalesce(sn.last_day, least(${today}, (sn.closed_at at time zone 'Europe/Berlin')::date))`;
	// As a text list: the same parameter works on postgres.js and PGlite; '' is the empty array.
	const holidays = sql`string_to_array(${weekdayHolidaysBetween(q.from, q.to).join(',')}, ',')::date[]`;
	const workingDay = (day: string) =>
		sql`(extract(isodow from ${sql.raw(day)}) < 6 and ${sql.raw(day)}::date <> all(${holidays}))`;
	const inClass = (column: string) =>
		q.classId ? sql`and ${sql.raw(column)} = ${q.classId}::uuid` : sql``;
	const result = await db().execute(sql`
		with members as (
			select cm.class_id, cm.person_id
			from class_memberships cm join classes c on c.id = cm.class_id
			where c.school_id = ${q.schoolId}::uuid ${inClass('c.id')}
				and cm.role = 'student' and cm.valid_from <= ${to}
				and (cm.valid_to is null or cm.valid_to >= ${from})
		),
		clipped as (
			select sn.class_id, sn.student_person_id as person_id, sn.decision, sn.lesson_from,
				sn.lesson_to, greatest(sn.first_day, ${from}) as f,
				least(${openEnd}, ${to}) as t
			from sick_notes sn
			where sn.school_id = ${q.schoolId}::uuid ${inClass('sn.class_id')}
				and sn.first_day <= ${to}
				and ${openEnd} >= ${from}
		),
		counted as (
			select class_id, person_id, decision,
				case when lesson_from is null then (
					select count(*) from generate_series(f, t, interval '1 day') d
					where ${workingDay('d')}
				) else 0 end as days,
				case when lesson_from is not null and ${workingDay('f')}
					then lesson_to - lesson_from + 1 else 0 end as lessons
			from clipped where f <= t
		),
		keys as (
			select class_id, person_id from members
			union select class_id, person_id from counted
		)
		select k.class_id as "classId", c.name as "className", k.person_id as "personId",
			p.family_name || ', ' || p.given_names as name,
			coalesce(sum(x.days) filter (where x.decision = 'excused'), 0)::int as "daysExcused",
			coalesce(sum(x.days) filter (where x.decision = 'unexcused'), 0)::int as "daysUnexcused",
			coalesce(sum(x.days) filter (where x.decision is null), 0)::int as "daysOpen",
			coalesce(sum(x.lessons) filter (where x.decision = 'excused'), 0)::int as "lessonsExcused",
			coalesce(sum(x.lessons) filter (where x.decision = 'unexcused'), 0)::int as "lessonsUnexcused",
			coalesce(sum(x.lessons) filter (where x.decision is null), 0)::int as "lessonsOpen",
			count(x.person_id)::int as reports
		from keys k
		join classes c on c.id = k.class_id
		join people p on p.id = k.person_id
		left join counted x on x.class_id = k.class_id and x.person_id = k.person_id
		group by k.class_id, c.name, k.person_id, p.family_name, p.given_names
		order by c.name, p.family_name, p.given_names, k.person_id`);
	const rows = (
		Array.isArray(result) ? result : (result as { rows: unknown[] }).rows
	) as CountedRow[];
	// The database's collation need not know German ("Çetin" after "Yılmaz" under C): sort here.
	const german = new Intl.Collator('de');
	return rows.sort(
		(a, b) => german.compare(a.className, b.className) || german.compare(a.name, b.name)
	);
}
