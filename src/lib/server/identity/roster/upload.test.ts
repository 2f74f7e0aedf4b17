import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { actorFor, createAccount } from '../../../../../tests/helpers/factories';
import { loadRosterUpload, saveRosterUpload } from './upload';

useTestDatabase();

describe('roster uploads', () => {
	it('gives the file back to its uploader only', async () => {
		const a = await actorFor((await createAccount()).accountId);
		const b = await actorFor((await createAccount()).accountId);
		const bytes = new TextEncoder().encode('Schüler-ID;Familienname\r\n1;Müller\r\n');
		const id = await saveRosterUpload(a, bytes, 'klasse/liste.csv');

		const back = await loadRosterUpload(a, id);
		expect(back?.bytes).toEqual(bytes);
		expect(back?.fileName).toBe('klasse_liste.csv');
		expect(await loadRosterUpload(b, id)).toBeNull();
	});

	it('returns null for unknown or malformed ids', async () => {
		const a = await actorFor((await createAccount()).accountId);
		expect(await loadRosterUpload(a, crypto.randomUUID())).toBeNull();
		expect(await loadRosterUpload(a, 'not-a-uuid')).toBeNull();
	});
});
