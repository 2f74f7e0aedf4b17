// The offline form's fields as the online form names them: strings in, the rule input out, with
// the same readings (a ticked "noch unbekannt" clears the last day; "only some lessons" with an
// empty lesson becomes NaN so that the rules flag it; lessons on one day default the last day).
import type { SickNoteRuleInput } from '../sick-note-rules';

export type OfflineFormValues = Partial<
	Record<
		| 'student'
		| 'firstDay'
		| 'lastDay'
		| 'lastUnknown'
		| 'extent'
		| 'lessonFrom'
		| 'lessonTo'
		| 'note',
		string
	>
>;

export function readOfflineForm(values: OfflineFormValues): SickNoteRuleInput {
	const lessons = values.extent === 'lessons';
	const lesson = (raw: string | undefined) => (lessons ? (raw ? Number(raw) : NaN) : null);
	const firstDay = values.firstDay?.trim() ?? '';
	const lastDay = values.lastUnknown
		? null
		: values.lastDay?.trim() || (lessons ? firstDay : (values.lastDay?.trim() ?? ''));
	return {
		firstDay,
		lastDay,
		lessonFrom: lesson(values.lessonFrom?.trim()),
		lessonTo: lesson(values.lessonTo?.trim()),
		note: values.note?.trim() ? values.note.trim() : null
	};
}

/** The form's entries as strings (files and unknown fields left out). */
export function valuesOf(form: HTMLFormElement): OfflineFormValues {
	const values: Record<string, string> = {};
	for (const [name, value] of new FormData(form))
		if (typeof value === 'string') values[name] = value;
	return values as OfflineFormValues;
}
