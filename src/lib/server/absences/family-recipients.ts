// Who acts for a student today and so gets the mails of a sick note: the adult student themself,
// or each guardian of a minor (legal representation ends on the 18th birthday). Only people with
// an active account can be mailed.
import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { schoolDay } from '../clock';
import type { DbOrTx } from '../db';
import { isMinorOn } from '../identity/age';
import { accounts, guardianships, people } from '../identity/schema';
import type { Locale } from '../identity/schema';

export interface FamilyRecipient {
	email: string;
	locale: Locale;
	name: string;
}

export async function familyRecipients(
	tx: DbOrTx,
	studentPersonId: string
): Promise<{ studentName: string; recipients: FamilyRecipient[] }> {
	const today = schoolDay();
	const [student] = await tx
		.select({
			givenNames: people.givenNames,
			familyName: people.familyName,
			birthDate: people.birthDate
		})
		.from(people)
		.where(eq(people.id, studentPersonId));
	const studentName = `${student.givenNames} ${student.familyName}`;
	const recipient = {
		email: accounts.email,
		locale: accounts.locale,
		givenNames: people.givenNames,
		familyName: people.familyName
	};
	const rows = isMinorOn(student.birthDate, today)
		? await tx
				.select(recipient)
				.from(guardianships)
				.innerJoin(people, eq(people.id, guardianships.guardianPersonId))
				.innerJoin(accounts, eq(accounts.personId, people.id))
				.where(
					and(
						eq(guardianships.studentPersonId, studentPersonId),
						lte(guardianships.validFrom, today),
						or(isNull(guardianships.validTo), gte(guardianships.validTo, today)),
						isNull(accounts.disabledAt)
					)
				)
		: await tx
				.select(recipient)
				.from(accounts)
				.innerJoin(people, eq(people.id, accounts.personId))
				.where(and(eq(accounts.personId, studentPersonId), isNull(accounts.disabledAt)));
	return {
		studentName,
		recipients: rows.map((r) => ({
			email: r.email,
			locale: r.locale,
			name: `${r.givenNames} ${r.familyName}`
		}))
	};
}
