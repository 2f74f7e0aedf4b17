// What the app shell shows: the signed-in person's name and which navigation items they get.
// Built on the server by src/routes/+layout.server.ts from the policy module; only booleans
// cross to the browser, never ids, e-mail addresses or role lists.
import { m } from '$lib/paraglide/messages';

export interface ShellUser {
	name: string;
	/** Works at a school (teacher, secretary, …): the staff area /sekretariat. */
	staff: boolean;
	/** Works at the district office: the area /kreis. */
	district: boolean;
	/** May see the background jobs (/kreis/auftraege). */
	jobs: boolean;
	/** May see the audit log (/kreis/protokoll). */
	audit: boolean;
	/** Heads of school: staff administration (/schule/personal). */
	staffAdmin?: boolean;
	/** District administrators: schools and district roles (/kreis/schulen, /kreis/rollen). */
	districtAdmin?: boolean;
	/** The school office: the sick-note desk (/sekretariat/krankmeldungen). */
	sickNoteDesk?: boolean;
	/** Teachers of a class: its absences (/schule/fehlzeiten). */
	classAbsences?: boolean;
	/** Heads of school: the school's absence settings (/schule/einstellungen). */
	absenceSettings?: boolean;
}

export type NavIcon = 'home' | 'checklist' | 'account-circle' | 'draft' | 'autorenew' | 'search';

export interface NavItem {
	href: string;
	label: string;
	icon: NavIcon;
}

const start = (): NavItem => ({ href: '/start', label: m.nav_start(), icon: 'home' });
const cases = (): NavItem => ({ href: '/anliegen', label: m.nav_cases(), icon: 'checklist' });
const account = (): NavItem => ({ href: '/konto', label: m.nav_account(), icon: 'account-circle' });
const staff = (): NavItem => ({ href: '/sekretariat', label: m.nav_staff(), icon: 'draft' });
const district = (): NavItem => ({ href: '/kreis', label: m.nav_district(), icon: 'draft' });

/** Staff and district office work at a desk: they get the side navigation on large screens. */
export const usesSideNav = (user: ShellUser) => user.staff || user.district;

/** Families and students: the same three items in the header (desktop) and at the bottom (phone). */
export const familyItems = (): NavItem[] => [start(), cases(), account()];

/** Side navigation for staff and district office (desktop). */
export function sideItems(user: ShellUser): NavItem[] {
	const items = [start()];
	if (user.staff) items.push(staff());
	if (user.sickNoteDesk)
		items.push({ href: '/sekretariat/krankmeldungen', label: m.desk_nav(), icon: 'checklist' });
	if (user.classAbsences)
		items.push({ href: '/schule/fehlzeiten', label: m.desk_classes_nav(), icon: 'checklist' });
	if (user.district) items.push(district());
	if (user.staffAdmin)
		items.push({ href: '/schule/personal', label: m.staff_admin_nav(), icon: 'account-circle' });
	if (user.absenceSettings)
		items.push({ href: '/schule/einstellungen', label: m.desk_settings_nav(), icon: 'draft' });
	if (user.districtAdmin) {
		items.push({ href: '/kreis/schulen', label: m.district_schools_nav(), icon: 'draft' });
		items.push({ href: '/kreis/rollen', label: m.district_roles_nav(), icon: 'account-circle' });
	}
	if (user.jobs) items.push({ href: '/kreis/auftraege', label: m.nav_jobs(), icon: 'autorenew' });
	if (user.audit) items.push({ href: '/kreis/protokoll', label: m.nav_audit(), icon: 'search' });
	items.push(account());
	return items;
}

/** Bottom navigation on a phone: at most four items, so the labels stay readable. */
export function bottomItems(user: ShellUser): NavItem[] {
	if (!usesSideNav(user)) return familyItems();
	return [start(), user.staff ? staff() : district(), account()];
}

/** The item for the current page: the longest href that is the path or a parent of it. */
export function activeHref(items: NavItem[], pathname: string): string | undefined {
	return items
		.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`))
		.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}
