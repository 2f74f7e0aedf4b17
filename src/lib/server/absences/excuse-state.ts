// The written excuse of a sick note as the desk and the class list show it: not needed (the portal
// report counts as the excuse), due, overdue (the due day has passed), or received.
export type ExcuseState = 'not_needed' | 'due' | 'overdue' | 'received';

export function excuseState(
	note: { excuseDueOn: string | null; excuseReceivedAt: Date | null },
	today: string
): ExcuseState {
	if (note.excuseDueOn === null) return 'not_needed';
	if (note.excuseReceivedAt !== null) return 'received';
	return note.excuseDueOn < today ? 'overdue' : 'due';
}
