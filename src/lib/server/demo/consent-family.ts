// An adult apprentice who decides on consents (issue 3): her father was her guardian until she
// turned 18, her training company has its own contact. Free of runtime imports like logins.ts.

export const DEMO_CONSENT_COMPANY = {
	key: 'baeckerei',
	name: 'Bäckerei Sonnenschein',
	address: 'Marktplatz 3, 78995 Lindenau',
	email: 'ausbildung@baeckerei-sonnenschein.example'
} as const;

/** Lara Jansen (login `studentConsent`), 20, class EH3 at the KS Lindenau. */
export const DEMO_CONSENT_STUDENT = {
	className: 'EH3',
	birthDate: '2006-05-14',
	apprenticeFrom: '2024-09-01'
} as const;

/** Her father, without an account; his guardianship ended on her 18th birthday. */
export const DEMO_CONSENT_FATHER = {
	key: 'consentFather',
	givenNames: 'Thomas',
	familyName: 'Jansen',
	birthDate: '1974-08-30'
} as const;
