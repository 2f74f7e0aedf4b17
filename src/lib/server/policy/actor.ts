import type { Locale, Role } from '../identity/schema';

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
}
