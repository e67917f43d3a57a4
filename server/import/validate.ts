/**
 * Turns the files of one import run into checked records and a list of problems, each
 * pinned to file, row and column. Nothing here writes: load.ts does, only when this passes.
 */
import { readSheets, TableReadError, type RawSheet } from './read-table.ts';
import { detectFileKind, FILE_SPECS, mapHeaders, type FileKind } from './columns.ts';
import { shapeSheet } from './sheet-shape.ts';
import { resolveCells } from './resolve-cells.ts';
import { ROW_SCHEMAS, rowKey, type RecordOf } from './records.ts';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
  /** found by listing a folder: a file that is none of the four is skipped, not refused */
  fromFolder?: boolean;
  /** already read off the event loop (read-off-thread.ts): its sheets, or why it cannot be read */
  read?: { sheets: RawSheet[] } | { error: string };
}

export interface Problem {
  file: string;
  /** spreadsheet row (the header is row 1); null for a problem with the whole file */
  row: number | null;
  /** the column's header as written in the file; null when no single column is at fault */
  column: string | null;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(p: Problem): string {
  const tag = p.severity === 'warning' ? '警告：' : '';
  return `${p.file}:${p.row ?? '-'}:${p.column ?? '-'}: ${tag}${p.message}`;
}

export interface Row<K extends FileKind> { file: string; row: number; record: RecordOf[K] }
export type Rows = { [K in FileKind]: Row<K>[] };

export interface FileSummary { file: string; kind: FileKind | null; encoding: string | null; rows: number; invalid: number }

export interface Validated { rows: Rows; problems: Problem[]; files: FileSummary[] }

/** What the database already holds, for reference checks. */
export interface KnownEnterprises { tierOf(uscc: string): string | undefined }

/**
 * Every row read, shaped and checked on its own (types, choices, duplicates): the CPU-heavy part,
 * which needs nothing from the database, so uploads run it in a worker thread (read-off-thread.ts).
 * Plain data only, so it crosses threads.
 */
export interface CheckedRows extends Validated { headerNames: [string, [string, string][]][] }

export function validateFiles(
  files: ImportFile[],
  known: KnownEnterprises,
  onProgress?: (file: string, done: number, total: number) => void,
): Validated {
  return finishValidation(checkRows(files, onProgress), known);
}

/** The references to enterprises (the database's and this run's), then problems in file and row order. */
export function finishValidation(checked: CheckedRows, known: KnownEnterprises): Validated {
  const { rows, files: summaries } = checked;
  const problems = [...checked.problems];
  const headerNames = new Map(checked.headerNames.map(([file, pairs]) => [file, new Map(pairs)]));
  checkReferences(rows, known, problems, summaries, (file, key) => headerNames.get(file)?.get(key) ?? key);
  const fileOrder = new Map(summaries.map((f, i) => [f.file, i]));
  problems.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || (a.row ?? 0) - (b.row ?? 0));
  return { rows, problems, files: summaries };
}

export function checkRows(files: ImportFile[], onProgress?: (file: string, done: number, total: number) => void): CheckedRows {
  const rows: Rows = { enterprises: [], components: [], listings: [], procurement: [] };
  const problems: Problem[] = [];
  const summaries: FileSummary[] = [];
  const headerNames = new Map<string, Map<string, string>>();
  const firstSeen: { [K in FileKind]: Map<string, string> } = {
    enterprises: new Map(), components: new Map(), listings: new Map(), procurement: new Map(),
  };

  for (const file of files) {
    let sheets;
    try {
      if (file.read && 'error' in file.read) throw new TableReadError(file.read.error);
      sheets = file.read ? file.read.sheets : readSheets(file.bytes, file.name);
    } catch (err) {
      if (err instanceof TableReadError) {
        summaries.push({ file: file.name, kind: null, encoding: null, rows: 0, invalid: 0 });
        problems.push({ file: file.name, row: null, column: null, message: err.message, severity: 'error' });
        continue;
      }
      throw err;
    }
    const workbook = sheets.length > 1;
    for (const sheet of sheets) {
      // one sheet per chain or per firm is common: each is read by its own header, named 「文件 › 工作表」
      const name = workbook ? `${file.name} › ${sheet.name}` : file.name;
      const summary: FileSummary = { file: name, kind: null, encoding: sheet.encoding, rows: 0, invalid: 0 };
      const fileProblem = (message: string, column: string | null = null, row: number | null = null) =>
        problems.push({ file: name, row, column, message, severity: 'error' });
      const table = shapeSheet(sheet.records);
      if (table === null) {
        if (!workbook) { summaries.push(summary); fileProblem('文件为空'); }
        continue;
      }
      summaries.push(summary);
      const kind = detectFileKind(workbook ? sheet.name ?? file.name : file.name, table.headers);
      if (kind === null && (file.fromFolder || workbook)) {
        problems.push({ file: name, row: null, column: null, message: workbook ? '此工作表不是企业、外采件、供需或采购额表，已跳过' : '不是企业、外采件、供需或采购额文件，已跳过', severity: 'warning' });
        continue;
      }
      if (kind === null) {
        fileProblem('无法识别文件类型：文件名和表头都不像企业、唯一来源外采件、供需信息或采购额文件', null, table.headerLine);
        continue;
      }
      summary.kind = kind;
      const skippedNote = [
        table.skipped.titles ? `表头上方 ${table.skipped.titles} 行标题` : '', table.skipped.totals ? `${table.skipped.totals} 行合计/小计` : '',
        table.skipped.notes ? `${table.skipped.notes} 行注释` : '',
      ].filter(Boolean).join('、');
      if (skippedNote) problems.push({ file: name, row: null, column: null, message: `表头在第 ${table.headerLine} 行；已跳过${skippedNote}`, severity: 'warning' });
      const mapping = mapHeaders(kind, table.headers);
      for (const u of mapping.unknown) {
        problems.push({ file: name, row: table.headerLine, column: u.header, message: '未知列，已忽略', severity: 'warning' });
      }
      for (const d of mapping.duplicated) fileProblem('重复的列', d.header, table.headerLine);
      if (mapping.missingRequired.length > 0) {
        for (const c of mapping.missingRequired) fileProblem(`缺少必需的列「${c.zh}」（${c.key}）`, c.zh, table.headerLine);
        continue;
      }
      const headerOf = new Map<string, string>();
      mapping.keyAt.forEach((key, i) => { if (key) headerOf.set(key, table.headers[i]!); });
      headerNames.set(name, headerOf);
      const columnName = (key: string) => headerOf.get(key) ?? FILE_SPECS[kind].columns.find((c) => c.key === key)?.zh ?? key;

      const schema = ROW_SCHEMAS[kind];
      const total = table.rows.length;
      summary.rows = total;
      table.rows.forEach(({ line: rowNumber, cells }, i) => {
        const raw: Record<string, string> = {};
        mapping.keyAt.forEach((key, col) => {
          if (!key) return;
          const cell = cells[col] ?? '';
          // a header in 亿元 or 元: a plain number in its cells is read in that unit
          const unit = mapping.unitAt[col];
          raw[key] = unit && /^[\d.,，\s]+$/.test(cell.trim()) && cell.trim() !== '' ? `${cell.trim()}${unit}` : cell;
        });
        const input = resolveCells(kind, raw, (message, key, severity) =>
          problems.push({ file: name, row: rowNumber, column: columnName(key), message, severity }));
        if (input === null) { summary.invalid++; return; }
        const parsed = schema.safeParse(input);
        if (!parsed.success) {
          summary.invalid++;
          for (const issue of parsed.error.issues) {
            const key = String(issue.path[0] ?? '');
            fileProblem(issue.message, key ? columnName(key) : null, rowNumber);
          }
        } else {
          const record = parsed.data as RecordOf[typeof kind];
          const key = rowKey(kind, record);
          const earlier = firstSeen[kind].get(key);
          if (earlier !== undefined) {
            summary.invalid++;
            const keyColumn = kind === 'enterprises' ? 'uscc' : kind === 'procurement' ? 'year' : 'ref';
            fileProblem(`与${earlier}重复（同一${kind === 'procurement' ? '企业和期间' : '编号'}只能出现一次）`, columnName(keyColumn), rowNumber);
          } else {
            firstSeen[kind].set(key, `${name} 第 ${rowNumber} 行`);
            (rows[kind] as Row<typeof kind>[]).push({ file: name, row: rowNumber, record });
          }
        }
        if (onProgress && (i % 2000 === 0 || i === total - 1)) onProgress(name, i + 1, total);
      });
    }
  }

  return { rows, problems, files: summaries, headerNames: [...headerNames].map(([file, m]) => [file, [...m]]) };
}

/** buyer_uscc and uscc must name an enterprise in the database or in this run's good rows. */
function checkReferences(rows: Rows, known: KnownEnterprises, problems: Problem[], files: FileSummary[], header: (file: string, key: string) => string): void {
  const tierInRun = new Map(rows.enterprises.map((r) => [r.record.uscc, r.record.tier as string]));
  const tierOf = (uscc: string) => tierInRun.get(uscc) ?? known.tierOf(uscc);
  const refer = <K extends 'components' | 'listings' | 'procurement'>(kind: K, key: string, uscc: (r: RecordOf[K]) => string, buyer: boolean) => {
    const kept: Row<K>[] = [];
    for (const r of rows[kind] as Row<K>[]) {
      const code = uscc(r.record);
      const tier = tierOf(code);
      if (tier === undefined) {
        problems.push({ file: r.file, row: r.row, column: header(r.file, key), message: `引用的企业 ${code} 不存在（须先在企业文件中导入）`, severity: 'error' });
        const summary = files.find((f) => f.file === r.file);
        if (summary) summary.invalid++;
        continue;
      }
      if (buyer && tier !== 'chain_leader') {
        problems.push({ file: r.file, row: r.row, column: header(r.file, key), message: `采购企业 ${code} 不是链主企业`, severity: 'warning' });
      }
      kept.push(r);
    }
    (rows as Record<K, Row<K>[]>)[kind] = kept;
  };
  refer('components', 'buyer_uscc', (r) => r.buyer_uscc, true);
  refer('listings', 'uscc', (r) => r.uscc, false);
  refer('procurement', 'buyer_uscc', (r) => r.buyer_uscc, false);
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

