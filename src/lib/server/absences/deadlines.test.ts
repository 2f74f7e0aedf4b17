import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import {
	actorFor,
	addGuardianship,
	addToClass,
	createAccount,
	createClass,
	createSchool
} from '../../../../tests/helpers/factories';
import { cases } from '../cases/schema';
import { setClock } from '../clock';
import { db } from '../db';
import { runDueJobs } from '../jobs/queue';
import { jobs } from '../jobs/schema';
import {
	dueReminders,
	remindOn,
	scheduleDeadlineReminders,
	sendDeadlineReminders
} from './deadlines';
import { sickNotes } from './schema';
import { reportSickNote } from './sick-notes';

useTestDatabase();

/** Monday, 16 March 2026, 09:00 in Germany. */
const at = (day: string) => setClock(new Date(`${day}T08:00:00Z`));
beforeEach(() => at('2026-03-16'));
afterEach(() => setClock(undefined));

let n = 0;
async function note(
	accountId: string,
	studentPersonId: string,
	due: { excuseDueOn?: string | null; attestDueOn?: string | null }
) {
	const result = await reportSickNote(await actorFor(accountId), {
		studentPersonId,
		firstDay: '2026-03-16',
		lastDay: '2026-03-16',
		lessonFrom: null,
		lessonTo: null,
		note: null,
		clientId: `deadline-${++n}`
	});
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	await db()
		.update(sickNotes)
		.set({ excuseDueOn: due.excuseDueOn ?? null, attestDueOn: due.attestDueOn ?? null })
		.where(eq(sickNotes.caseId, result.value.caseId));
	return result.value;
}

const reminders = async (to: string) =>
	(await db().select().from(jobs).where(eq(jobs.name, 'mail.send.v1')))
		.map((j) => j.payload as { to: string; subject: string; text: string })
		.filter((m) => m.to === to && m.subject.startsWith('Erinnerung'));

/** A minor with two guardians (one account disabled) and an adult with a former guardian. */
async function family() {
	const schoolId = await createSchool();
	const classId = await createClass({ schoolId });
	const minor = await createAccount({ givenNames: 'Emre', birthDate: '2010-05-01' });
	await addToClass(minor.personId, classId, 'student');
	const mother = await createAccount({ givenNames: 'Ayşe', birthDate: '1980-01-01' });
	const father = await createAccount({ givenNames: 'Can', birthDate: '1979-01-01' });
	const away = await createAccount({ givenNames: 'Ali', birthDate: '1979-01-01', disabled: true });
	for (const g of [mother, father, away]) await addGuardianship(g.personId, minor.personId);
	const adult = await createAccount({ givenNames: 'Jonas', birthDate: '2005-01-10' });
	await addToClass(adult.personId, classId, 'student');
	const formerGuardian = await createAccount({ givenNames: 'Gabi', birthDate: '1975-01-01' });
	await addGuardianship(formerGuardian.personId, adult.personId, { validTo: '2023-01-09' });
	return { minor, mother, father, away, adult, formerGuardian };
}

describe('remindOn', () => {
	it.each([
		['2026-03-17', '2026-03-16', true], // due tomorrow
		['2026-03-16', '2026-03-16', true], // due today: yesterday's run was missed
		['2026-03-18', '2026-03-16', false], // two days ahead: not yet
		['2026-03-15', '2026-03-16', false], // overdue: shown to the class teacher instead
		['2026-03-01', '2026-02-28', true] // across a month end
	])('due %s, reminded on %s: %s', (dueOn, day, expected) => {
		expect(remindOn(dueOn, day)).toBe(expected);
	});
});

describe('deadline reminders', () => {
	it('reminds each guardian of a minor once, the day before the excuse is due', async () => {
		const f = await family();
		const { reference } = await note(f.mother.accountId, f.minor.personId, {
			excuseDueOn: '2026-03-18'
		});
		await sendDeadlineReminders('2026-03-16');
		expect(await reminders(f.mother.email)).toEqual([]);

		at('2026-03-17');
		await scheduleDeadlineReminders();
		await scheduleDeadlineReminders(); // a second node asking again changes nothing
		await runDueJobs();
		await sendDeadlineReminders('2026-03-17'); // and a re-run mails nothing twice
		for (const g of [f.mother, f.father]) {
			const mails = await reminders(g.email);
			expect(mails).toHaveLength(1);
			expect(mails[0].subject).toBe(`Erinnerung: Entschuldigung bis 18.03.2026 (${reference})`);
			expect(mails[0].text).toContain('schriftliche Entschuldigung');
			expect(mails[0].text).toContain(`/anliegen/${reference}`);
		}
		expect(await reminders(f.away.email)).toEqual([]);
		expect(await reminders(f.minor.email)).toEqual([]);
	});

	it('reminds an adult student of a demanded Attest, not his former guardian', async () => {
		const f = await family();
		const { reference } = await note(f.adult.accountId, f.adult.personId, {
			attestDueOn: '2026-03-17'
		});
		await sendDeadlineReminders('2026-03-16');
		const mails = await reminders(f.adult.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe(`Erinnerung: Attest bis 17.03.2026 (${reference})`);
		expect(mails[0].text).toContain('ärztliche Attest');
		expect(await reminders(f.formerGuardian.email)).toEqual([]);
	});

	it('reminds of an excuse and an Attest of one case separately', async () => {
		const f = await family();
		await note(f.adult.accountId, f.adult.personId, {
			excuseDueOn: '2026-03-17',
			attestDueOn: '2026-03-17'
		});
		await sendDeadlineReminders('2026-03-16');
		expect((await reminders(f.adult.email)).map((m) => m.subject.split(' ')[1])).toEqual(
			expect.arrayContaining(['Entschuldigung', 'Attest'])
		);
		expect(await reminders(f.adult.email)).toHaveLength(2);
	});

	it('says nothing once the paper is in, or the case is closed', async () => {
		const f = await family();
		const received = await note(f.adult.accountId, f.adult.personId, {
			excuseDueOn: '2026-03-17',
			attestDueOn: '2026-03-17'
		});
		await db()
			.update(sickNotes)
			.set({ excuseReceivedAt: new Date(), attestReceivedAt: new Date() })
			.where(eq(sickNotes.caseId, received.caseId));
		const closed = await note(f.mother.accountId, f.minor.personId, { excuseDueOn: '2026-03-17' });
		await db().update(cases).set({ status: 'closed' }).where(eq(cases.id, closed.caseId));
		const due = (await dueReminders('2026-03-16')).map((i) => i.caseId);
		expect(due).not.toContain(received.caseId);
		expect(due).not.toContain(closed.caseId);
		await sendDeadlineReminders('2026-03-16');
		expect(await reminders(f.adult.email)).toEqual([]);
		expect(await reminders(f.mother.email)).toEqual([]);
	});
});
