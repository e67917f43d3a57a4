/** The shapes the XLSX writer takes: sheets of rows, optionally with a title, styled columns and drop-down lists. */

export type Cell = string | number | null | undefined;

/**
 * How a column's numbers (or dates) are shown: integer 1,234; decimal and wan (万元) 1,234.50;
 * percent 35.1% (the value is a fraction); date from 'YYYY-MM-DD' text; text keeps codes such
 * as a USCC from being read as numbers when someone types into the sheet.
 */
export type NumberFormat = 'general' | 'integer' | 'decimal' | 'wan' | 'percent' | 'date' | 'text';

export interface Column { header: string; format?: NumberFormat; /** in Excel character units; from the contents when omitted */ width?: number }

/**
 * A drop-down on one column's data cells. Short lists are written into the rule itself; a list
 * too long for that (Excel allows 255 characters) or holding commas goes to a hidden sheet
 * the writer adds, or to a range of another sheet of the workbook when `range` names one.
 */
export interface ListValidation {
  /** 0-based column index */
  column: number;
  values?: string[];
  /** e.g. { sheet: '选项', range: '$A$2:$A$14' } */
  range?: { sheet: string; range: string };
  /** 1-based rows; default: the first data row to 1,000 rows below it */
  firstRow?: number;
  lastRow?: number;
  allowBlank?: boolean;
  prompt?: string;
  error?: string;
}

export interface Sheet {
  name: string;
  /** A bold title row above the header, merged across the columns. */
  title?: string;
  /** The header row (styled, frozen) and each column's format; without it the rows are written as they are. */
  columns?: Column[];
  rows: Cell[][];
  validations?: ListValidation[];
  hidden?: boolean;
}
