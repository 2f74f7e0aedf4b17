// Deadline reminders (issue 4, item 5): one day before a signed written excuse or a demanded Attest
// is due and still missing on an open case, whoever acts for the student is reminded by mail (the
// adult student, or each guardian of a minor). A daily job; each mail has a singleton key per
// (case, kind, due date, recipient), so a second run, or a second node, mails nothing twice.
import { and, eq, gte, isNull, lte, ne, or, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { addDays } from '../../sick-note-rules';
import { cases } from '../cases/schema';
import { schoolDay } from '../clock';
import { db, type DbOrTx } from '../db';
import { people } from '../identity/schema';
import { enqueue } from '../jobs/queue';
import { defineJob } from '../jobs/registry';
import { log } from '../log';
import { queueMail } from '../mail/service';
import { familyRecipients } from './family-recipients';
import { sickNotes } from './schema';

export const REMINDER_KINDS = ['excuse', 'attest'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
/** Reminded this many days before the deadline. */
export const REMIND_DAYS_BEFORE = 1;

/**
 * Whether an item due on `dueOn` is reminded on `day`: one day before, or on the day itself when
 * the job missed the day before (a node was down). Later than that it is overdue, not reminded.
 */
export const remindOn = (dueOn: string, day: string) =>
	dueOn >= day && dueOn <= addDays(day, REMIND_DAYS_BEFORE);

export interface DueItem {
	caseId: string;
	reference: string;
	studentPersonId: string;
	studentName: string;
	kind: ReminderKind;
	dueOn: string;
}

/** Missing excuses and Attests of open cases due on `day` or the day after. */
export async function dueReminders(day: string, tx: DbOrTx = db()): Promise<DueItem[]> {
	const until = addDays(day, REMIND_DAYS_BEFORE);
	const rows = await tx
		.select({
			caseId: sickNotes.caseId,
			reference: cases.reference,
			studentPersonId: sickNotes.studentPersonId,
			studentName: sql<string>`${people.givenNames} || ' ' || ${people.familyName}`,
			excuseDueOn: sickNotes.excuseDueOn,
			excuseReceivedAt: sickNotes.excuseReceivedAt,
			attestDueOn: sickNotes.attestDueOn,
			attestReceivedAt: sickNotes.attestReceivedAt
		})
		.from(sickNotes)
		.innerJoin(cases, eq(cases.id, sickNotes.caseId))
		.innerJoin(people, eq(people.id, sickNotes.studentPersonId))
		.where(
			and(
				isNull(sickNotes.closedAt),
				ne(cases.status, 'closed'),
				or(
					and(
						isNull(sickNotes.excuseReceivedAt),
						gte(sickNotes.excuseDueOn, day),
						lte(sickNotes.excuseDueOn, until)
					),
					and(
						isNull(sickNotes.attestReceivedAt),
						gte(sickNotes.attestDueOn, day),
						lte(sickNotes.attestDueOn, until)
					)
				)
			)
		);
	const items: DueItem[] = [];
	for (const r of rows) {
		const base = {
			caseId: r.caseId,
			reference: r.reference,
			studentPersonId: r.studentPersonId,
			studentName: r.studentName
		};
		if (r.excuseDueOn && !r.excuseReceivedAt && remindOn(r.excuseDueOn, day))
			items.push({ ...base, kind: 'excuse', dueOn: r.excuseDueOn });
		if (r.attestDueOn && !r.attestReceivedAt && remindOn(r.attestDueOn, day))
			items.push({ ...base, kind: 'attest', dueOn: r.attestDueOn });
	}
	return items;
}

/** Queues the reminders due on `day`; returns how many items were looked at. */
export async function sendDeadlineReminders(day = schoolDay()) {
	const items = await dueReminders(day);
	for (const item of items) {
		await db().transaction(async (tx) => {
			// Whoever acts for the student today: the adult student, or each guardian of a minor.
			const { recipients } = await familyRecipients(tx, item.studentPersonId);
			for (const to of new Map(recipients.map((r) => [r.email, r])).values())
				await queueMail(
					tx,
					to.email,
					to.locale,
					{
						kind:
							item.kind === 'excuse' ? 'sick_note_excuse_reminder' : 'sick_note_attest_reminder',
						name: to.name,
						studentName: item.studentName,
						reference: item.reference,
						dueOn: item.dueOn
					},
					{
						singletonKey: `sick_note_reminder:${item.caseId}:${item.kind}:${item.dueOn}:${to.email}`
					}
				);
		});
	}
	if (items.length) log.info({ day, items: items.length }, 'sick-note deadline reminders');
	return items.length;
}

export const deadlineRemindersJob = defineJob({
	name: 'absences.deadline_reminders.v1',
	payload: v.object({ day: v.pipe(v.string(), v.isoDate()) }),
	maxAttempts: 5,
	handler: async ({ day }) => {
		await sendDeadlineReminders(day);
	}
});

/** Once per school day, whichever node schedules it first; mails go out in the morning. */
export async function scheduleDeadlineReminders(day = schoolDay()) {
	await enqueue(
		db(),
		deadlineRemindersJob,
		{ day },
		{ singletonKey: day, runAt: new Date(`${day}T06:00:00Z`) }
	);
}
