// Absence statistics (issue 4, item 7): per class and per student over a period, school days and
// lessons absent, split by the class teacher's decision (excused, unexcused, still open). Counting
// rules: working days only (Monday to Friday without public holidays); the period clips the
// absence; an open last day counts up to today; a report of some lessons on one day counts those
// lessons, a report of whole days counts days.
// Counted in SQL (generate_series over the days). The office sees its school, the class teacher
// their class; every CSV export is audit-logged.
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { isDay, addDays } from '../../sick-note-rules';
import { recordAudit } from '../audit/service';
import { schoolDay } from '../clock';
import { db } from '../db';
import { notFound } from '../errors';
import type { FieldErrors } from '../errors';
import { classes, schoolYears } from '../identity/schema';
import { authorize, type Actor } from '../policy';
import { countAbsences, type CountedRow } from './statistics-query';

/** The longest period one table may cover (two school years). */
export const MAX_PERIOD_DAYS = 731;

export interface Split {
	excused: number;
	unexcused: number;
	open: number;
	total: number;
}
export interface Figures {
	days: Split;
	lessons: Split;
	reports: number;
}
export interface StudentFigures extends Figures {
	personId: string;
	name: string;
}
export interface ClassFigures extends Figures {
	classId: string;
	className: string;
	students: StudentFigures[];
}
export interface AbsenceStatistics {
	from: string;
	to: string;
	/** The chosen class's name; null for all classes of the school. */
	className: string | null;
	classes: ClassFigures[];
	total: Figures;
}

export type StatisticsScope = { classId: string } | { schoolId: string };
export interface StatisticsPeriod {
	from: string;
	to: string;
}

const emptyFigures = (): Figures => ({
	days: { excused: 0, unexcused: 0, open: 0, total: 0 },
	lessons: { excused: 0, unexcused: 0, open: 0, total: 0 },
	reports: 0
});

function add(into: Figures, row: Figures) {
	for (const unit of ['days', 'lessons'] as const)
		for (const part of ['excused', 'unexcused', 'open', 'total'] as const)
			into[unit][part] += row[unit][part];
	into.reports += row.reports;
}

const figuresOf = (r: CountedRow): Figures => ({
	days: {
		excused: r.daysExcused,
		unexcused: r.daysUnexcused,
		open: r.daysOpen,
		total: r.daysExcused + r.daysUnexcused + r.daysOpen
	},
	lessons: {
		excused: r.lessonsExcused,
		unexcused: r.lessonsUnexcused,
		open: r.lessonsOpen,
		total: r.lessonsExcused + r.lessonsUnexcused + r.lessonsOpen
	},
	reports: r.reports
});

/** The default period: the current school year so far (or the last 12 months without one). */
export async function defaultPeriod(today = schoolDay()): Promise<StatisticsPeriod> {
	const [year] = await db()
		.select({ startsOn: schoolYears.startsOn })
		.from(schoolYears)
		.where(and(lte(schoolYears.startsOn, today), gte(schoolYears.endsOn, today)))
		.orderBy(asc(schoolYears.startsOn))
		.limit(1);
	return { from: year?.startsOn ?? addDays(today, -364), to: today };
}

/** The period's fields, one message key per field. */
export function validatePeriod(from: string, to: string): FieldErrors {
	const errors: FieldErrors = {};
	if (!isDay(from)) errors.from = 'stats_error_from_invalid';
	if (!isDay(to)) errors.to = 'stats_error_to_invalid';
	else if (isDay(from) && to < from) errors.to = 'stats_error_to_before_from';
	else if (isDay(from) && to > addDays(from, MAX_PERIOD_DAYS - 1))
		errors.to = 'stats_error_period_too_long';
	return errors;
}

/**
 * The period asked for in a query string (`von`, `bis`), the default where absent. With errors,
 * `period` is null and `values` keeps what was typed.
 */
export async function readPeriod(params: URLSearchParams) {
	const fallback = await defaultPeriod();
	const values = {
		from: params.get('von')?.trim() || fallback.from,
		to: params.get('bis')?.trim() || fallback.to
	};
	const errors = validatePeriod(values.from, values.to);
	const period: StatisticsPeriod | null = Object.keys(errors).length ? null : values;
	return { values, errors, period, fallback };
}

/** The class with its school, after asking the policy (404 when not the actor's). */
async function resolveScope(actor: Actor, scope: StatisticsScope) {
	if ('schoolId' in scope) {
		authorize(actor, 'absences.statistics', { type: 'school', schoolId: scope.schoolId });
		return { schoolId: scope.schoolId, classId: null, className: null };
	}
	const [row] = /^[0-9a-f-]{36}$/i.test(scope.classId)
		? await db()
				.select({ id: classes.id, schoolId: classes.schoolId, name: classes.name })
				.from(classes)
				.where(eq(classes.id, scope.classId))
		: [];
	if (!row) return notFound();
	authorize(actor, 'absences.statistics', {
		type: 'class',
		classId: row.id,
		schoolId: row.schoolId
	});
	return { schoolId: row.schoolId, classId: row.id, className: row.name };
}

/** The figures per class (and per student) of the scope over the period (validated before). */
export async function absenceStatistics(
	actor: Actor,
	scope: StatisticsScope,
	period: StatisticsPeriod
): Promise<AbsenceStatistics> {
	const resolved = await resolveScope(actor, scope);
	const rows = await countAbsences({
		schoolId: resolved.schoolId,
		classId: resolved.classId,
		from: period.from,
		to: period.to,
		today: schoolDay()
	});
	const byClass = new Map<string, ClassFigures>();
	const total = emptyFigures();
	for (const r of rows) {
		let c = byClass.get(r.classId);
		if (!c) {
			c = { classId: r.classId, className: r.className, students: [], ...emptyFigures() };
			byClass.set(r.classId, c);
		}
		const figures = figuresOf(r);
		c.students.push({ personId: r.personId, name: r.name, ...figures });
		add(c, figures);
		add(total, figures);
	}
	return { ...period, className: resolved.className, classes: [...byClass.values()], total };
}

/** Classes the office may choose: the school's classes of the school years the period touches. */
export async function statisticsClasses(actor: Actor, schoolId: string, period: StatisticsPeriod) {
	authorize(actor, 'absences.statistics', { type: 'school', schoolId });
	return db()
		.select({ id: classes.id, name: classes.name })
		.from(classes)
		.innerJoin(schoolYears, eq(schoolYears.id, classes.schoolYearId))
		.where(
			and(
				eq(classes.schoolId, schoolId),
				lte(schoolYears.startsOn, period.to),
				gte(schoolYears.endsOn, period.from)
			)
		)
		.orderBy(asc(classes.name));
}

/** One CSV field: quoted when it holds the separator, a quote or a line break. */
export function csvField(value: string | number): string {
	let text = String(value);
	// A name starting with = + - @ would run as a formula in Excel (CSV injection).
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[;"\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Semicolon-separated, CRLF line ends, UTF-8 with BOM: what Excel in German opens directly. */
export function toCsv(rows: (string | number)[][]): string {
	return '\uFEFF' + rows.map((r) => r.map(csvField).join(';') + '\r\n').join('');
}

export const CSV_HEADER = [
	'Klasse',
	'Schülerin/Schüler',
	'Tage entschuldigt',
	'Tage unentschuldigt',
	'Tage offen',
	'Tage gesamt',
	'Stunden entschuldigt',
	'Stunden unentschuldigt',
	'Stunden offen',
	'Stunden gesamt',
	'Meldungen'
];

/** File name part: letters, digits and dashes only. */
const slug = (name: string) =>
	name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.toLowerCase() || 'klasse';

/** The export: one row per student, the file name, and an audit entry. */
export async function statisticsCsv(
	actor: Actor,
	scope: StatisticsScope,
	period: StatisticsPeriod
): Promise<{ fileName: string; body: string }> {
	const stats = await absenceStatistics(actor, scope, period);
	const rows: (string | number)[][] = [CSV_HEADER];
	for (const c of stats.classes)
		for (const s of c.students)
			rows.push([
				c.className,
				s.name,
				s.days.excused,
				s.days.unexcused,
				s.days.open,
				s.days.total,
				s.lessons.excused,
				s.lessons.unexcused,
				s.lessons.open,
				s.lessons.total,
				s.reports
			]);
	const label = stats.className === null ? 'alle' : slug(stats.className);
	await recordAudit(db(), {
		actorAccountId: actor.accountId,
		action: 'absences.statistics_export',
		resourceType: 'classId' in scope ? 'class' : 'school',
		resourceId: 'classId' in scope ? scope.classId : scope.schoolId,
		details: { from: period.from, to: period.to, rows: rows.length - 1 }
	});
	return { fileName: `fehlzeiten-${label}-${period.from}-${period.to}.csv`, body: toCsv(rows) };
}
