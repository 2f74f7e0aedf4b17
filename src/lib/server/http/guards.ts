// The first statement of every load, action and endpoint: who may be here at all. Services check
// the specific record again through the policy module. tests/integration/guards.test.ts makes sure
// no route export forgets this.
import { error, redirect } from '@sveltejs/kit';
import { SECOND_FACTOR_PATH, SECOND_FACTOR_SETUP_PATH } from '../auth/second-factor/paths';
import { config } from '../config';
import { isDistrict, isStaff, type Actor } from '../policy';

interface GuardEvent {
	locals: App.Locals;
	url: URL;
}

/**
 * Signed in, or off to the sign-in page (coming back here afterwards). A session that still owes
 * its second factor is sent to it, unless the page is part of that step
 * (`{ pendingSecondFactor: true }`: the setup page and sign-out).
 */
export function requireActor(
	event: GuardEvent,
	options: { pendingSecondFactor?: boolean } = {}
): Actor {
	const actor = event.locals.actor;
	const next = event.url.pathname + event.url.search;
	if (!actor) redirect(303, `/anmelden?next=${encodeURIComponent(next)}`);
	if (actor.secondFactorPending && !options.pendingSecondFactor)
		redirect(
			303,
			`${actor.secondFactorPending === 'setup' ? SECOND_FACTOR_SETUP_PATH : SECOND_FACTOR_PATH}?next=${encodeURIComponent(next)}`
		);
	return actor;
}

export function requireStaff(event: GuardEvent): Actor {
	const actor = requireActor(event);
	if (!isStaff(actor)) error(403, 'Dieser Bereich ist für Schulpersonal.');
	return actor;
}

export function requireDistrict(event: GuardEvent): Actor {
	const actor = requireActor(event);
	if (!isDistrict(actor)) error(403, 'Dieser Bereich ist für das Landratsamt.');
	return actor;
}

/** Marks a route open to everyone, signed in or not; returns the actor if there is one. */
export function allowGuest(event: GuardEvent): Actor | null {
	return event.locals.actor;
}

/** Only for pages that make no sense signed in (sign-in, reset): signed-in users go to the start. */
export function requireGuest(event: GuardEvent) {
	if (event.locals.actor) redirect(303, '/start');
}

/** Development tools (the mail outbox) exist only outside production. */
export function requireDevTools(event: GuardEvent): Actor | null {
	if (config.production) error(404, 'Nicht gefunden');
	return event.locals.actor;
}
