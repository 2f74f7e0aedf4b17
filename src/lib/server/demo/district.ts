// The fictional district the demo data describes: Landkreis Seeburg, its two vocational schools,
// two training companies, twelve classes, and where the demo logins' people sit. Everyone else is
// generated in data.ts.
import type { Role, SchoolType } from '../identity/schema';
import { demoLogin, type DemoLoginKey } from './logins';
import type { Gender } from './names';

/** The day the demo is written for: ages, minors and the coming 18th birthday count from here. */
export const DEMO_TODAY = '2026-11-23';
export const SCHOOL_YEAR = { label: '2026/27', startsOn: '2026-08-01', endsOn: '2027-07-31' };
/** First school day after the summer holidays 2026 in Baden-Württemberg. */
export const FIRST_SCHOOL_DAY = '2026-09-14';

export const SCHOOLS = {
	gs: {
		code: '04199001',
		name: 'Gewerbliche Schule Seeburg',
		shortName: 'GS Seeburg',
		address: 'Robert-Bosch-Straße 12, 78990 Seeburg',
		domain: 'gs-seeburg.schule.example'
	},
	ks: {
		code: '04199002',
		name: 'Kaufmännische Schule Lindenau',
		shortName: 'KS Lindenau',
		address: 'Am Marktplatz 3, 78995 Lindenau',
		domain: 'ks-lindenau.schule.example'
	}
} as const;
export type SchoolKey = keyof typeof SCHOOLS;
/** The marker seed.ts looks for: demo data is loaded when this school exists. */
export const DEMO_SCHOOL_CODE = SCHOOLS.gs.code;

export const COMPANIES = {
	brenner: {
		name: 'Autohaus Brenner GmbH & Co. KG',
		address: 'Bahnhofstraße 40, 78990 Seeburg',
		email: 'ausbildung@autohaus-brenner.example',
		contact: 'companyContact'
	},
	seewerk: {
		name: 'Seewerk Maschinenbau GmbH',
		address: 'Industriepark Nord 7, 78995 Lindenau',
		email: 'ausbildung@seewerk.example',
		contact: 'companyContactSeewerk'
	}
} as const;
export type CompanyKey = keyof typeof COMPANIES;

export interface ClassPlan {
	school: SchoolKey;
	name: string;
	type: SchoolType;
	/** Year of training or of the full-time course (1 = started this September). */
	year: number;
	ages: [number, number];
	size: number;
	/** Part-time classes: this many students are apprentices at this company. */
	apprentices?: [CompanyKey, number];
	/** Kfz-Mechatroniker train for 3½ years, the others for 3. */
	trainingMonths?: number;
}

// Part-time Berufsschule classes (dual training) and full-time courses at each school.
// prettier-ignore
export const CLASS_PLANS: ClassPlan[] = [
	{ school: 'gs', name: 'KFZ1', type: 'part_time', year: 1, ages: [16, 21], size: 19, apprentices: ['brenner', 5], trainingMonths: 42 },
	{ school: 'gs', name: 'KFZ2', type: 'part_time', year: 2, ages: [17, 23], size: 17, apprentices: ['brenner', 5], trainingMonths: 42 },
	{ school: 'gs', name: 'EL1', type: 'part_time', year: 1, ages: [16, 22], size: 18, apprentices: ['seewerk', 5] },
	{ school: 'gs', name: 'IM3', type: 'part_time', year: 3, ages: [18, 25], size: 15, apprentices: ['seewerk', 6] },
	{ school: 'gs', name: 'BFE1', type: 'full_time', year: 1, ages: [15, 17], size: 16 },
	{ school: 'gs', name: 'TG11', type: 'full_time', year: 1, ages: [15, 17], size: 20 },
	{ school: 'ks', name: 'IK1', type: 'part_time', year: 1, ages: [16, 23], size: 17, apprentices: ['seewerk', 4] },
	{ school: 'ks', name: 'BM2', type: 'part_time', year: 2, ages: [17, 24], size: 16, apprentices: ['brenner', 2] },
	{ school: 'ks', name: 'EH3', type: 'part_time', year: 3, ages: [18, 24], size: 14 },
	{ school: 'ks', name: 'WG11', type: 'full_time', year: 1, ages: [15, 17], size: 20 },
	{ school: 'ks', name: 'BK1', type: 'full_time', year: 1, ages: [16, 19], size: 18 },
	{ school: 'ks', name: 'WS1', type: 'full_time', year: 1, ages: [15, 18], size: 15 }
];

/** The demo logins' students and Emre's sister, where they sit in the district. */
export interface DemoStudent {
	key: string;
	login?: DemoLoginKey;
	name?: [string, string];
	gender: Gender;
	origin: string;
	class: string;
	birthDate: string;
	apprenticeAt?: CompanyKey;
	/** A child of Ayşe Yılmaz, the demo guardian. */
	ward?: boolean;
}
// prettier-ignore
export const DEMO_STUDENTS: DemoStudent[] = [
	{ key: 'student', login: 'student', gender: 'm', origin: 'de', class: 'KFZ2', birthDate: '2005-03-02', apprenticeAt: 'brenner' },
	{ key: 'studentMinor', login: 'studentMinor', gender: 'm', origin: 'tr', class: 'TG11', birthDate: '2010-05-14', ward: true },
	// A minor today, 18 on 10 December 2026: then her mother's access ends unless she consents.
	{ key: 'elif', name: ['Elif', 'Yılmaz'], gender: 'f', origin: 'tr', class: 'BK1', birthDate: '2008-12-10', ward: true }
];
export const nameOf = (s: DemoStudent): [string, string] =>
	s.login ? [demoLogin(s.login).givenNames, demoLogin(s.login).familyName] : s.name!;
export const DEMO_STAFF: { key: DemoLoginKey; school: SchoolKey; role: Role }[] = [
	{ key: 'secretary', school: 'gs', role: 'secretary' },
	{ key: 'schoolAdmin', school: 'gs', role: 'school_admin' },
	{ key: 'socialWorker', school: 'gs', role: 'social_worker' },
	{ key: 'secretaryLindenau', school: 'ks', role: 'secretary' }
];
/** More demo staff logins, each the only one of its kind (second factor, staff admin). */
export const DEMO_EXTRA_STAFF: { key: DemoLoginKey; school: SchoolKey; role: Role }[] = [
	{ key: 'deputyHead', school: 'gs', role: 'school_admin' },
	{ key: 'newTeacher', school: 'ks', role: 'teacher' },
	{ key: 'secretaryLetters', school: 'gs', role: 'secretary' },
	{ key: 'secretaryCompanies', school: 'ks', role: 'secretary' }
];
/** Katrin Hoffmann, the demo class teacher, leads this class. */
export const DEMO_CLASS_TEACHER_OF = 'KFZ2';
/**
 * Generated class teachers who also have a demo login: their account uses the login's address,
 * the generated name stays (logins.ts repeats it).
 */
export const DEMO_GENERATED_CLASS_TEACHER_LOGINS: Record<string, DemoLoginKey> = {
	TG11: 'classTeacherTG11'
};
