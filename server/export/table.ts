/**
 * A report table as both exports see it: a sheet name, an optional title, typed columns and
 * rows. The XLSX has one sheet per table (title row, styled frozen header, formats); the CSV
 * holds the same header and rows, the tables one after another.
 */
import { blocksToCsv } from './csv.ts';
import { writeWorkbook, type Cell, type Column } from './xlsx.ts';

export interface ExportTable { name: string; title?: string; columns: Column[]; rows: Cell[][] }

/** Columns from headers, with one format for all or per header. */
export function columns(headers: string[], formats: Partial<Record<string, Column['format']>> = {}): Column[] {
  return headers.map((header) => ({ header, format: formats[header] }));
}

export function tablesToXlsx(tables: ExportTable[]): Uint8Array {
  return writeWorkbook(tables.map((t) => ({ name: t.name, title: t.title, columns: t.columns, rows: t.rows })));
}

export function tablesToCsv(tables: ExportTable[]): string {
  return blocksToCsv(tables.map((t) => [t.columns.map((c) => c.header), ...t.rows]));
}
