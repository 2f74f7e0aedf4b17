// The three mails of a change of sign-in address, in both languages: the code stands on its own
// line in the mail to the new address only; the notices to the old address name the new one
// masked and tell what to do if it was not the owner.
import { describe, expect, it } from 'vitest';
import { renderMail } from '../../mail/templates';
import type { Locale } from '../schema';

describe.each<Locale>(['de', 'en'])('mails of an e-mail change (%s)', (locale) => {
	it('puts the code on a line of its own, with the page to enter it', () => {
		const { subject, text } = renderMail(locale, {
			kind: 'email_change_code',
			name: 'Dirk',
			code: '12345678',
			minutes: 30
		});
		expect(subject).toMatch(locale === 'de' ? /bestätigen/ : /Confirm/);
		expect(text).toMatch(/^12345678$/m);
		expect(text).toContain('/konto/email-aendern');
		expect(text).toContain('Dirk');
	});

	it.each(['email_change_requested', 'email_changed'] as const)(
		'%s names the new address masked, with no code, and says what to do',
		(kind) => {
			const { text } = renderMail(locale, { kind, name: 'Dirk', newEmail: 'd…@post.example' });
			expect(text).toContain('d…@post.example');
			expect(text).not.toMatch(/\d{8}/);
			expect(text).toMatch(locale === 'de' ? /Sekretariat/ : /office/);
		}
	);
});
