// The demo accounts that DEMO_DATA=1 creates, as plain data: the seed creates them, `npm start`
// prints them, the README lists them and browser tests sign in with them. Keep this file free of
// runtime imports: scripts/start.mjs loads it without the app's build.
import type { Role } from '../identity/schema';

/** One password for every demo account (argon2 is slow on purpose: it is hashed once). */
export const DEMO_PASSWORD = 'Seeburg-Demo-2026';

export type DemoLoginKey =
	| 'student'
	| 'studentMinor'
	| 'guardian'
	| 'teacher'
	| 'secretary'
	| 'schoolAdmin'
	| 'socialWorker'
	| 'companyContact'
	| 'districtFinance'
	| 'districtAdmin'
	| 'secretaryLindenau'
	| 'companyContactSeewerk'
	| 'deputyHead'
	| 'newTeacher'
	| 'secretaryLetters'
	| 'studentConsent'
	| 'companyContactBakery'
	| 'secretaryCompanies'
	| 'guardianAccount'
	| 'guardianOfAdult'
	| 'classTeacherTG11';

export interface DemoLogin {
	key: DemoLoginKey;
	role: Role;
	/** Short description for tables: who this is. */
	label: string;
	email: string;
	givenNames: string;
	familyName: string;
	/** What this account shows in the demo. */
	tryThis: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
	{
		key: 'student',
		role: 'student',
		label: 'Student, adult',
		email: 'schueler@demo.schule360.example',
		givenNames: 'Jonas',
		familyName: 'Weber',
		tryThis:
			'21, apprentice car mechatronics technician at Autohaus Brenner, class KFZ2 at the Gewerbliche Schule Seeburg; acts for himself.'
	},
	{
		key: 'studentMinor',
		role: 'student',
		label: 'Student, minor',
		email: 'schueler-minderjaehrig@demo.schule360.example',
		givenNames: 'Emre',
		familyName: 'Yılmaz',
		tryThis:
			'16, class TG11 (Technisches Gymnasium) at the Gewerbliche Schule Seeburg; his mother Ayşe Yılmaz is his guardian.'
	},
	{
		key: 'guardian',
		role: 'guardian',
		label: 'Parent with children at both schools',
		email: 'eltern@demo.schule360.example',
		givenNames: 'Ayşe',
		familyName: 'Yılmaz',
		tryThis:
			'Guardian of Emre (16, GS Seeburg) and Elif (17, BK1 at the KS Lindenau), who turns 18 on 10 December 2026 and then acts for herself.'
	},
	{
		key: 'teacher',
		role: 'teacher',
		label: 'Class teacher',
		email: 'lehrerin@demo.schule360.example',
		givenNames: 'Katrin',
		familyName: 'Hoffmann',
		tryThis:
			'Class teacher of KFZ2 (Jonas Weber’s class) and subject teacher in TG11 at the Gewerbliche Schule Seeburg.'
	},
	{
		key: 'secretary',
		role: 'secretary',
		label: 'School secretariat',
		email: 'sekretariat@demo.schule360.example',
		givenNames: 'Petra',
		familyName: 'Wagner',
		tryThis: 'Secretariat of the Gewerbliche Schule Seeburg: the staff area /sekretariat.'
	},
	{
		key: 'schoolAdmin',
		role: 'school_admin',
		label: 'Head of school',
		email: 'schulleitung@demo.schule360.example',
		givenNames: 'Martin',
		familyName: 'Keller',
		tryThis: 'Head of the Gewerbliche Schule Seeburg: staff area, manages the school’s staff roles.'
	},
	{
		key: 'socialWorker',
		role: 'social_worker',
		label: 'School social worker',
		email: 'sozialarbeit@demo.schule360.example',
		givenNames: 'Selin',
		familyName: 'Demir',
		tryThis: 'School social work at the Gewerbliche Schule Seeburg.'
	},
	{
		key: 'companyContact',
		role: 'company_contact',
		label: 'Training company',
		email: 'betrieb@demo.schule360.example',
		givenNames: 'Sabine',
		familyName: 'Brenner',
		tryThis:
			'Training manager of Autohaus Brenner, which trains Jonas Weber and other KFZ apprentices.'
	},
	{
		key: 'districtFinance',
		role: 'district_finance',
		label: 'District office, finance',
		email: 'kreiskasse@demo.schule360.example',
		givenNames: 'Uwe',
		familyName: 'Lehmann',
		tryThis: 'District treasury (Landratsamt): the district area /kreis; money, never health data.'
	},
	{
		key: 'districtAdmin',
		role: 'district_admin',
		label: 'District office, admin',
		email: 'kreis@demo.schule360.example',
		givenNames: 'Claudia',
		familyName: 'Fischer',
		tryThis:
			'District administrator: /kreis with both schools, background jobs /kreis/auftraege, audit log /kreis/protokoll.'
	},
	{
		key: 'secretaryLindenau',
		role: 'secretary',
		label: 'School secretariat (2nd school)',
		email: 'sekretariat-lindenau@demo.schule360.example',
		givenNames: 'Monika',
		familyName: 'Berger',
		tryThis: 'Secretariat of the Kaufmännische Schule Lindenau: sees her school, not the other one.'
	},
	{
		key: 'companyContactSeewerk',
		role: 'company_contact',
		label: 'Training company (2nd)',
		email: 'betrieb-seewerk@demo.schule360.example',
		givenNames: 'Thomas',
		familyName: 'Albrecht',
		tryThis:
			'Training manager of Seewerk Maschinenbau (industrial mechanics, electronics, industrial clerks).'
	},
	{
		key: 'deputyHead',
		role: 'school_admin',
		label: 'Deputy head of school',
		email: 'stellv-schulleitung@demo.schule360.example',
		givenNames: 'Andreas',
		familyName: 'Roth',
		tryThis:
			'Deputy head of the Gewerbliche Schule Seeburg: creates staff accounts and assigns class teachers at /schule/personal.'
	},
	{
		key: 'newTeacher',
		role: 'teacher',
		label: 'New teacher, no second factor yet',
		email: 'neue-lehrkraft@demo.schule360.example',
		givenNames: 'Julia',
		familyName: 'Neumann',
		tryThis:
			'Just started at the Kaufmännische Schule Lindenau: is asked to set up an authenticator app right after signing in.'
	},
	{
		key: 'secretaryLetters',
		role: 'secretary',
		label: 'School secretariat, parent letters',
		email: 'sekretariat-briefe@demo.schule360.example',
		givenNames: 'Birgit',
		familyName: 'Sommer',
		tryThis:
			'Secretariat of the Gewerbliche Schule Seeburg: prints invitation letters for parents without an account at /sekretariat/elternbriefe (e.g. for Sandra Krüger).'
	},
	{
		key: 'studentConsent',
		role: 'student',
		label: 'Student, adult, deciding on consents',
		email: 'volljaehrig@demo.schule360.example',
		givenNames: 'Lara',
		familyName: 'Jansen',
		tryThis:
			'20, class EH3 at the KS Lindenau, apprentice at Bäckerei Sonnenschein. Under Konto → Einwilligungen she decides what her father and her training company still see.'
	},
	{
		key: 'companyContactBakery',
		role: 'company_contact',
		label: 'Training company contact (bakery)',
		email: 'baeckerei@demo.schule360.example',
		givenNames: 'Heike',
		familyName: 'Sonnenschein',
		tryThis:
			'Bäckerei Sonnenschein: sees its apprentice Lara Jansen at /betrieb and only what she allows.'
	},
	{
		key: 'secretaryCompanies',
		role: 'secretary',
		label: 'School secretariat, training companies',
		email: 'sekretariat-betriebe@demo.schule360.example',
		givenNames: 'Jana',
		familyName: 'Albrecht',
		tryThis:
			'Secretariat of the KS Lindenau: invites company contacts and enters apprenticeships at /sekretariat/betriebe.'
	},
	{
		key: 'guardianAccount',
		role: 'guardian',
		label: 'Parent, trying out “Mein Konto”',
		email: 'eltern-konto@demo.schule360.example',
		givenNames: 'Dirk',
		familyName: 'Hartmann',
		tryThis:
			'Father of a pupil at the Gewerbliche Schule Seeburg: corrects his name, changes his sign-in address and downloads his data at /konto.'
	},
	{
		key: 'guardianOfAdult',
		role: 'guardian',
		label: 'Parent of an adult student',
		email: 'eltern-volljaehrig@demo.schule360.example',
		givenNames: 'Gabriele',
		familyName: 'Brandt',
		tryThis:
			'Mother of Nico Brandt (20, EL1 at the Gewerbliche Schule Seeburg): her son is of age, so she cannot report him sick; he does that himself.'
	},
	{
		key: 'classTeacherTG11',
		role: 'teacher',
		label: 'Class teacher of TG11',
		email: 'klassenlehrer@demo.schule360.example',
		// The generated class teacher of TG11 (data.ts checks that the names still match).
		givenNames: 'Birgit',
		familyName: 'Huber',
		tryThis:
			'Class teacher of TG11 (Emre Yılmaz’s class) at the Gewerbliche Schule Seeburg: absences of the class at /schule/fehlzeiten, open excuses, demands an Attest.'
	}
];

export function demoLogin(key: DemoLoginKey): DemoLogin {
	const login = DEMO_LOGINS.find((l) => l.key === key);
	if (!login) throw new Error(`No demo login ${key}`);
	return login;
}
