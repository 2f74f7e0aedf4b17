// Demo people who have no account yet, for trying (and browser-testing) the first steps: a family
// whose mother gets an invitation letter (one child at each school) and a student who activates
// her school e-mail. Like logins.ts, free of runtime imports (tests load it directly).

/** Sandra Krüger: guardian without an account, a child at the GS Seeburg and one at the KS Lindenau. */
export const DEMO_LETTER_GUARDIAN = {
	key: 'letterGuardian',
	givenNames: 'Sandra',
	familyName: 'Krüger',
	birthDate: '1983-02-11',
	contactEmail: 'sandra.krueger@post.example'
} as const;

export const DEMO_LETTER_CHILDREN = [
	{
		key: 'letterChildGs',
		givenNames: 'Paul',
		familyName: 'Krüger',
		className: 'BFE1',
		birthDate: '2010-06-03',
		school: 'gs',
		schoolName: 'Gewerbliche Schule Seeburg'
	},
	{
		key: 'letterChildKs',
		givenNames: 'Lena',
		familyName: 'Krüger',
		className: 'WG11',
		birthDate: '2009-10-21',
		school: 'ks',
		schoolName: 'Kaufmännische Schule Lindenau'
	}
] as const;

/** Mara Lindqvist: adult student in EL1 whose school address has no account yet. */
export const DEMO_ACTIVATION_STUDENT = {
	key: 'activationStudent',
	givenNames: 'Mara',
	familyName: 'Lindqvist',
	className: 'EL1',
	birthDate: '2007-04-18',
	schoolEmail: 'mara.lindqvist@gs-seeburg.schule.example'
} as const;

/** Nico Brandt: adult student in EL1 whose mother (login `guardianOfAdult`) is still on record. */
export const DEMO_ADULT_WARD = {
	key: 'adultWard',
	givenNames: 'Nico',
	familyName: 'Brandt',
	className: 'EL1',
	birthDate: '2006-02-20'
} as const;
