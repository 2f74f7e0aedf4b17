import { config } from '../config';
import type { Locale, Role } from '../identity/schema';

// Plain-text mails in plain language. Codes stand on a line of their own so they are easy to copy.
export type MailTemplate =
	| { kind: 'password_reset_code'; name: string; code: string; minutes: number }
	| { kind: 'email_verification_code'; name: string; code: string; minutes: number }
	| { kind: 'account_activation_code'; name: string; code: string; minutes: number }
	| { kind: 'password_changed'; name: string }
	| { kind: 'majority_student'; name: string }
	| { kind: 'majority_guardian'; name: string; studentName: string }
	| { kind: 'company_contact_invitation'; name: string; companyName: string; schoolName: string }
	| { kind: 'staff_invitation'; name: string; schoolName: string; roles: Role[]; activate: boolean }
	| { kind: 'email_change_code'; name: string; code: string; minutes: number }
	| { kind: 'email_change_requested'; name: string; newEmail: string }
	| { kind: 'email_changed'; name: string; newEmail: string }
	| {
			kind: 'sick_note_attest_received';
			name: string;
			studentName: string;
			className: string;
			reference: string;
	  }
	| {
			kind: 'sick_note_closed';
			name: string;
			studentName: string;
			reference: string;
			excused: boolean;
	  }
	| {
			kind: 'sick_note_received';
			name: string;
			studentName: string;
			reference: string;
			firstDay: string;
			lastDay: string | null;
	  }
	| {
			kind: 'sick_note_phone_recorded';
			name: string;
			studentName: string;
			reference: string;
			firstDay: string;
			lastDay: string | null;
			callerName: string;
			excuseDueOn: string;
	  }
	| {
			kind: 'sick_note_attest_requested';
			name: string;
			studentName: string;
			reference: string;
			dueOn: string;
	  }
	| {
			kind: 'sick_note_company_notice';
			name: string;
			companyName: string;
			studentName: string;
			firstDay: string;
			lastDay: string | null;
			/** The family extended the absence (older queued mails have no such field). */
			extended?: boolean;
	  }
	| {
			kind: 'sick_note_excuse_reminder' | 'sick_note_attest_reminder';
			name: string;
			studentName: string;
			reference: string;
			dueOn: string;
	  };

const signature = {
	de: '\n\nIhr Schule 360°-Team\nDiese Nachricht wurde automatisch erstellt.',
	en: '\n\nYour Schule 360° team\nThis message was sent automatically.'
};

const STAFF_ROLE_NAMES: Partial<Record<Role, { de: string; en: string }>> = {
	teacher: { de: 'Lehrkraft', en: 'teacher' },
	social_worker: { de: 'Schulsozialarbeit', en: 'school social worker' },
	secretary: { de: 'Sekretariat', en: 'school office' },
	school_admin: { de: 'Schulleitung', en: 'head of school' }
};
/** 2026-12-04 → 04.12.2026 (both languages: the mails name German school days). */
const germanDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
const staffRoleNames = (roles: Role[], locale: Locale) =>
	roles.map((r) => STAFF_ROLE_NAMES[r]?.[locale] ?? r).join(', ');

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
		case 'account_activation_code':
			return {
				subject: de ? 'Ihr Code zum Aktivieren des Kontos' : 'Your account activation code',
				text:
					(de
						? `Hallo ${t.name},\n\nmit diesem Code aktivieren Sie Ihr Konto bei Schule 360° und legen Ihr Passwort fest:\n\n${t.code}\n\nDer Code gilt ${t.minutes} Minuten: ${config.origin}/konto-aktivieren\nWenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren.`
						: `Hello ${t.name},\n\nuse this code to activate your Schule 360° account and set your password:\n\n${t.code}\n\nThe code is valid for ${t.minutes} minutes: ${config.origin}/konto-aktivieren\nIf you did not ask for this, you can ignore this message.`) +
					signature[locale]
			};
		case 'email_change_code':
			return {
				subject: de ? 'Ihre neue Anmelde-Adresse bestätigen' : 'Confirm your new sign-in address',
				text:
					(de
						? `Hallo ${t.name},\n\nSie möchten sich bei Schule 360° künftig mit dieser E-Mail-Adresse anmelden. Ihr Bestätigungscode lautet:\n\n${t.code}\n\nGeben Sie ihn unter ${config.origin}/konto/email-aendern ein. Der Code gilt ${t.minutes} Minuten.\nWenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren.`
						: `Hello ${t.name},\n\nyou want to sign in to Schule 360° with this e-mail address from now on. Your confirmation code is:\n\n${t.code}\n\nEnter it at ${config.origin}/konto/email-aendern. The code is valid for ${t.minutes} minutes.\nIf you did not ask for this, you can ignore this message.`) +
					signature[locale]
			};
		case 'email_change_requested':
			return {
				subject: de
					? 'Änderung Ihrer Anmelde-Adresse angefordert'
					: 'Change of your sign-in address requested',
				text:
					(de
						? `Hallo ${t.name},\n\nfür Ihr Konto bei Schule 360° wurde eine neue Anmelde-Adresse angegeben: ${t.newEmail}\nSie wird erst gültig, wenn der Code bestätigt ist, den wir dorthin geschickt haben.\nWaren Sie das nicht? Ändern Sie bitte sofort Ihr Passwort und wenden Sie sich an das Sekretariat Ihrer Schule.`
						: `Hello ${t.name},\n\na new sign-in address was entered for your Schule 360° account: ${t.newEmail}\nIt only takes effect once the code we sent there is confirmed.\nWasn't this you? Please change your password at once and contact your school's office.`) +
					signature[locale]
			};
		case 'email_changed':
			return {
				subject: de ? 'Ihre Anmelde-Adresse wurde geändert' : 'Your sign-in address was changed',
				text:
					(de
						? `Hallo ${t.name},\n\nSie melden sich bei Schule 360° ab sofort mit ${t.newEmail} an. Diese Adresse erhält künftig unsere Nachrichten. Alle anderen Sitzungen wurden beendet.\nWaren Sie das nicht? Wenden Sie sich bitte sofort an das Sekretariat Ihrer Schule.`
						: `Hello ${t.name},\n\nfrom now on you sign in to Schule 360° with ${t.newEmail}. Our messages go to that address. All other sessions were ended.\nWasn't this you? Please contact your school's office at once.`) +
					signature[locale]
			};
		case 'sick_note_received': {
			const period = de
				? t.lastDay === null
					? `ab ${germanDay(t.firstDay)} (Ende noch unbekannt)`
					: t.lastDay === t.firstDay
						? `am ${germanDay(t.firstDay)}`
						: `vom ${germanDay(t.firstDay)} bis ${germanDay(t.lastDay)}`
				: t.lastDay === null
					? `from ${t.firstDay} (end not known yet)`
					: t.lastDay === t.firstDay
						? `on ${t.firstDay}`
						: `from ${t.firstDay} to ${t.lastDay}`;
			return {
				subject: de
					? `Krankmeldung eingegangen: ${t.reference}`
					: `Sick note received: ${t.reference}`,
				text:
					(de
						? `Hallo ${t.name},\n\ndie Krankmeldung für ${t.studentName} ${period} ist bei der Schule eingegangen.\nAktenzeichen: ${t.reference}\n\nDen Stand sehen Sie unter „Meine Anliegen“: ${config.origin}/anliegen`
						: `Hello ${t.name},\n\nthe sick note for ${t.studentName} ${period} has reached the school.\nReference number: ${t.reference}\n\nYou can follow it under "My requests": ${config.origin}/anliegen`) +
					signature[locale]
			};
		}
		case 'sick_note_phone_recorded': {
			const due = germanDay(t.excuseDueOn);
			const period = t.lastDay
				? `${germanDay(t.firstDay)} – ${germanDay(t.lastDay)}`
				: de
					? `ab ${germanDay(t.firstDay)} (Ende noch unbekannt)`
					: `from ${germanDay(t.firstDay)} (end not known yet)`;
			return {
				subject: de
					? `Telefonische Krankmeldung aufgenommen: ${t.reference}`
					: `Sick note taken by phone: ${t.reference}`,
				text:
					(de
						? `Hallo ${t.name},\n\ndas Sekretariat hat die telefonische Krankmeldung für ${t.studentName} (${period}) aufgenommen; angerufen hat ${t.callerName}.\nAktenzeichen: ${t.reference}\n\nNach einer telefonischen Meldung muss bis ${due} eine unterschriebene schriftliche Entschuldigung bei der Schule eingehen.\n\nDen Stand sehen Sie unter „Meine Anliegen“: ${config.origin}/anliegen/${t.reference}`
						: `Hello ${t.name},\n\nthe school office has taken the sick note for ${t.studentName} (${period}) by phone; the caller was ${t.callerName}.\nReference number: ${t.reference}\n\nAfter a notice by phone, a signed written excuse must reach the school by ${due}.\n\nYou can follow it under "My requests": ${config.origin}/anliegen/${t.reference}`) +
					signature[locale]
			};
		}
		case 'sick_note_attest_requested': {
			const due = germanDay(t.dueOn);
			return {
				subject: de
					? `Attest angefordert: ${t.reference}`
					: `Medical certificate requested: ${t.reference}`,
				text:
					(de
						? `Hallo ${t.name},\n\ndie Klassenlehrkraft bittet für die Fehlzeit von ${t.studentName} um ein ärztliches Attest.\nAktenzeichen: ${t.reference}\n\nBitte laden Sie das Attest bis ${due} hoch: ${config.origin}/anliegen/${t.reference}`
						: `Hello ${t.name},\n\nthe class teacher asks for a medical certificate (Attest) for the absence of ${t.studentName}.\nReference number: ${t.reference}\n\nPlease upload it by ${due}: ${config.origin}/anliegen/${t.reference}`) +
					signature[locale]
			};
		}
		case 'sick_note_company_notice': {
			// The company learns that and when, never why: no reason, no note of the family.
			const period = t.lastDay
				? `${germanDay(t.firstDay)} – ${germanDay(t.lastDay)}`
				: de
					? `ab ${germanDay(t.firstDay)} (Ende noch unbekannt)`
					: `from ${germanDay(t.firstDay)} (end not known yet)`;
			const news = t.extended
				? de
					? `${t.studentName}, Auszubildende/r bei ${t.companyName}, ist länger krank als zuerst gemeldet. Die Fehlzeit in der Berufsschule ist jetzt: ${period}.`
					: `${t.studentName}, apprentice at ${t.companyName}, is ill for longer than first reported. The absence from vocational school is now: ${period}.`
				: de
					? `${t.studentName}, Auszubildende/r bei ${t.companyName}, ist krankgemeldet und fehlt in der Berufsschule: ${period}.`
					: `${t.studentName}, apprentice at ${t.companyName}, has been reported sick and is absent from vocational school: ${period}.`;
			const subject = t.extended
				? de
					? `Fehlzeit verlängert: ${t.studentName}`
					: `Absence extended: ${t.studentName}`
				: de
					? `Fehlzeit: ${t.studentName}`
					: `Absence: ${t.studentName}`;
			return {
				subject,
				text:
					(de
						? `Hallo ${t.name},\n\n${news}\n\nIn Schule 360° sehen Sie die Fehlzeit und können vermerken, dass Ihr Betrieb informiert ist: ${config.origin}/betrieb`
						: `Hello ${t.name},\n\n${news}\n\nIn Schule 360° you can see the absence and note that your company has been informed: ${config.origin}/betrieb`) +
					signature[locale]
			};
		}
		case 'sick_note_excuse_reminder':
		case 'sick_note_attest_reminder': {
			const due = germanDay(t.dueOn);
			const excuse = t.kind === 'sick_note_excuse_reminder';
			const what = de
				? excuse
					? 'die unterschriebene schriftliche Entschuldigung'
					: 'das ärztliche Attest'
				: excuse
					? 'the signed written excuse'
					: 'the medical certificate (Attest)';
			return {
				subject: de
					? `Erinnerung: ${excuse ? 'Entschuldigung' : 'Attest'} bis ${due} (${t.reference})`
					: `Reminder: ${excuse ? 'excuse' : 'Attest'} due ${due} (${t.reference})`,
				text:
					(de
						? `Hallo ${t.name},\n\nfür die Krankmeldung von ${t.studentName} fehlt noch ${what}. Bitte reichen Sie sie bis spätestens ${due} ein.\nAktenzeichen: ${t.reference}\n\nHier sehen Sie den Stand und können sie hochladen: ${config.origin}/anliegen/${t.reference}`
						: `Hello ${t.name},\n\nfor the sick note of ${t.studentName}, ${what} is still missing. Please hand it in by ${due} at the latest.\nReference number: ${t.reference}\n\nFollow the case and upload it here: ${config.origin}/anliegen/${t.reference}`) +
					signature[locale]
			};
		}
		case 'sick_note_attest_received':
			// To the class teacher: the family uploaded the demanded Attest (no content in the mail).
			return {
				subject: de
					? `Attest eingegangen: ${t.studentName} (${t.reference})`
					: `Medical certificate received: ${t.studentName} (${t.reference})`,
				text:
					(de
						? `Hallo ${t.name},\n\nfür die Krankmeldung von ${t.studentName} (Klasse ${t.className}) ist das angeforderte ärztliche Attest eingegangen.\nAktenzeichen: ${t.reference}\n\nSie finden es in Schule 360° hier: ${config.origin}/schule/krankmeldungen/${t.reference}`
						: `Hello ${t.name},\n\nthe medical certificate (Attest) you requested for the sick note of ${t.studentName} (class ${t.className}) has been uploaded.\nReference number: ${t.reference}\n\nYou will find it in Schule 360° here: ${config.origin}/schule/krankmeldungen/${t.reference}`) +
					signature[locale]
			};
		case 'sick_note_closed':
			return {
				subject: de
					? `Krankmeldung abgeschlossen: ${t.reference}`
					: `Sick note closed: ${t.reference}`,
				text:
					(de
						? `Hallo ${t.name},\n\ndie Krankmeldung für ${t.studentName} ist abgeschlossen. Die Schule hat die Fehlzeit als ${t.excused ? '„entschuldigt“' : '„nicht entschuldigt“'} eingetragen.\nAktenzeichen: ${t.reference}\n\nDen Verlauf sehen Sie unter „Meine Anliegen“: ${config.origin}/anliegen/${t.reference}${t.excused ? '' : '\nFragen dazu beantwortet Ihnen die Klassenlehrkraft.'}`
						: `Hello ${t.name},\n\nthe sick note for ${t.studentName} is closed. The school recorded the absence as ${t.excused ? '"excused"' : '"not excused"'}.\nReference number: ${t.reference}\n\nYou can see the history under "My requests": ${config.origin}/anliegen/${t.reference}${t.excused ? '' : '\nThe class teacher can answer any questions about it.'}`) +
					signature[locale]
			};
		case 'majority_student':
			return {
				subject: de
					? 'Sie sind volljährig: Ihre Rechte in Schule 360°'
					: 'You are of age: your rights in Schule 360°',
				text:
					(de
						? `Hallo ${t.name},\n\nherzlichen Glückwunsch zum 18. Geburtstag! Ab heute erledigen Sie Ihre Schulangelegenheiten selbst. Ihre Eltern oder anderen Sorgeberechtigten sehen ab heute nichts mehr von Ihnen in Schule 360°.\n\nWenn eine Person weiter etwas sehen soll (zum Beispiel Fehlzeiten oder Zahlungen), können Sie das unter „Konto → Einwilligungen“ erlauben und jederzeit zurücknehmen:\n${config.origin}/konto/einwilligungen`
						: `Hello ${t.name},\n\nhappy 18th birthday! From today you handle your school matters yourself. Your parents or other guardians no longer see anything about you in Schule 360°.\n\nIf someone should keep seeing something (for example absences or payments), you can allow it under "Account → Consents" and withdraw it at any time:\n${config.origin}/konto/einwilligungen`) +
					signature[locale]
			};
		case 'majority_guardian':
			return {
				subject: de ? `${t.studentName} ist volljährig` : `${t.studentName} has come of age`,
				text:
					(de
						? `Hallo ${t.name},\n\n${t.studentName} ist heute 18 Jahre alt geworden. Damit endet Ihre Vertretung in Schulangelegenheiten: In Schule 360° sehen Sie ab heute nichts mehr zu ${t.studentName}, außer ${t.studentName} erlaubt es Ihnen ausdrücklich.`
						: `Hello ${t.name},\n\n${t.studentName} turned 18 today. Your legal representation in school matters ends: from today you no longer see anything about ${t.studentName} in Schule 360°, unless ${t.studentName} explicitly allows it.`) +
					signature[locale]
			};
		case 'company_contact_invitation':
			return {
				subject: de
					? 'Zugang zu Schule 360° für Ihren Ausbildungsbetrieb'
					: 'Access to Schule 360° for your training company',
				text:
					(de
						? `Hallo ${t.name},\n\ndie ${t.schoolName} hat Sie als Ansprechperson für ${t.companyName} in Schule 360° eingetragen. Dort sehen Sie Ihre Auszubildenden und, soweit erlaubt, ihre Fehlzeiten.\n\nSo aktivieren Sie Ihren Zugang: Öffnen Sie ${config.origin}/konto-aktivieren, geben Sie diese E-Mail-Adresse ein und legen Sie mit dem Code, den Sie dann bekommen, ein Passwort fest.`
						: `Hello ${t.name},\n\n${t.schoolName} has registered you as the contact for ${t.companyName} in Schule 360°. There you see your apprentices and, where allowed, their absences.\n\nTo activate your access, open ${config.origin}/konto-aktivieren, enter this e-mail address and set a password with the code you then receive.`) +
					signature[locale]
			};
		case 'staff_invitation':
			return {
				subject: de
					? `Ihr Zugang zu Schule 360° (${t.schoolName})`
					: `Your Schule 360° access (${t.schoolName})`,
				text:
					(de
						? `Hallo ${t.name},\n\nSie sind in Schule 360° für die Schule „${t.schoolName}“ eingetragen als: ${staffRoleNames(t.roles, locale)}.\n\n` +
							(t.activate
								? `So aktivieren Sie Ihren Zugang: Öffnen Sie ${config.origin}/konto-aktivieren, geben Sie diese E-Mail-Adresse ein und legen Sie mit dem Code, den Sie dann bekommen, ein Passwort fest. Nach der ersten Anmeldung richten Sie einen zweiten Faktor (Authenticator-App) ein: Er ist für Schulpersonal vorgeschrieben.`
								: `Sie melden sich wie gewohnt unter ${config.origin}/anmelden an.`)
						: `Hello ${t.name},\n\nyou have been registered in Schule 360° for the school “${t.schoolName}” as: ${staffRoleNames(t.roles, locale)}.\n\n` +
							(t.activate
								? `To activate your access, open ${config.origin}/konto-aktivieren, enter this e-mail address and set a password with the code you then receive. After signing in for the first time you set up a second factor (authenticator app): school staff must use one.`
								: `Sign in as usual at ${config.origin}/anmelden.`)) + signature[locale]
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
