import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addToClass,
	createAccount,
	createClass,
	createPerson,
	createSchool,
	createSchoolYear,
	grantRole
} from '../../../../tests/helpers/factories';
import { auditLog } from '../audit/schema';
import { createCase } from '../cases/service';
import { setClock } from '../clock';
import { db } from '../db';
import { sickNotes, type SickNoteDecision } from './schema';
import {
	absenceStatistics,
	csvField,
	defaultPeriod,
	statisticsClasses,
	statisticsCsv,
	toCsv,
	validatePeriod
} from './statistics';

useTestDatabase();

/** Wednesday, 18 March 2026 (Monday was the 16th). */
const NOW = new Date('2026-03-18T08:00:00Z');
beforeEach(() => setClock(NOW));
afterEach(() => setClock(undefined));

let schoolId: string;
let classA: string;
let classB: string;
let reporter: string;
let teacherA: string;
beforeAll(async () => {
	setClock(NOW);
	schoolId = await createSchool();
	const year = await createSchoolYear({ startsOn: '2025-08-01', endsOn: '2026-07-31' });
	classA = await createClass({ schoolId, schoolYearId: year, name: 'KFZ1' });
	classB = await createClass({ schoolId, schoolYearId: year, name: 'EL1' });
	reporter = (await createAccount()).accountId;
	const teacher = await createAccount();
	await addToClass(teacher.personId, classA, 'class_teacher');
	teacherA = teacher.accountId;
});

async function student(classId: string, name = 'Schüler') {
	const personId = await createPerson({ givenNames: name, birthDate: '2005-01-01' });
	await addToClass(personId, classId, 'student');
	return personId;
}

let n = 0;
async function absence(
	personId: string,
	classId: string,
	values: {
		firstDay: string;
		lastDay: string | null;
		lessons?: [number, number];
		decision?: SickNoteDecision;
		closedAt?: Date;
	}
) {
	const created = await createCase(db(), null, {
		type: 'sick_note',
		schoolId,
		subjectPersonId: personId,
		status: values.closedAt ? 'closed' : 'submitted'
	});
	await db()
		.insert(sickNotes)
		.values({
			caseId: created.id,
			studentPersonId: personId,
			schoolId,
			classId,
			firstDay: values.firstDay,
			lastDay: values.lastDay,
			lessonFrom: values.lessons?.[0] ?? null,
			lessonTo: values.lessons?.[1] ?? null,
			reportedByAccountId: reporter,
			reportedAs: 'student',
			clientId: `stats-${++n}`,
			decision: values.decision ?? null,
			closedAt: values.closedAt ?? null
		});
}

const PERIOD = { from: '2026-03-09', to: '2026-03-20' };

/** The statistics row of a new student with this one absence, over the period. */
async function countedAlone(
	values: Parameters<typeof absence>[2],
	period: { from: string; to: string }
) {
	const personId = await student(classA);
	await absence(personId, classA, values);
	const stats = await absenceStatistics(await actorFor(teacherA), { classId: classA }, period);
	return stats.classes[0].students.find((s) => s.personId === personId)!;
}

describe('counting school days and lessons', () => {
	it.each([
		['two weekdays', { firstDay: '2026-03-16', lastDay: '2026-03-17' }, 2, 0],
		[
			'Friday to Monday: the weekend never counts',
			{ firstDay: '2026-03-13', lastDay: '2026-03-16' },
			2,
			0
		],
		['a weekend only', { firstDay: '2026-03-14', lastDay: '2026-03-15' }, 0, 0],
		['clipped at the start of the period', { firstDay: '2026-03-05', lastDay: '2026-03-10' }, 2, 0],
		['clipped at the end of the period', { firstDay: '2026-03-19', lastDay: '2026-03-25' }, 2, 0],
		['open last day: up to today (Wednesday)', { firstDay: '2026-03-16', lastDay: null }, 3, 0],
		[
			'open last day, closed on Tuesday: up to the close',
			{ firstDay: '2026-03-16', lastDay: null, closedAt: new Date('2026-03-17T15:00:00Z') },
			2,
			0
		],
		[
			'lessons 3–6 of one day: lessons, no day',
			{ firstDay: '2026-03-17', lastDay: '2026-03-17', lessons: [3, 6] as [number, number] },
			0,
			4
		],
		[
			'lessons on a Saturday',
			{ firstDay: '2026-03-14', lastDay: '2026-03-14', lessons: [1, 2] as [number, number] },
			0,
			0
		],
		['before the period', { firstDay: '2026-03-02', lastDay: '2026-03-03' }, 0, 0],
		['starting after today with no last day', { firstDay: '2026-03-19', lastDay: null }, 0, 0]
	])('%s', async (_label, values, days, lessons) => {
		const row = await countedAlone(values, PERIOD);
		expect(row.days.total).toBe(days);
		expect(row.lessons.total).toBe(lessons);
		expect(row.days.open).toBe(days);
	});
});

describe('public holidays in Baden-Württemberg are no school days', () => {
	const WINTER = { from: '2025-12-15', to: '2026-01-09' };
	it.each([
		// Mon 22 to Tue 30 December 2025: seven weekdays, two of them Christmas holidays.
		['over Christmas', { firstDay: '2025-12-22', lastDay: '2025-12-30' }, 5, 0],
		// Tuesday, 6 January 2026: Heilige Drei Könige.
		['on Epiphany only', { firstDay: '2026-01-06', lastDay: '2026-01-06' }, 0, 0],
		[
			'lessons on Epiphany',
			{ firstDay: '2026-01-06', lastDay: '2026-01-06', lessons: [1, 4] as [number, number] },
			0,
			0
		],
		['the week after', { firstDay: '2026-01-05', lastDay: '2026-01-09' }, 4, 0]
	])('%s', async (_label, values, days, lessons) => {
		const row = await countedAlone(values, WINTER);
		expect(row.days.total).toBe(days);
		expect(row.lessons.total).toBe(lessons);
	});
});

describe('absenceStatistics', () => {
	it('splits excused, unexcused and open per student and class, with a total', async () => {
		const office = await createAccount();
		await grantRole(office.personId, 'secretary', { schoolId });
		const lena = await student(classB, 'Lena');
		const tom = await student(classB, 'Tom');
		await absence(lena, classB, {
			firstDay: '2026-03-09',
			lastDay: '2026-03-10',
			decision: 'excused'
		});
		await absence(lena, classB, {
			firstDay: '2026-03-11',
			lastDay: '2026-03-11',
			decision: 'unexcused'
		});
		await absence(lena, classB, { firstDay: '2026-03-12', lastDay: '2026-03-12', lessons: [1, 2] });
		await absence(tom, classB, {
			firstDay: '2026-03-12',
			lastDay: '2026-03-12',
			lessons: [5, 6],
			decision: 'excused'
		});

		const stats = await absenceStatistics(
			await actorFor(office.accountId),
			{ classId: classB },
			PERIOD
		);
		expect(stats.className).toBe('EL1');
		const el1 = stats.classes[0];
		const lenaRow = el1.students.find((s) => s.personId === lena)!;
		expect(lenaRow.days).toEqual({ excused: 2, unexcused: 1, open: 0, total: 3 });
		expect(lenaRow.lessons).toEqual({ excused: 0, unexcused: 0, open: 2, total: 2 });
		expect(lenaRow.reports).toBe(3);
		expect(el1.days).toEqual({ excused: 2, unexcused: 1, open: 0, total: 3 });
		expect(el1.lessons).toEqual({ excused: 2, unexcused: 0, open: 2, total: 4 });

		// All classes of the school: both classes, the totals add up.
		const all = await absenceStatistics(await actorFor(office.accountId), { schoolId }, PERIOD);
		expect(all.className).toBeNull();
		expect(all.classes.map((c) => c.className)).toEqual(['EL1', 'KFZ1']);
		const sum = all.classes.reduce((t, c) => t + c.days.total, 0);
		expect(all.total.days.total).toBe(sum);
		expect(all.classes[0].days.total).toBe(3);
	});

	it('lists students in German alphabetical order, whatever the database collation', async () => {
		const ownSchool = await createSchool(); // keeps the other tests' class lists as they are
		const office = await createAccount();
		await grantRole(office.personId, 'secretary', { schoolId: ownSchool });
		const year = await createSchoolYear({ startsOn: '2025-08-01', endsOn: '2026-07-31' });
		const bk1 = await createClass({ schoolId: ownSchool, schoolYearId: year, name: 'BK1' });
		for (const familyName of ['Zimmermann', 'Çetin', 'Yılmaz', 'Özdemir', 'Müller'])
			await addToClass(await createPerson({ familyName, birthDate: '2005-01-01' }), bk1, 'student');
		const stats = await absenceStatistics(
			await actorFor(office.accountId),
			{ classId: bk1 },
			PERIOD
		);
		expect(stats.classes[0].students.map((s) => s.name.split(',')[0])).toEqual([
			'Çetin',
			'Müller',
			'Özdemir',
			'Yılmaz',
			'Zimmermann'
		]);
	});

	it('refuses another class’s teacher, a subject teacher and another school’s office', async () => {
		const otherTeacher = await createAccount();
		await addToClass(otherTeacher.personId, classB, 'class_teacher');
		const subjectTeacher = await createAccount();
		await addToClass(subjectTeacher.personId, classA, 'teacher');
		const otherOffice = await createAccount();
		await grantRole(otherOffice.personId, 'secretary', { schoolId: await createSchool() });
		for (const account of [otherTeacher, subjectTeacher, otherOffice])
			await expect(
				absenceStatistics(await actorFor(account.accountId), { classId: classA }, PERIOD)
			).rejects.toMatchObject({ status: 404 });
		// The school as a whole is the office's only; a class teacher gets 403 there.
		for (const accountId of [teacherA, otherOffice.accountId])
			await expect(
				absenceStatistics(await actorFor(accountId), { schoolId }, PERIOD)
			).rejects.toMatchObject({ status: 403 });
		await expect(
			absenceStatistics(await actorFor(teacherA), { classId: 'nope' }, PERIOD)
		).rejects.toMatchObject({ status: 404 });
		await expect(
			statisticsClasses(await actorFor(teacherA), schoolId, PERIOD)
		).rejects.toMatchObject({
			status: 403
		});
	});

	it('lists the classes of the school years the period touches', async () => {
		const office = await createAccount();
		await grantRole(office.personId, 'secretary', { schoolId });
		const actor = await actorFor(office.accountId);
		expect((await statisticsClasses(actor, schoolId, PERIOD)).map((c) => c.name)).toEqual([
			'EL1',
			'KFZ1'
		]);
		expect(
			await statisticsClasses(actor, schoolId, { from: '2024-09-01', to: '2025-07-01' })
		).toEqual([]);
	});
});

describe('periods', () => {
	it.each([
		['2026-03-01', '2026-03-31', {}],
		['2026-03-01', '2026-03-01', {}],
		['2026-02-30', '2026-03-31', { from: 'stats_error_from_invalid' }],
		['2026-03-01', 'morgen', { to: 'stats_error_to_invalid' }],
		['2026-03-31', '2026-03-01', { to: 'stats_error_to_before_from' }],
		['2024-02-01', '2026-03-01', { to: 'stats_error_period_too_long' }],
		['2024-03-02', '2026-03-01', {}],
		['', '', { from: 'stats_error_from_invalid', to: 'stats_error_to_invalid' }]
	])('%s to %s', (from, to, errors) => {
		expect(validatePeriod(from, to)).toEqual(errors);
	});

	it('defaults to the current school year so far', async () => {
		expect(await defaultPeriod('2026-03-18')).toEqual({ from: '2025-08-01', to: '2026-03-18' });
	});
});

describe('CSV', () => {
	it.each([
		['Weber, Jonas', 'Weber, Jonas'],
		['Mül;ler, Max', '"Mül;ler, Max"'],
		['Sam "Sunny" Lee', '"Sam ""Sunny"" Lee"'],
		['Zeile\numbruch', '"Zeile\numbruch"'],
		['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
		[12, '12']
	])('%s → %s', (value, expected) => {
		expect(csvField(value)).toBe(expected);
	});

	it('writes a BOM, semicolons and CRLF, one row per student, and audits the export', async () => {
		const office = await createAccount();
		await grantRole(office.personId, 'secretary', { schoolId });
		const odd = await createPerson({ givenNames: 'Max "Maxi"', familyName: 'Mül;ler' });
		await addToClass(odd, classA, 'student');
		await absence(odd, classA, {
			firstDay: '2026-03-16',
			lastDay: '2026-03-17',
			decision: 'excused'
		});

		const csv = await statisticsCsv(await actorFor(office.accountId), { classId: classA }, PERIOD);
		expect(csv.fileName).toBe('fehlzeiten-kfz1-2026-03-09-2026-03-20.csv');
		const bytes = Buffer.from(csv.body, 'utf8');
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = csv.body.slice(1).split('\r\n');
		expect(lines.at(-1)).toBe('');
		expect(lines[0]).toBe(
			'Klasse;Schülerin/Schüler;Tage entschuldigt;Tage unentschuldigt;Tage offen;Tage gesamt;Stunden entschuldigt;Stunden unentschuldigt;Stunden offen;Stunden gesamt;Meldungen'
		);
		expect(lines).toContain('KFZ1;"Mül;ler, Max ""Maxi""";2;0;0;2;0;0;0;0;1');
		expect(csv.body.replace(/\r\n/g, '')).not.toMatch(/\n/);

		const audits = await db()
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'absences.statistics_export'), eq(auditLog.resourceId, classA))
			);
		expect(audits).toHaveLength(1);
		expect(audits[0].details).toMatchObject({ from: '2026-03-09', to: '2026-03-20' });

		const all = await statisticsCsv(await actorFor(office.accountId), { schoolId }, PERIOD);
		expect(all.fileName).toBe('fehlzeiten-alle-2026-03-09-2026-03-20.csv');
		expect(toCsv([['a', 'b']])).toBe('\uFEFFa;b\r\n');
	});

	it('gives the class teacher their class; another class’s teacher gets 404 and nothing is audited', async () => {
		const own = await statisticsCsv(await actorFor(teacherA), { classId: classA }, PERIOD);
		expect(own.fileName).toBe('fehlzeiten-kfz1-2026-03-09-2026-03-20.csv');
		const otherTeacher = await createAccount();
		await addToClass(otherTeacher.personId, classB, 'class_teacher');
		const exportsBefore = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'absences.statistics_export'));
		await expect(
			statisticsCsv(await actorFor(otherTeacher.accountId), { classId: classA }, PERIOD)
		).rejects.toMatchObject({ status: 404 });
		const exportsAfter = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'absences.statistics_export'));
		expect(exportsAfter).toHaveLength(exportsBefore.length);
	});
});
