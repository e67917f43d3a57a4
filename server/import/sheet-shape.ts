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

/** Finds the header row (or pair of rows) and the data rows below it; null when the sheet has no rows. */
export function shapeSheet(records: string[][]): ShapedSheet | null {
  const firstNonBlank = records.findIndex((r) => !blank(r));
  if (firstNonBlank < 0) return null;
  let headerAt = -1;
  let headers: string[] = [];
  let twoRows = false;
  const limit = Math.min(records.length, firstNonBlank + HEADER_SEARCH_ROWS);
  for (let i = firstNonBlank; i < limit; i++) {
    const row = records[i];
    if (blank(row)) continue;
    const single = bestHits(row!);
    const next = records[i + 1];
    const combined = next && !blank(next) ? combineHeaderRows(row!, next) : null;
    // a title row above the header combines into a header as good as the next row alone: it is no header row
    const pair = combined && next ? (bestHits(combined) > bestHits(next) ? bestHits(combined) : 0) : 0;
    if (Math.max(single, pair) >= 2) {
      headerAt = i;
      twoRows = pair > single;
      headers = twoRows && combined ? combined : row!.map((c) => c.trim());
      break;
    }
  }
  if (headerAt < 0) { headerAt = firstNonBlank; headers = records[firstNonBlank]!.map((c) => c.trim()); }
  headers = headers.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();

  const skipped = { titles: records.slice(0, headerAt).filter((r) => !blank(r)).length, totals: 0, notes: 0 };
  const rows: DataRow[] = [];
  const dataStart = headerAt + (twoRows ? 2 : 1);
  for (let i = dataStart; i < records.length; i++) {
    const cells = records[i]!;
    if (blank(cells)) continue;
    const lead = firstCells(cells, 3);
    if (lead.some((c) => TOTAL_ROW.test(c))) { skipped.totals++; continue; }
    if (NOTE_ROW.test(lead[0] ?? '') && lead.length <= 2) { skipped.notes++; continue; }
    rows.push({ line: i + 1, cells: cells.map((c) => (typeof c === 'string' ? c : String(c ?? ''))) });
  }
  return { headers, headerLine: headerAt + (twoRows ? 2 : 1), rows, skipped };
}
