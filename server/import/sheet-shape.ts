/**
 * A sheet as an office makes it: title and subtitle rows above the header, a header that may
 * span two rows (「年需求」 merged over 「数量」「单位」), a 序号 column, blank rows, and 合计/小计 and
 * 注/备注 rows among or below the data. This finds the header and keeps only the data rows, each
 * with its real spreadsheet row number so problems point where the person looks.
 */
import { FILE_KINDS, headerHits } from './columns.ts';

export interface DataRow { line: number; cells: string[] }
export interface ShapedSheet {
  headers: string[];
  /** 1-based row number of the (last) header row */
  headerLine: number;
  rows: DataRow[];
  skipped: { titles: number; totals: number; notes: number };
}

/** How far down a header may sit below titles and subtitles. */
const HEADER_SEARCH_ROWS = 20;
const TOTAL_ROW = /^(合\s*计|小\s*计|总\s*计|共\s*计)/;
const NOTE_ROW = /^(注|备注|说明|附注|填表说明|数据来源|制表|填报单位|填报人)\s*([:：]|\d+[、.．:：]|[一二三四五]、)|^(注|备注)$/;

const blank = (cells: string[] | undefined) => !cells || cells.every((c) => c.trim() === '');
const firstCells = (cells: string[], n: number) => cells.map((c) => c.trim()).filter((c) => c !== '').slice(0, n);

function bestHits(cells: string[]): number {
  let best = 0;
  for (const kind of FILE_KINDS) best = Math.max(best, headerHits(kind, cells));
  return best;
}

/** Two header rows read as one: a top cell merged over several (blank to its right) names each bottom cell. */
export function combineHeaderRows(top: string[], bottom: string[]): string[] {
  const width = Math.max(top.length, bottom.length);
  const out: string[] = [];
  let carried = '';
  for (let i = 0; i < width; i++) {
    const t = (top[i] ?? '').trim();
    const b = (bottom[i] ?? '').trim();
    if (t !== '') carried = t;
    if (b === '') { out.push(t); continue; }
    const over = t !== '' ? t : carried;
    // 「年需求」 over 「数量」 reads 「年需求数量」 when that names a column, else the bottom cell alone
    out.push(over !== '' && bestHits([over + b]) > 0 ? over + b : b);
  }
  return out;
}

/**
 * A sheet with its header found and its data rows still to come. `skipped` counts the title rows at
 * once and the 合计 and 注 rows as the data rows are read (final when `rows` is done).
 */
export interface SheetShape {
  headers: string[];
  /** 1-based row number of the (last) header row */
  headerLine: number;
  rows: Iterable<DataRow>;
  skipped: { titles: number; totals: number; notes: number };
}

/**
 * Finds the header row (or pair of rows) from the first rows of the sheet — the only ones held —
 * and reads the data rows below it as they come; null when the sheet has no rows.
 */
export function shapeRecords(records: Iterable<string[]>): SheetShape | null {
  const source = records[Symbol.iterator]();
  // the rows from the first non-blank one, as far down as a header may sit (and one more: a header may span two)
  let offset = 0;
  const head: string[][] = [];
  for (let next = source.next(); !next.done; next = source.next()) {
    if (head.length === 0 && blank(next.value)) { offset++; continue; }
    head.push(next.value);
    if (head.length > HEADER_SEARCH_ROWS) break;
  }
  if (head.length === 0) return null;
  let headerAt = -1;
  let headers: string[] = [];
  let twoRows = false;
  for (let i = 0; i < Math.min(head.length, HEADER_SEARCH_ROWS); i++) {
    const row = head[i]!;
    if (blank(row)) continue;
    const single = bestHits(row);
    const next = head[i + 1];
    const combined = next && !blank(next) ? combineHeaderRows(row, next) : null;
    // a title row above the header combines into a header as good as the next row alone: it is no header row
    const pair = combined && next ? (bestHits(combined) > bestHits(next) ? bestHits(combined) : 0) : 0;
    if (Math.max(single, pair) >= 2) {
      headerAt = i;
      twoRows = pair > single;
      headers = twoRows && combined ? combined : row.map((c) => c.trim());
      break;
    }
  }
  if (headerAt < 0) { headerAt = 0; headers = head[0]!.map((c) => c.trim()); }
  headers = headers.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();

  const skipped = { titles: head.slice(0, headerAt).filter((r) => !blank(r)).length, totals: 0, notes: 0 };
  const dataStart = headerAt + (twoRows ? 2 : 1);
  function* rows(): Generator<DataRow> {
    let line = offset + dataStart;
    const shaped = (cells: string[]): DataRow | null => {
      line++;
      if (blank(cells)) return null;
      const lead = firstCells(cells, 3);
      if (lead.some((c) => TOTAL_ROW.test(c))) { skipped.totals++; return null; }
      if (NOTE_ROW.test(lead[0] ?? '') && lead.length <= 2) { skipped.notes++; return null; }
      return { line, cells };
    };
    for (const cells of head.slice(dataStart)) { const r = shaped(cells); if (r) yield r; }
    head.length = 0;
    for (let next = source.next(); !next.done; next = source.next()) { const r = shaped(next.value); if (r) yield r; }
  }
  return { headers, headerLine: offset + dataStart, rows: rows(), skipped };
}

/** A sheet held in memory, shaped (its rows read at once). */
export function shapeSheet(records: string[][]): ShapedSheet | null {
  const shape = shapeRecords(records);
  if (!shape) return null;
  const rows = [...shape.rows];
  return { headers: shape.headers, headerLine: shape.headerLine, rows, skipped: shape.skipped };
}
