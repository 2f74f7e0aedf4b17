import { describe, expect, it } from 'vitest';
import { readOfflineForm } from './offline-form';

describe('readOfflineForm: the offline form reads its fields as the online form does', () => {
	it.each([
		[
			'whole days with a last day',
			{ firstDay: '2026-03-16', lastDay: '2026-03-17', extent: 'days', note: ' x ' },
			{ firstDay: '2026-03-16', lastDay: '2026-03-17', lessonFrom: null, lessonTo: null, note: 'x' }
		],
		[
			'"noch unbekannt" clears the last day',
			{ firstDay: '2026-03-16', lastDay: '2026-03-17', lastUnknown: 'on', extent: 'days' },
			{ firstDay: '2026-03-16', lastDay: null, lessonFrom: null, lessonTo: null, note: null }
		],
		[
			'lessons on one day: an empty last day becomes the first day',
			{ firstDay: '2026-03-16', lastDay: '', extent: 'lessons', lessonFrom: '2', lessonTo: '4' },
			{ firstDay: '2026-03-16', lastDay: '2026-03-16', lessonFrom: 2, lessonTo: 4, note: null }
		],
		[
			'lessons chosen but left empty: NaN, so that the rules flag them',
			{ firstDay: '2026-03-16', lastDay: '2026-03-16', extent: 'lessons' },
			{ firstDay: '2026-03-16', lastDay: '2026-03-16', lessonFrom: NaN, lessonTo: NaN, note: null }
		],
		[
			'whole days ignore lesson numbers',
			{ firstDay: '2026-03-16', lastDay: '', extent: 'days', lessonFrom: '2' },
			{ firstDay: '2026-03-16', lastDay: '', lessonFrom: null, lessonTo: null, note: null }
		]
	])('%s', (_, values, expected) => {
		expect(readOfflineForm(values)).toEqual(expected);
	});
});
