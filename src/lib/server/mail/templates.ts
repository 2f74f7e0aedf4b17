import { config } from '../config';
import type { Locale } from '../identity/schema';

// Plain-text mails in plain language. Codes stand on a line of their own so they are easy to copy.
export type MailTemplate =
	| { kind: 'password_reset_code'; name: string; code: string; minutes: number }
	| { kind: 'email_verification_code'; name: string; code: string; minutes: number }
	| { kind: 'password_changed'; name: string };

const signature = {
	de: '\n\nIhr Schule 360°-Team\nDiese Nachricht wurde automatisch erstellt.',
	en: '\n\nYour Schule 360° team\nThis message was sent automatically.'
};

export function renderMail(locale: Locale, t: MailTemplate): { subject: string; text: string } {
	const de = locale === 'de';
	switch (t.kind) {
		case 'password_reset_code':
			return {
				subject: de ? 'Ihr Code zum Zurücksetzen des Passworts' : 'Your password reset code',
				text:
					(de
						? `Hallo ${t.name},\n\nmit diesem Code können Sie ein neues Passwort festlegen:\n\n${t.code}\n\nDer Code gilt ${t.minutes} Minuten: ${config.origin}/passwort-zuruecksetzen\nWenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren.`
						: `Hello ${t.name},\n\nuse this code to set a new password:\n\n${t.code}\n\nThe code is valid for ${t.minutes} minutes: ${config.origin}/passwort-zuruecksetzen\nIf you did not ask for this, you can ignore this message.`) +
					signature[locale]
			};
		case 'email_verification_code':
			return {
				subject: de
					? 'Bitte bestätigen Sie Ihre E-Mail-Adresse'
					: 'Please confirm your e-mail address',
				text:
					(de
						? `Hallo ${t.name},\n\nIhr Bestätigungscode lautet:\n\n${t.code}\n\nDer Code gilt ${t.minutes} Minuten.`
						: `Hello ${t.name},\n\nyour confirmation code is:\n\n${t.code}\n\nThe code is valid for ${t.minutes} minutes.`) +
					signature[locale]
			};
		case 'password_changed':
			return {
				subject: de ? 'Ihr Passwort wurde geändert' : 'Your password was changed',
				text:
					(de
						? `Hallo ${t.name},\n\nIhr Passwort für Schule 360° wurde soeben geändert. Alle Sitzungen wurden beendet.\nWaren Sie das nicht? Wenden Sie sich bitte sofort an das Sekretariat Ihrer Schule.`
						: `Hello ${t.name},\n\nyour Schule 360° password has just been changed. All sessions were ended.\nWasn't this you? Please contact your school's office at once.`) +
					signature[locale]
			};
	}
}
