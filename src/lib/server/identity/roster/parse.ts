import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRow {
	/** Line in the file where the record starts (the header is line 1 unless blank lines precede it). */
	line: number;
	/** One cell per header column: trimmed, '' where the row is short. */
	cells: string[];
}

export type ParsedCsv =
	| { ok: true; delimiter: string; headers: string[]; rows: CsvRow[] }
	| {
			ok: false;
			error: 'roster_error_file_empty' | 'roster_error_csv_malformed';
			/** Where reading stopped: for an unclosed quote, the end of the file. */
			line?: number;
	  };

/** ASV-BW exports use ';'; a file saved by other tools may use ',' or tabs. Decided by the header. */
export function detectDelimiter(text: string): string {
	const headerLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
	if (headerLine.includes(';')) return ';';
	if (headerLine.includes('\t')) return '\t';
	if (headerLine.includes(',')) return ',';
	return ';';
}

export function parseRosterCsv(text: string): ParsedCsv {
	// One kind of line break: csv-parse counts a CRLF inside a quoted cell as two lines.
	const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const delimiter = detectDelimiter(normalized);
	let records: { record: string[]; info: { lines: number } }[];
	try {
		// csv-parse's types do not model `info: true`, which wraps each record with its position.
		records = parse(normalized, {
			delimiter,
			info: true,
			trim: true,
			skip_empty_lines: true,
			// Excel leaves lines of only ';;;;' below the data.
			skip_records_with_empty_values: true,
			relax_column_count: true
		}) as unknown as typeof records;
	} catch (err) {
		if (err instanceof CsvError)
			return {
				ok: false,
				error: 'roster_error_csv_malformed',
				line: typeof err.lines === 'number' ? err.lines : undefined
			};
		throw err;
	}
	if (records.length === 0) return { ok: false, error: 'roster_error_file_empty' };

	const headers = records[0].record;
	const rows = records.slice(1).map(({ record, info }) => {
		// info.lines is the line where the record ends; a quoted cell may span lines.
		const breaks = record.reduce((n, cell) => n + countBreaks(cell), 0);
		const cells = headers.map((_, i) => record[i] ?? '');
		return { line: info.lines - breaks, cells };
	});
	return { ok: true, delimiter, headers, rows };
}

function countBreaks(cell: string): number {
	let n = 0;
	for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
	return n;
}
