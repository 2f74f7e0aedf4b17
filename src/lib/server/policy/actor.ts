import type { ConsentScope, Locale, Role } from '../identity/schema';

export interface RoleGrant {
	role: Role;
	schoolId: string | null;
	companyId: string | null;
}

export interface ClassGrant {
	classId: string;
	schoolId: string;
	role: 'student' | 'class_teacher' | 'teacher';
}

export interface WardGrant {
	studentPersonId: string;
	birthDate: string | null;
}

/** A student's consent granted to this actor's person (as guardian) or to their company. */
export interface ConsentGrant {
	studentPersonId: string;
	scope: ConsentScope;
	guardianPersonId: string | null;
	companyId: string | null;
}

/** An apprentice of a company this actor is a contact for, valid today. */
export interface ApprenticeGrant {
	studentPersonId: string;
	birthDate: string | null;
	companyId: string;
}

/** Who is acting: built once per request from the session; every policy question takes it. */
export interface Actor {
	accountId: string;
	personId: string;
	email: string;
	emailVerified: boolean;
	displayName: string;
	locale: Locale;
	sessionId: string;
	roles: RoleGrant[];
	classes: ClassGrant[];
	wards: WardGrant[];
	consents: ConsentGrant[];
	apprentices: ApprenticeGrant[];
	/**
	 * Set while this session still owes the second factor ('verify') or the account still has to
	 * set one up ('setup'): then the actor may do nothing but that (policy answers no to all).
	 * Absent: passed, or not needed.
	 */
	secondFactorPending?: 'verify' | 'setup';
}
