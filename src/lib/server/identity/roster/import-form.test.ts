// The import form as the action and the streaming endpoint read it: only the office of the school
// gets through, and only with its own upload.
import { isHttpError } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import {
	actorFor,
	createAccount,
	createSchool,
	grantRole
} from '../../../../../tests/helpers/factories';
import type { Actor } from '../../policy';
import { readImportForm, resultUrl } from './import-form';
import { mappingInputName } from './mapping';
import { saveRosterUpload } from './upload';

useTestDatabase();

let secretary: Actor;
let otherSecretary: Actor;
let teacher: Actor;
let school = '';

beforeAll(async () => {
	school = await createSchool();
	const a = await createAccount();
	await grantRole(a.personId, 'secretary', { schoolId: school });
	secretary = await actorFor(a.accountId);
	const b = await createAccount();
	await grantRole(b.personId, 'secretary', { schoolId: await createSchool() });
	otherSecretary = await actorFor(b.accountId);
	const t = await createAccount();
	await grantRole(t.personId, 'teacher', { schoolId: school });
	teacher = await actorFor(t.accountId);
});

const status = (p: Promise<unknown>) =>
	p.then(
		() => 'allowed',
		(e: unknown) => (isHttpError(e) ? e.status : e)
	);

function form(values: Record<string, string>) {
	const data = new FormData();
	for (const [k, v] of Object.entries(values)) data.set(k, v);
	return data;
}

describe('import form', () => {
	it('reads school, upload and the chosen columns', async () => {
		const upload = await saveRosterUpload(secretary, new TextEncoder().encode('a;b\r\n'), 'l.csv');
		const read = await readImportForm(
			secretary,
			form({ upload, [mappingInputName('asvId')]: '1', [mappingInputName('familyName')]: '0' })
		);
		expect(read.school.id).toBe(school);
		expect(read.upload.fileName).toBe('l.csv');
		expect(read.mapping).toEqual({ asvId: 1, familyName: 0 });
		expect((await readImportForm(secretary, form({ upload }))).mapping).toBeUndefined();
	});

	it("refuses a teacher and another school's secretary (403), and someone else's upload (404)", async () => {
		const upload = await saveRosterUpload(secretary, new TextEncoder().encode('a;b\r\n'), 'l.csv');
		expect(await status(readImportForm(teacher, form({ upload })))).toBe(403);
		expect(await status(readImportForm(otherSecretary, form({ upload, school })))).toBe(403);
		const theirs = await saveRosterUpload(
			otherSecretary,
			new TextEncoder().encode('x\r\n'),
			'x.csv'
		);
		expect(await status(readImportForm(secretary, form({ upload: theirs })))).toBe(404);
	});

	it('puts the counts in the result address', () => {
		expect(resultUrl({ created: 1, updated: 2, left: 3, flagged: 4 })).toBe(
			'/sekretariat/import?ergebnis=1-2-3-4'
		);
	});
});
