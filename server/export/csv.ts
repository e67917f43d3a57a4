/**
 * The one CSV writer, over csv-stringify: UTF-8 with a BOM (Excel on a Chinese PC reads a CSV
 * without one in the local ANSI code page and garbles the text), CRLF line ends, quotes only
 * where needed, and text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start) defused with a leading apostrophe. Numbers are written as numbers.
 */
import { stringify } from 'csv-stringify/sync';
import type { Cell } from './xlsx-types.ts';

export const CSV_MIME = 'text/csv; charset=utf-8';

// csv-stringify quotes a field holding the whole record delimiter (CRLF) but not a lone LF or CR,
// which Excel and most readers would take for the end of the row: quote any line break.
const OPTIONS = { escape_formulas: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

const plain = (rows: Cell[][]) => rows.map((r) => r.map((v) => (v === undefined ? null : v)));

/** One table: the header row, then the rows. */
export function toCsv(rows: Cell[][]): string {
  return `\uFEFF${stringify(plain(rows), OPTIONS)}`;
}

/** Several tables in one file, each with its header, separated by an empty line. */
export function blocksToCsv(blocks: Cell[][][]): string {
  return `\uFEFF${blocks.map((rows) => stringify(plain(rows), OPTIONS)).join('\r\n')}`;
}

/** Lines for a file written bit by bit (the scale-world generator): the same quoting, no BOM. */
export function csvLine(values: readonly Cell[]): string {
  return stringify([values.map((v) => (v === undefined ? null : v))], { ...OPTIONS, escape_formulas: false });
}
