// A sick note taken by phone at the secretariat (Schulbesuchsverordnung BW § 2): the office enters
// it for the family. Who may report is the portal's rule, judged on the first day: for a minor a
// guardian calls, an adult student calls for themself. After a phone notice a signed written
// excuse is always due within three days. Idempotent by the form's client id, like the portal.
import { and, asc, eq, gte, ilike, isNull, lte, or, sql } from 'drizzle-orm';
import { schoolDay } from '../clock';
import { db } from '../db';
import { failure, ok, type FieldErrors, type Result } from '../errors';
import { isMinorOn } from '../identity/age';
import { loadPersonRef } from '../identity/person-ref';
import { classes, classMemberships, people } from '../identity/schema';
import { queueMail } from '../mail/service';
import { authorize, can, type Actor } from '../policy';
import { familyRecipients } from './family-recipients';
import { REPORTER_KINDS, type ReporterKind } from './schema';
import { WRITTEN_EXCUSE_DAYS } from './settings';
import { deadlineAfter } from './working-days';
import {
	currentClass,
	insertSickNote,
	isDay,
	validateSickNote,
	type SickNoteInput
} from './sick-notes';
import { cleanNote, reportOnce, type ReportedSickNote } from './report-once';

export const MAX_CALLER_NAME = 200;

export interface PhoneReportInput extends SickNoteInput {
	callerName: string;
	reportedAs: string;
}

/** Field errors of the phone form that the portal form does not have. */
function phoneErrors(input: PhoneReportInput, birthDate: string | null): FieldErrors {
	const errors: FieldErrors = {};
	const caller = input.callerName.trim();
	if (!caller) errors.callerName = 'desk_error_caller_required';
	else if (caller.length > MAX_CALLER_NAME) errors.callerName = 'desk_error_caller_too_long';
	if (!(REPORTER_KINDS as readonly string[]).includes(input.reportedAs))
		errors.reportedAs = 'desk_error_reported_as';
	else if (isDay(input.firstDay)) {
		const minor = isMinorOn(birthDate, input.firstDay);
		if (minor && input.reportedAs !== 'guardian')
			errors.reportedAs = 'desk_error_minor_needs_guardian';
		if (!minor && input.reportedAs !== 'student')
			errors.reportedAs = 'desk_error_adult_reports_self';
	}
	return errors;
}

export async function enterPhoneReport(
	actor: Actor,
	input: PhoneReportInput
): Promise<Result<ReportedSickNote>> {
	return reportOnce(actor, input.clientId, async (clientId) => {
		const person = await loadPersonRef(input.studentPersonId);
		if (!person || !can(actor, 'sickNote.enterByPhone', { type: 'person', person }))
			return failure(404, { form: 'error_not_found' });
		const note = cleanNote(input.note);
		const errors = {
			...validateSickNote({ ...input, note }, schoolDay()),
			...phoneErrors(input, person.birthDate)
		};
		if (Object.keys(errors).length > 0) return failure(400, errors);
		const place = await currentClass(db(), input.studentPersonId);
		if (!place) return failure(404, { form: 'error_sick_no_class' });
		const callerName = input.callerName.trim();

		const created = await db().transaction(async (tx) => {
			const excuseDueOn = deadlineAfter(schoolDay(), WRITTEN_EXCUSE_DAYS);
			const created = await insertSickNote(tx, actor, {
				input: { ...input, note, clientId },
				place,
				reportedAs: input.reportedAs as ReporterKind,
				channel: 'phone',
				callerName,
				excuseDueOn
			});
			const family = await familyRecipients(tx, input.studentPersonId);
			for (const r of family.recipients)
				await queueMail(tx, r.email, r.locale, {
					kind: 'sick_note_phone_recorded',
					name: r.name,
					studentName: family.studentName,
					reference: created.reference,
					firstDay: input.firstDay,
					lastDay: input.lastDay,
					callerName,
					excuseDueOn
				});
			return created;
		});
		return ok(created);
	});
}

export interface PhoneStudent {
	personId: string;
	name: string;
	className: string;
	birthDate: string | null;
}

/** The school's students today by name (at least two letters) or of one class, for the phone form. */
export async function phoneReportStudents(
	actor: Actor,
	schoolId: string,
	by: { query?: string; classId?: string }
): Promise<PhoneStudent[]> {
	authorize(actor, 'absences.viewSchool', { type: 'school', schoolId });
	const q = by.query?.trim() ?? '';
	if (q.length < 2 && !by.classId) return [];
	const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const day = schoolDay();
	const rows = await db()
		.select({
			personId: people.id,
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate,
			className: classes.name
		})
		.from(classMemberships)
		.innerJoin(classes, eq(classes.id, classMemberships.classId))
		.innerJoin(people, eq(people.id, classMemberships.personId))
		.where(
			and(
				eq(classes.schoolId, schoolId),
				eq(classMemberships.role, 'student'),
				lte(classMemberships.validFrom, day),
				or(isNull(classMemberships.validTo), gte(classMemberships.validTo, day)),
				by.classId ? eq(classes.id, by.classId) : undefined,
				q.length >= 2
					? or(
							ilike(sql`${people.givenNames} || ' ' || ${people.familyName}`, pattern),
							ilike(sql`${people.familyName} || ', ' || ${people.givenNames}`, pattern)
						)
					: undefined
			)
		)
		.orderBy(asc(people.familyName), asc(people.givenNames))
		.limit(50);
	return rows.map((r) => ({
		personId: r.personId,
		name: `${r.familyName}, ${r.givenNames}`,
		className: r.className,
		birthDate: r.birthDate
	}));
}

/** One student of the school for the chosen step of the phone form (null: not one of them). */
export async function phoneReportStudent(actor: Actor, schoolId: string, personId: string) {
	authorize(actor, 'absences.viewSchool', { type: 'school', schoolId });
	const person = await loadPersonRef(personId);
	if (!person || !person.schoolIds.includes(schoolId)) return null;
	if (!can(actor, 'sickNote.enterByPhone', { type: 'person', person })) return null;
	const place = await currentClass(db(), personId);
	const [row] = await db()
		.select({ givenNames: people.givenNames, familyName: people.familyName })
		.from(people)
		.where(eq(people.id, personId));
	return {
		personId,
		name: `${row.givenNames} ${row.familyName}`,
		className: place?.className ?? '',
		birthDate: person.birthDate,
		minorToday: isMinorOn(person.birthDate, schoolDay())
	};
}
