// The demo district as plain rows, built without a database: Landkreis Seeburg with two vocational
// schools in the school year 2026/27. Pure and deterministic (one seeded PRNG, ids derived from
// keys), so every start and every machine gets the same people; seed.ts only writes the rows.
import { ageOn } from '../identity/age';
import type {
	accounts,
	apprenticeships,
	classes,
	classMemberships,
	companies,
	districtSettings,
	guardianships,
	people,
	roleMemberships,
	schools,
	schoolYears,
	ClassRole,
	Role
} from '../identity/schema';
import {
	CLASS_PLANS,
	COMPANIES,
	DEMO_CLASS_TEACHER_OF,
	DEMO_EXTRA_STAFF,
	DEMO_GENERATED_CLASS_TEACHER_LOGINS,
	DEMO_STAFF,
	DEMO_STUDENTS,
	DEMO_TODAY,
	FIRST_SCHOOL_DAY,
	nameOf,
	SCHOOL_YEAR,
	SCHOOLS,
	type CompanyKey,
	type SchoolKey
} from './district';
import { DEMO_CONSENT_COMPANY, DEMO_CONSENT_FATHER, DEMO_CONSENT_STUDENT } from './consent-family';
import { DEMO_LOGINS, demoLogin, type DemoLoginKey } from './logins';
import {
	emailLocalPart,
	familyNameFor,
	givenName,
	randomFamily,
	type Family,
	type Gender
} from './names';
import {
	DEMO_ACTIVATION_STUDENT,
	DEMO_ADULT_WARD,
	DEMO_LETTER_CHILDREN,
	DEMO_LETTER_GUARDIAN
} from './newcomers';
import { demoId, seededRandom, type Random } from './random';

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];
export interface DemoData {
	district: Row<typeof districtSettings>;
	schools: Row<typeof schools>[];
	schoolYears: Row<typeof schoolYears>[];
	companies: Row<typeof companies>[];
	classes: Row<typeof classes>[];
	people: Row<typeof people>[];
	accounts: Row<typeof accounts>[];
	roleMemberships: Row<typeof roleMemberships>[];
	classMemberships: Row<typeof classMemberships>[];
	guardianships: Row<typeof guardianships>[];
	apprenticeships: Row<typeof apprenticeships>[];
}

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearsBefore = (iso: string, years: number) =>
	`${Number(iso.slice(0, 4)) - years}${iso.slice(4)}`;

/** A birth date giving an age in [min, max] on DEMO_TODAY. */
function birthDateForAge(random: Random, [min, max]: [number, number]) {
	const latest = toDay(yearsBefore(DEMO_TODAY, min));
	const earliest = toDay(yearsBefore(DEMO_TODAY, max + 1)) + 1;
	return fromDay(random.int(earliest, latest));
}

export function buildDemoData(passwordHash: string): DemoData {
	const random = seededRandom(20260801);
	const data: DemoData = {
		district: {
			id: 1,
			name: 'Landkreis Seeburg',
			officeName: 'Landratsamt Seeburg – Amt für Schulen und Bildung',
			contactEmail: 'schulen@landkreis-seeburg.example'
		},
		schools: [],
		schoolYears: [],
		companies: [],
		classes: [],
		people: [],
		accounts: [],
		roleMemberships: [],
		classMemberships: [],
		guardianships: [],
		apprenticeships: []
	};
	const schoolId = (key: SchoolKey) => demoId(`school:${key}`);
	const companyId = (key: CompanyKey) => demoId(`company:${key}`);
	const classId = (name: string) => demoId(`class:${name}`);
	const schoolYearId = demoId(`school-year:${SCHOOL_YEAR.label}`);
	const verifiedAt = new Date('2026-09-01T07:00:00Z');

	for (const [key, s] of Object.entries(SCHOOLS) as [SchoolKey, (typeof SCHOOLS)[SchoolKey]][])
		data.schools.push({
			id: schoolId(key),
			code: s.code,
			name: s.name,
			shortName: s.shortName,
			address: s.address,
			email: `sekretariat@${s.domain}`
		});
	data.schoolYears.push({ id: schoolYearId, ...SCHOOL_YEAR });
	for (const [key, c] of Object.entries(COMPANIES) as [
		CompanyKey,
		(typeof COMPANIES)[CompanyKey]
	][])
		data.companies.push({ id: companyId(key), name: c.name, address: c.address, email: c.email });
	for (const plan of CLASS_PLANS)
		data.classes.push({
			id: classId(plan.name),
			schoolId: schoolId(plan.school),
			schoolYearId,
			name: plan.name,
			schoolType: plan.type
		});

	// School e-mail addresses are unique: the demo logins' people get theirs first.
	const usedEmails = new Set<string>();
	const emailFor = (given: string, family: string, school: SchoolKey, n = 1) =>
		`${emailLocalPart(given, family)}${n > 1 ? n : ''}@${SCHOOLS[school].domain}`;
	const schoolEmail = (given: string, family: string, school: SchoolKey) => {
		let n = 1;
		while (usedEmails.has(emailFor(given, family, school, n))) n++;
		usedEmails.add(emailFor(given, family, school, n));
		return emailFor(given, family, school, n);
	};
	const reserved = new Map<string, string>();
	for (const s of DEMO_STUDENTS) {
		const school = CLASS_PLANS.find((c) => c.name === s.class)!.school;
		reserved.set(s.key, schoolEmail(...nameOf(s), school));
	}
	for (const s of [...DEMO_STAFF, { key: 'teacher' as const, school: 'gs' as const }]) {
		const login = demoLogin(s.key);
		reserved.set(s.key, schoolEmail(login.givenNames, login.familyName, s.school));
	}

	const asvSeq: Record<SchoolKey, number> = { gs: 0, ks: 0 };
	const asvId = (school: SchoolKey) =>
		`ASV-${SCHOOLS[school].code}-${String(++asvSeq[school]).padStart(5, '0')}`;
	const account = (personId: string, email: string) =>
		data.accounts.push({
			id: demoId(`account:${email}`),
			personId,
			email,
			emailVerifiedAt: verifiedAt,
			passwordHash
		});
	const role = (
		personId: string,
		r: Role,
		validFrom: string,
		ids: { school?: SchoolKey; company?: CompanyKey } = {}
	) =>
		data.roleMemberships.push({
			id: demoId(`role:${personId}:${r}:${ids.school ?? ''}:${ids.company ?? ''}`),
			personId,
			role: r,
			schoolId: ids.school ? schoolId(ids.school) : null,
			companyId: ids.company ? companyId(ids.company) : null,
			validFrom
		});
	const inClass = (personId: string, className: string, r: ClassRole) =>
		data.classMemberships.push({
			id: demoId(`class-membership:${className}:${personId}:${r}`),
			classId: classId(className),
			personId,
			role: r,
			validFrom: FIRST_SCHOOL_DAY
		});
	const guardianship = (guardianPersonId: string, student: Student) =>
		data.guardianships.push({
			id: demoId(`guardianship:${guardianPersonId}:${student.id}`),
			guardianPersonId,
			studentPersonId: student.id,
			validFrom: student.birthDate
		});

	// Demo logins outside the schools: district office and company contacts.
	const loginPerson = (key: DemoLoginKey, birthDate: string | null = null) => {
		const login = demoLogin(key);
		const id = demoId(`person:${key}`);
		data.people.push({ id, givenNames: login.givenNames, familyName: login.familyName, birthDate });
		account(id, login.email);
		return id;
	};
	role(loginPerson('districtAdmin'), 'district_admin', '2019-04-01');
	role(loginPerson('districtFinance'), 'district_finance', '2021-01-01');
	for (const [key, c] of Object.entries(COMPANIES) as [
		CompanyKey,
		(typeof COMPANIES)[CompanyKey]
	][])
		role(loginPerson(c.contact), 'company_contact', '2022-09-01', { company: key });

	// Students, class by class; the demo students take their places first.
	interface Student {
		id: string;
		family: Family;
		gender: Gender;
		birthDate: string;
		school: SchoolKey;
		enrolledOn: string;
	}
	const students: Student[] = [];
	const wardsOfDemoGuardian: Student[] = [];
	for (const plan of CLASS_PLANS) {
		const startYear = 2026 - (plan.year - 1);
		const enrolledOn = `${startYear}-09-01`;
		let apprentices = plan.apprentices?.[1] ?? 0;
		const addStudent = (
			id: string,
			given: string,
			family: Family,
			gender: Gender,
			birthDate: string,
			email: string,
			company: CompanyKey | undefined
		) => {
			data.people.push({
				id,
				givenNames: given,
				familyName: familyNameFor(family, gender),
				birthDate,
				asvId: asvId(plan.school),
				schoolEmail: email
			});
			role(id, 'student', enrolledOn, { school: plan.school });
			inClass(id, plan.name, 'student');
			const student = { id, family, gender, birthDate, school: plan.school, enrolledOn };
			students.push(student);
			if (company) {
				// Training starts on 1 September and lasts 36 months (Kfz: 42).
				const endMonth = 8 + (plan.trainingMonths ?? 36);
				const after = `${startYear + Math.floor(endMonth / 12)}-${String((endMonth % 12) + 1).padStart(2, '0')}-01`;
				data.apprenticeships.push({
					id: demoId(`apprenticeship:${id}`),
					studentPersonId: id,
					companyId: companyId(company),
					startsOn: enrolledOn,
					endsOn: fromDay(toDay(after) - 1)
				});
				apprentices--;
			}
			return student;
		};
		const placed = DEMO_STUDENTS.filter((s) => s.class === plan.name);
		for (const s of placed) {
			const [given, familyName] = nameOf(s);
			const family: Family = { origin: s.origin, familyName: [familyName, familyName] };
			const id = demoId(`person:${s.key}`);
			const student = addStudent(
				id,
				given,
				family,
				s.gender,
				s.birthDate,
				reserved.get(s.key)!,
				s.apprenticeAt
			);
			if (s.login) account(id, demoLogin(s.login).email);
			if (s.ward) wardsOfDemoGuardian.push(student);
		}
		for (let i = placed.length; i < plan.size; i++) {
			const family = randomFamily(random);
			const gender: Gender = random.chance(plan.school === 'gs' ? 0.25 : 0.55) ? 'f' : 'm';
			const given = givenName(random, family, gender, 'young');
			addStudent(
				demoId(`person:student:${plan.name}:${i}`),
				given,
				family,
				gender,
				birthDateForAge(random, plan.ages),
				schoolEmail(given, familyNameFor(family, gender), plan.school),
				apprentices > 0 ? plan.apprentices?.[0] : undefined
			);
		}
	}

	// The demo guardian: one mother with a child at each school.
	const guardianId = loginPerson('guardian', '1982-07-19');
	for (const ward of wardsOfDemoGuardian) {
		guardianship(guardianId, ward);
		role(guardianId, 'guardian', ward.enrolledOn, { school: ward.school });
	}
	// Legal guardians for every other minor: one or two parents, mostly sharing the family name.
	for (const student of students) {
		if (ageOn(student.birthDate, DEMO_TODAY) >= 18 || wardsOfDemoGuardian.includes(student))
			continue;
		const first: Gender = random.chance(0.65) ? 'f' : 'm';
		const genders: Gender[] = random.chance(0.4) ? [first, first === 'f' ? 'm' : 'f'] : [first];
		genders.forEach((gender, n) => {
			const family = random.chance(0.85)
				? student.family
				: randomFamily(random, student.family.origin);
			const id = demoId(`person:guardian:${student.id}:${n}`);
			data.people.push({
				id,
				givenNames: givenName(random, family, gender, 'parent'),
				familyName: familyNameFor(family, gender),
				birthDate: fromDay(toDay(student.birthDate) - random.int(22 * 365, 40 * 365))
			});
			guardianship(id, student);
			role(id, 'guardian', student.enrolledOn, { school: student.school });
		});
	}

	// Staff: per school a head, a secretariat, a social worker, a class teacher per class and four
	// subject teachers. Class teachers also teach one other class.
	for (const school of Object.keys(SCHOOLS) as SchoolKey[]) {
		const staffPerson = (key: string, login?: DemoLoginKey, generatedLogin?: DemoLoginKey) => {
			let given: string, familyName: string, email: string;
			if (login) {
				({ givenNames: given, familyName } = demoLogin(login));
				email = reserved.get(login)!;
			} else {
				const family = randomFamily(random);
				const gender: Gender = random.chance(0.55) ? 'f' : 'm';
				given = givenName(random, family, gender, 'parent');
				familyName = familyNameFor(family, gender);
				email = schoolEmail(given, familyName, school);
			}
			const id = demoId(`person:${login ?? `staff:${school}:${key}`}`);
			data.people.push({ id, givenNames: given, familyName, birthDate: null, schoolEmail: email });
			// Staff sign in with their school address; the demo logins with a memorable one.
			if (generatedLogin) {
				const named = demoLogin(generatedLogin);
				if (named.givenNames !== given || named.familyName !== familyName)
					throw new Error(`demo data: ${generatedLogin} is ${given} ${familyName} now`);
			}
			account(
				id,
				login ? demoLogin(login).email : generatedLogin ? demoLogin(generatedLogin).email : email
			);
			return id;
		};
		const since = () => `${random.int(2004, 2024)}-09-01`;
		for (const r of ['school_admin', 'secretary', 'social_worker'] as const) {
			const login = DEMO_STAFF.find((s) => s.school === school && s.role === r)?.key;
			role(staffPerson(r, login), r, since(), { school });
		}
		const schoolClasses = CLASS_PLANS.filter((c) => c.school === school).map((c) => c.name);
		schoolClasses.forEach((name, j) => {
			const login = name === DEMO_CLASS_TEACHER_OF ? 'teacher' : undefined;
			const id = staffPerson(
				`class-teacher:${name}`,
				login,
				DEMO_GENERATED_CLASS_TEACHER_LOGINS[name]
			);
			role(id, 'teacher', since(), { school });
			inClass(id, name, 'class_teacher');
			inClass(id, schoolClasses[(j + 4) % schoolClasses.length], 'teacher');
		});
		for (let t = 0; t < 4; t++) {
			const id = staffPerson(`subject-teacher:${t}`);
			role(id, 'teacher', since(), { school });
			for (const k of [t, t + 2, t + 4])
				inClass(id, schoolClasses[k % schoolClasses.length], 'teacher');
		}
	}

	// The extra demo staff come last, so the generated people above stay as they were.
	for (const s of DEMO_EXTRA_STAFF) {
		const login = demoLogin(s.key);
		const id = demoId(`person:${s.key}`);
		const email = schoolEmail(login.givenNames, login.familyName, s.school);
		data.people.push({
			id,
			givenNames: login.givenNames,
			familyName: login.familyName,
			birthDate: null,
			schoolEmail: email
		});
		account(id, login.email);
		role(id, s.role, '2025-09-01', { school: s.school });
	}

	// People without an account yet (newcomers.ts), last so that everyone above stays the same: a
	// guardian for the invitation letters with a child at each school, a student to activate.
	const letterGuardianId = demoId(`person:${DEMO_LETTER_GUARDIAN.key}`);
	data.people.push({
		id: letterGuardianId,
		givenNames: DEMO_LETTER_GUARDIAN.givenNames,
		familyName: DEMO_LETTER_GUARDIAN.familyName,
		birthDate: DEMO_LETTER_GUARDIAN.birthDate,
		contactEmail: DEMO_LETTER_GUARDIAN.contactEmail
	});
	const newcomer = (
		key: string,
		p: { givenNames: string; familyName: string; birthDate: string; className: string },
		school: SchoolKey,
		email: string
	) => {
		const id = demoId(`person:${key}`);
		data.people.push({
			id,
			givenNames: p.givenNames,
			familyName: p.familyName,
			birthDate: p.birthDate,
			asvId: asvId(school),
			schoolEmail: email
		});
		role(id, 'student', '2026-09-01', { school });
		inClass(id, p.className, 'student');
		return id;
	};
	for (const c of DEMO_LETTER_CHILDREN) {
		const id = newcomer(c.key, c, c.school, schoolEmail(c.givenNames, c.familyName, c.school));
		data.guardianships.push({
			id: demoId(`guardianship:${letterGuardianId}:${id}`),
			guardianPersonId: letterGuardianId,
			studentPersonId: id,
			validFrom: c.birthDate
		});
		role(letterGuardianId, 'guardian', '2026-09-01', { school: c.school });
	}
	usedEmails.add(DEMO_ACTIVATION_STUDENT.schoolEmail);
	newcomer(
		DEMO_ACTIVATION_STUDENT.key,
		DEMO_ACTIVATION_STUDENT,
		'gs',
		DEMO_ACTIVATION_STUDENT.schoolEmail
	);

	// The adult apprentice deciding on consents (consent-family.ts), her father, her company.
	const bakeryId = demoId(`company:${DEMO_CONSENT_COMPANY.key}`);
	data.companies.push({
		id: bakeryId,
		name: DEMO_CONSENT_COMPANY.name,
		address: DEMO_CONSENT_COMPANY.address,
		email: DEMO_CONSENT_COMPANY.email
	});
	const bakeryContact = demoLogin('companyContactBakery');
	const bakeryContactId = demoId('person:companyContactBakery');
	data.people.push({
		id: bakeryContactId,
		givenNames: bakeryContact.givenNames,
		familyName: bakeryContact.familyName,
		birthDate: null
	});
	account(bakeryContactId, bakeryContact.email);
	data.roleMemberships.push({
		id: demoId(`role:${bakeryContactId}:company_contact::${DEMO_CONSENT_COMPANY.key}`),
		personId: bakeryContactId,
		role: 'company_contact',
		schoolId: null,
		companyId: bakeryId,
		validFrom: '2024-06-01'
	});
	const consentLogin = demoLogin('studentConsent');
	const consentStudentId = newcomer(
		'studentConsent',
		{ ...consentLogin, ...DEMO_CONSENT_STUDENT },
		'ks',
		schoolEmail(consentLogin.givenNames, consentLogin.familyName, 'ks')
	);
	account(consentStudentId, consentLogin.email);
	data.apprenticeships.push({
		id: demoId(`apprenticeship:${consentStudentId}`),
		studentPersonId: consentStudentId,
		companyId: bakeryId,
		startsOn: DEMO_CONSENT_STUDENT.apprenticeFrom
	});
	const fatherId = demoId(`person:${DEMO_CONSENT_FATHER.key}`);
	data.people.push({
		id: fatherId,
		givenNames: DEMO_CONSENT_FATHER.givenNames,
		familyName: DEMO_CONSENT_FATHER.familyName,
		birthDate: DEMO_CONSENT_FATHER.birthDate
	});
	data.guardianships.push({
		id: demoId(`guardianship:${fatherId}:${consentStudentId}`),
		guardianPersonId: fatherId,
		studentPersonId: consentStudentId,
		validFrom: DEMO_CONSENT_STUDENT.birthDate,
		validTo: '2024-05-13'
	});

	// A father for trying out "Mein Konto" (name, sign-in address, data download): a second
	// guardian of a generated minor, added last so that everyone above stays the same.
	const accountParentId = loginPerson('guardianAccount', '1979-11-03');
	const accountChild = students.find(
		(st) =>
			st.school === 'gs' &&
			ageOn(st.birthDate, DEMO_TODAY) < 18 &&
			!wardsOfDemoGuardian.includes(st)
	)!;
	guardianship(accountParentId, accountChild);
	role(accountParentId, 'guardian', accountChild.enrolledOn, { school: accountChild.school });

	// A mother still on record as guardian of her adult son (sick notes, issue 4): she may not act
	// for him any more; added last so that everyone above stays the same.
	const adultWardMotherId = loginPerson('guardianOfAdult', '1978-07-09');
	const adultWardId = newcomer(
		DEMO_ADULT_WARD.key,
		DEMO_ADULT_WARD,
		'gs',
		schoolEmail(DEMO_ADULT_WARD.givenNames, DEMO_ADULT_WARD.familyName, 'gs')
	);
	data.guardianships.push({
		id: demoId(`guardianship:${adultWardMotherId}:${adultWardId}`),
		guardianPersonId: adultWardMotherId,
		studentPersonId: adultWardId,
		validFrom: DEMO_ADULT_WARD.birthDate
	});
	role(adultWardMotherId, 'guardian', '2026-09-01', { school: 'gs' });

	const demoAccounts = data.accounts.filter((a) => DEMO_LOGINS.some((l) => l.email === a.email));
	if (demoAccounts.length !== DEMO_LOGINS.length)
		throw new Error('demo data: every demo login needs exactly one account');
	return data;
}
