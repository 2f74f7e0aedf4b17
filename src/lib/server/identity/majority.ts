// Turning 18 (issue 3): legal representation ends on the 18th birthday. The policy checks the age on
// every request; this daily job also ends the guardianships in the data and tells the student and
// the guardians by mail, once per student (people.majority_notified_at).
import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/service';
import { schoolDay } from '../clock';
import { db } from '../db';
import { enqueue } from '../jobs/queue';
import { defineJob } from '../jobs/registry';
import { queueMail } from '../mail/service';
import { accounts, guardianships, people } from './schema';

/** The latest birth date of someone who is 18 on `day` (YYYY-MM-DD). Born 29 Feb: 18 on 1 Mar. */
export function adultBornOnOrBefore(day: string): string {
	const [y, m, d] = day.split('-').map(Number);
	// 29 Feb eighteen years back need not exist; those born 28 Feb are 18 on it either way.
	const day18 = m === 2 && d === 29 ? 28 : d;
	return `${String(y - 18).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day18).padStart(2, '0')}`;
}

/** The 18th birthday; someone born on 29 February comes of age on 1 March. */
export function eighteenthBirthday(birthDate: string): string {
	const [y, m, d] = birthDate.split('-').map(Number);
	const at = new Date(Date.UTC(y + 18, m - 1, d));
	return at.toISOString().slice(0, 10);
}

/**
 * Mails go out for birthdays of the last days only (the job may have missed a day). Guardianships
 * of people who were adults long before (e.g. loaded from old records) end without a mail.
 */
const MAIL_WITHIN_DAYS = 7;

const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const dayBefore = (day: string) => {
	const at = new Date(`${day}T12:00:00Z`);
	at.setUTCDate(at.getUTCDate() - 1);
	return at.toISOString().slice(0, 10);
};

/** Ends the guardianships of students who are 18 on `day` and queues the mails. Returns the count. */
export async function endRepresentationAtMajority(day = schoolDay()) {
	const cutoff = adultBornOnOrBefore(day);
	const students = await db()
		.selectDistinct({
			id: people.id,
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate,
			schoolEmail: people.schoolEmail
		})
		.from(people)
		.innerJoin(guardianships, eq(guardianships.studentPersonId, people.id))
		.where(
			and(
				lte(people.birthDate, cutoff),
				isNull(people.majorityNotifiedAt),
				isNull(people.mergedIntoPersonId),
				or(isNull(guardianships.validTo), gte(guardianships.validTo, day))
			)
		);

	for (const student of students) {
		await db().transaction(async (tx) => {
			const ended = await tx
				.update(guardianships)
				.set({
					// Never before it began: a guardianship recorded after the birthday ends the day it began.
					validTo: sql`greatest(${guardianships.validFrom}, ${dayBefore(day)}::date)`
				})
				.where(
					and(
						eq(guardianships.studentPersonId, student.id),
						or(isNull(guardianships.validTo), gte(guardianships.validTo, day))
					)
				)
				.returning({ guardianPersonId: guardianships.guardianPersonId });
			await tx
				.update(people)
				.set({ majorityNotifiedAt: sql`now()` })
				.where(eq(people.id, student.id));

			const recent =
				!!student.birthDate &&
				daysBetween(eighteenthBirthday(student.birthDate), day) <= MAIL_WITHIN_DAYS;
			const studentName = `${student.givenNames} ${student.familyName}`;
			const [studentAccount] = await tx
				.select({ email: accounts.email, locale: accounts.locale })
				.from(accounts)
				.where(and(eq(accounts.personId, student.id), isNull(accounts.disabledAt)));
			const studentAddress = studentAccount?.email ?? student.schoolEmail;
			if (recent && studentAddress)
				await queueMail(tx, studentAddress, studentAccount?.locale ?? 'de', {
					kind: 'majority_student',
					name: studentName
				});

			const guardianIds = [...new Set(ended.map((g) => g.guardianPersonId))];
			const guardianAccounts =
				recent && guardianIds.length
					? await tx
							.select({
								email: accounts.email,
								locale: accounts.locale,
								givenNames: people.givenNames,
								familyName: people.familyName
							})
							.from(accounts)
							.innerJoin(people, eq(people.id, accounts.personId))
							.where(and(inArray(accounts.personId, guardianIds), isNull(accounts.disabledAt)))
					: [];
			for (const g of guardianAccounts)
				await queueMail(tx, g.email, g.locale, {
					kind: 'majority_guardian',
					name: `${g.givenNames} ${g.familyName}`,
					studentName
				});

			await recordAudit(tx, {
				actorAccountId: null,
				action: 'identity.majority',
				resourceType: 'person',
				resourceId: student.id,
				details: { endedGuardianships: ended.length, day, mailed: recent }
			});
		});
	}
	return students.length;
}

export const majorityJob = defineJob({
	name: 'identity.majority.v1',
	payload: v.object({ day: v.pipe(v.string(), v.isoDate()) }),
	maxAttempts: 5,
	handler: async ({ day }) => {
		await endRepresentationAtMajority(day);
	}
});

/** Once per school day, whichever node schedules it first. */
export async function scheduleMajorityCheck(day = schoolDay()) {
	await enqueue(db(), majorityJob, { day }, { singletonKey: day });
}
