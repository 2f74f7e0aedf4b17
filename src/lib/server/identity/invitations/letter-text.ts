// The words of an invitation letter, apart from the drawing, so they can be read and tested as
// text. Plain German (Leichte-Sprache-nah): short sentences, one step per line.
import type { Letter, SchoolLetterhead } from './letters';

export interface LetterText {
	sender: string[];
	recipient: string[];
	date: string;
	subject: string;
	salutation: string;
	intro: string[];
	children: string[];
	steps: string[];
	code: string;
	url: string;
	codeLabel: string;
	validUntil: string;
	closing: string[];
}

const dateDe = (d: Date) =>
	d.toLocaleDateString('de-DE', {
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		timeZone: 'Europe/Berlin'
	});

export const invitationUrl = (origin: string, code: string) =>
	`${origin}/einladung?code=${encodeURIComponent(code)}`;

export function letterText(
	letter: Letter,
	school: SchoolLetterhead,
	origin: string,
	today: Date
): LetterText {
	const one = letter.children.length === 1;
	const host = origin.replace(/^https?:\/\//, '');
	return {
		sender: [
			school.name,
			school.address,
			[school.phone ? `Telefon ${school.phone}` : null, school.email].filter(Boolean).join(' · ')
		],
		recipient: [letter.guardianName, ...(letter.contactEmail ? [letter.contactEmail] : [])],
		date: dateDe(today),
		subject: 'Ihr Zugang zu Schule 360°',
		salutation: `Guten Tag ${letter.guardianName},`,
		intro: [
			`${one ? 'Ihr Kind besucht' : 'Ihre Kinder besuchen'} die ${school.name}.`,
			'Mit Schule 360° können Sie viele Dinge mit der Schule online erledigen.',
			`Zum Beispiel: ${one ? 'Ihr Kind' : 'ein Kind'} krank melden oder einen Termin machen.`,
			`Mit diesem Brief bekommen Sie Ihr Konto für ${one ? 'dieses Kind' : 'diese Kinder'}:`
		],
		children: letter.children.map((c) => `${c.name} (Klasse ${c.className})`),
		steps: [
			'1. Scannen Sie den QR-Code mit der Kamera Ihres Handys.',
			`   Oder öffnen Sie ${host}/einladung und tippen Sie den Code ein.`,
			'2. Legen Sie ein neues Konto an. Oder melden Sie sich an, wenn Sie schon ein Konto haben.',
			'   Mit einem Konto sehen Sie alle Ihre Kinder, auch an anderen Schulen im Landkreis.',
			'3. Fertig. Ihre Kinder finden Sie dann unter „Konto“, „Meine Kinder“.'
		],
		codeLabel: 'Ihr persönlicher Code',
		code: letter.code,
		url: invitationUrl(origin, letter.code),
		validUntil: `Der Code gilt bis zum ${dateDe(letter.expiresAt)}. Er funktioniert nur einmal.`,
		closing: [
			'Geben Sie den Code nicht weiter. Wer ihn hat, kann das Konto für Ihre Kinder anlegen.',
			'Fragen? Brief verloren? Rufen Sie das Sekretariat an oder schreiben Sie uns.',
			'Freundliche Grüße',
			`Ihr Sekretariat – ${school.name}`
		]
	};
}
