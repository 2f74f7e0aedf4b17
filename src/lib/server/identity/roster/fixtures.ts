// Class lists as ASV-BW exports them, for tests, e2e uploads and benchmarks: deterministic by seed,
// with umlauts, ß and names from the families the district's schools actually teach.
import { WINDOWS_1252_HIGH } from './decode';
import type { RosterField } from './mapping';

export const FIXTURE_CLASSES = [
	'1BKFH1',
	'2BKFH1',
	'BFW1',
	'E1KM1',
	'E2KM1',
	'WG11',
	'WG12',
	'BS-IT1',
	'BS-IT2',
	'BS-KFZ1',
	'BS-MFA3',
	'VAB-O'
] as const;

/** Header line in ASV-BW's spelling, all matched by the default mapping. */
export const FIXTURE_HEADERS: Record<RosterField, string> = {
	asvId: 'Schüler-ID',
	familyName: 'Familienname',
	givenNames: 'Vorname(n)',
	birthDate: 'Geburtsdatum',
	className: 'Klasse',
	schoolEmail: 'E-Mail (Schule)',
	sex: 'Geschlecht',
	guardian1Name: 'Erziehungsberechtigte/r 1 Name',
	guardian1Email: 'Erziehungsberechtigte/r 1 E-Mail',
	guardian2Name: 'Erziehungsberechtigte/r 2 Name',
	guardian2Email: 'Erziehungsberechtigte/r 2 E-Mail',
	company: 'Ausbildungsbetrieb'
};

const FAMILY_NAMES = [
	'Müller',
	'Schäfer',
	'Weiß',
	'Groß',
	'Köhler',
	'Krüger',
	'Böhm',
	'Schröder',
	'Wöhrle',
	'Häberle',
	'Strauß',
	'Schmid',
	'Maier',
	'Kübler',
	'Fuß',
	'Bäuerle',
	'Schneider',
	'Fischer',
	'Çelik',
	'Öztürk',
	'Kaya',
	'Demir',
	'Koç',
	'Kovalenko',
	'Bondarenko',
	'Tkachenko',
	'Shevchenko',
	'Nowak',
	'Wójcik'
];
const GIVEN_NAMES: [string, 'm' | 'w'][] = [
	['Jonas', 'm'],
	['Lukas', 'm'],
	['Björn', 'm'],
	['Jörg', 'm'],
	['Mathéo', 'm'],
	['Ömer', 'm'],
	['Emre', 'm'],
	['Oleksandr', 'm'],
	['Taras', 'm'],
	['Mykola', 'm'],
	['Hans-Jürgen', 'm'],
	['Lea', 'w'],
	['Sophie', 'w'],
	['Mia', 'w'],
	['Zoë', 'w'],
	['Chloé', 'w'],
	['Jülide', 'w'],
	['Elif', 'w'],
	['Anastasiia', 'w'],
	['Daryna', 'w'],
	['Anna-Lena Käthe', 'w'],
	['Grete', 'w']
];
// Letters Windows-1252 lacks: only in UTF-8 files, as a school with a UTF-8 export would have them.
const UTF8_ONLY_FAMILY_NAMES = ['Yılmaz', 'Şahin', 'Aydın', 'Dąbrowski', 'Кравченко'];
const UTF8_ONLY_GIVEN_NAMES: [string, 'm' | 'w'][] = [
	['Ayşe', 'w'],
	['Barış', 'm'],
	['Оксана', 'w']
];
const COMPANIES = [
	'Autohaus Köhler GmbH',
	'Bäckerei Weiß',
	'Schreinerei Häberle & Söhne',
	'Seeburger Maschinenbau AG',
	'Praxis Dr. Öztürk; Zahnmedizin',
	'Café "Zur Post"',
	'Landratsamt Seeburg',
	'Elektro Groß e.K.'
];

export interface RosterCsvOptions {
	rows: number;
	encoding: 'windows-1252' | 'utf-8';
	bom?: boolean;
	seed: number;
	/** Cell values to put in place of the generated ones, by 0-based data row. */
	overrides?: Record<number, Partial<Record<RosterField, string>>>;
}

export function generateRosterCsv(options: RosterCsvOptions): Uint8Array {
	const random = mulberry32(options.seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const utf8 = options.encoding === 'utf-8';
	const familyNames = utf8 ? [...FAMILY_NAMES, ...UTF8_ONLY_FAMILY_NAMES] : FAMILY_NAMES;
	const givenNames = utf8 ? [...GIVEN_NAMES, ...UTF8_ONLY_GIVEN_NAMES] : GIVEN_NAMES;
	const fields = Object.keys(FIXTURE_HEADERS) as RosterField[];

	const lines = [fields.map((f) => csvCell(FIXTURE_HEADERS[f])).join(';')];
	for (let i = 0; i < options.rows; i++) {
		const familyName = pick(familyNames);
		const [givenName, sex] = pick(givenNames);
		const birth = new Date(Date.UTC(2001, 0, 1) + Math.floor(random() * 10 * 365) * 86_400_000);
		const local = `${mailName(givenName)}.${mailName(familyName)}`;
		const parent = (given: string) => `${given} ${familyName}`;
		const guardians = random() < 0.65 ? (random() < 0.5 ? 2 : 1) : 0;
		const row: Record<RosterField, string> = {
			asvId: String(4_000_000 + options.seed * 100_000 + i),
			familyName,
			givenNames: givenName,
			birthDate: [birth.getUTCDate(), birth.getUTCMonth() + 1]
				.map((n) => String(n).padStart(2, '0'))
				.concat(String(birth.getUTCFullYear()))
				.join('.'),
			className: pick(FIXTURE_CLASSES),
			schoolEmail: `${local}${i}@bs-seeburg.example`,
			sex,
			guardian1Name: guardians >= 1 ? parent(pick(givenNames)[0]) : '',
			guardian1Email: guardians >= 1 ? `${local}.eltern@familie.example` : '',
			guardian2Name: guardians >= 2 ? parent(pick(givenNames)[0]) : '',
			guardian2Email:
				guardians >= 2 && random() < 0.5 ? `${mailName(familyName)}${i}@post.example` : '',
			company: random() < 0.5 ? pick(COMPANIES) : '',
			...options.overrides?.[i]
		};
		lines.push(fields.map((f) => csvCell(row[f])).join(';'));
	}
	// Windows programs end lines with CRLF, the last one included.
	const text = lines.join('\r\n') + '\r\n';
	if (!utf8) return encodeWindows1252(text);
	const bytes = new TextEncoder().encode(text);
	return options.bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) : bytes;
}

function csvCell(value: string): string {
	return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** "Hans-Jürgen" → "hans-juergen", "Çelik" → "celik": school addresses are ASCII. */
function mailName(name: string): string {
	return name
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.replace(/ı/g, 'i')
		.normalize('NFKD')
		.replace(/[^a-z-]/g, '')
		.replace(/^$/, 'x');
}

// Node cannot encode Windows-1252. Bytes 0x00–0x7F and 0xA0–0xFF are the code points themselves;
// 0x80–0x9F come from the decoder's table.
const HIGH_BYTES = new Map<string, number>(
	WINDOWS_1252_HIGH.map((char, i) => [char || String.fromCharCode(0x80 + i), 0x80 + i])
);

export function encodeWindows1252(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : HIGH_BYTES.get(text[i]);
		if (byte === undefined) throw new Error(`Not in Windows-1252: ${text[i]}`);
		bytes[i] = byte;
	}
	return bytes;
}

/** Small seeded PRNG: the same seed gives the same file on every machine. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
