// The sick-note form as the phone page posts it: strings in, a SickNoteInput out. Empty lessons
// with "only some lessons" chosen become NaN so that the rules flag them; a ticked "not known yet"
// clears the last day. A file chosen with the report travels as the id of its pending upload.
import type { SickNoteInput } from './sick-notes';

export const SICK_NOTE_FIELDS = [
	'student',
	'firstDay',
	'lastDay',
	'lastUnknown',
	'extent',
	'lessonFrom',
	'lessonTo',
	'note',
	'clientId',
	'attachmentId'
] as const;
export type SickNoteFormValues = Partial<Record<(typeof SICK_NOTE_FIELDS)[number], string>>;

export function readSickNoteForm(formData: FormData): {
	values: SickNoteFormValues;
	input: SickNoteInput;
} {
	const values: SickNoteFormValues = {};
	for (const field of SICK_NOTE_FIELDS) {
		const value = formData.get(field);
		if (typeof value === 'string') values[field] = field === 'note' ? value : value.trim();
	}
	const lessons = values.extent === 'lessons';
	const lesson = (raw: string | undefined) => (lessons ? (raw ? Number(raw) : NaN) : null);
	const firstDay = values.firstDay ?? '';
	const lastDay = values.lastUnknown
		? null
		: values.lastDay || (lessons ? firstDay : (values.lastDay ?? ''));
	return {
		values,
		input: {
			studentPersonId: values.student ?? '',
			firstDay,
			lastDay,
			lessonFrom: lesson(values.lessonFrom),
			lessonTo: lesson(values.lessonTo),
			note: values.note?.trim() ? values.note.trim() : null,
			clientId: values.clientId ?? '',
			attachmentId: values.attachmentId || null
		}
	};
}
