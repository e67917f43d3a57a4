/**
 * Turns the files of one import run into checked records and a list of problems, each
 * pinned to file, row and column. Nothing here writes: load.ts does.
 *
 * A run is read as a stream: every file's header is read first (so the tables can be taken in
 * the order references need — enterprises, then components, listings and procurement), then the
 * rows come in batches, each row checked on its own (types, choices, duplicates) and against the
 * enterprises it names (the database's and this run's). What the run holds besides the batch in
 * hand is the keys seen (for duplicates), the run's enterprises' tiers and the problems.
 */
import { bytesSource, fileSource, openSheets, TableReadError, type SheetStream } from './read-table.ts';
import { detectFileKind, FILE_KINDS, FILE_SPECS, mapHeaders, type FileKind, type HeaderMapping } from './columns.ts';
import { shapeRecords, type SheetShape } from './sheet-shape.ts';
import { resolveCells } from './resolve-cells.ts';
import { ROW_SCHEMAS, rowKey, type RecordOf } from './records.ts';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
  path?: undefined;
  /** found by listing a folder: a file that is none of the four is skipped, not refused */
  fromFolder?: boolean;
}

/** A file the import command reads from disk as it goes (never held whole). */
export interface ImportPath { name: string; path: string; fromFolder?: boolean; bytes?: undefined }

export type ImportInput = ImportFile | ImportPath;

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
type AnyRow = { [K in FileKind]: { kind: K; row: Row<K> } }[FileKind];

export const emptyRows = (): Rows => ({ enterprises: [], components: [], listings: [], procurement: [] });

export interface FileSummary { file: string; kind: FileKind | null; encoding: string | null; rows: number; invalid: number }

export interface Validated { rows: Rows; problems: Problem[]; files: FileSummary[] }

/** What the database already holds, for reference checks. */
export interface KnownEnterprises { tierOf(uscc: string): string | undefined }

/**
 * Every row read, shaped and checked on its own (types, choices, duplicates): the CPU-heavy part,
 * which needs nothing from the database. Plain data only, so it crosses threads (the in-memory
 * upload path: the worker checks, the server writes).
 */
export interface CheckedRows extends Validated { headerNames: [string, [string, string][]][] }

/** rows read of a table; while it is being read the total is estimated from the share of its bytes read (`approximate`) */
export type Progress = (file: string, done: number, total: number, approximate?: boolean) => void;

/** An import run being read: its files' headers are read; its rows come in batches. */
export interface ImportRun {
  /** grows as the rows are read; in file and row order once `batches` is done */
  problems: Problem[];
  files: FileSummary[];
  /** the good rows, enterprises first, references checked; a batch holds at most `size` rows */
  batches(size: number): Generator<Rows>;
}

export interface RunOptions {
  onProgress?: Progress;
  /** rows one run may hold (an upload's cap per role): past it the run stops with an error */
  maxRows?: number;
}

/** FILE_KINDS is in the order references need: enterprises first. */
const KIND_ORDER = new Map(FILE_KINDS.map((k, i) => [k, i]));

/** One table of the run (a CSV file, or a sheet of a workbook), its header read, its rows to come. */
interface Table {
  name: string;
  kind: FileKind;
  summary: FileSummary;
  mapping: HeaderMapping;
  headerOf: Map<string, string>;
  shape: SheetShape;
  share: () => number;
}

function sheetsOf(file: ImportInput): SheetStream[] {
  return openSheets(file.path !== undefined ? fileSource(file.path) : bytesSource(file.bytes), file.name);
}

/** Reads every file's header; the tables in the order references need. File-level problems go to `problems`. */
function openTables(files: ImportInput[], problems: Problem[], summaries: FileSummary[]): Table[] {
  const tables: Table[] = [];
  for (const file of files) {
    let sheets: SheetStream[];
    try {
      sheets = sheetsOf(file);
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
      let shape: SheetShape | null;
      try {
        shape = shapeRecords(sheet.records);
      } catch (err) {
        if (!(err instanceof TableReadError)) throw err;
        summaries.push(summary);
        fileProblem(err.message);
        continue;
      }
      if (shape === null) {
        if (!workbook) { summaries.push(summary); fileProblem('文件为空'); }
        continue;
      }
      summaries.push(summary);
      const kind = detectFileKind(workbook ? sheet.name ?? file.name : file.name, shape.headers);
      if (kind === null && (file.fromFolder || workbook)) {
        problems.push({ file: name, row: null, column: null, message: workbook ? '此工作表不是企业、外采件、供需或采购额表，已跳过' : '不是企业、外采件、供需或采购额文件，已跳过', severity: 'warning' });
        continue;
      }
      if (kind === null) {
        fileProblem('无法识别文件类型：文件名和表头都不像企业、唯一来源外采件、供需信息或采购额文件', null, shape.headerLine);
        continue;
      }
      summary.kind = kind;
      const mapping = mapHeaders(kind, shape.headers);
      for (const u of mapping.unknown) {
        problems.push({ file: name, row: shape.headerLine, column: u.header, message: '未知列，已忽略', severity: 'warning' });
      }
      for (const d of mapping.duplicated) fileProblem('重复的列', d.header, shape.headerLine);
      if (mapping.missingRequired.length > 0) {
        for (const c of mapping.missingRequired) fileProblem(`缺少必需的列「${c.zh}」（${c.key}）`, c.zh, shape.headerLine);
        continue;
      }
      const headerOf = new Map<string, string>();
      mapping.keyAt.forEach((key, i) => { if (key) headerOf.set(key, shape.headers[i]!); });
      tables.push({ name, kind, summary, mapping, headerOf, shape, share: sheet.share });
    }
  }
  return tables.sort((a, b) => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!);
}

const columnNameIn = (t: Pick<Table, 'kind' | 'headerOf'>) => (key: string) =>
  t.headerOf.get(key) ?? FILE_SPECS[t.kind].columns.find((c) => c.key === key)?.zh ?? key;

/**
 * Each table's rows checked on their own, in table order. A table that breaks while being read
 * (a CSV's unclosed quote, the run's row cap) ends with a problem where it broke; the rows before
 * it stand as read.
 */
function* checkTables(tables: Table[], problems: Problem[], opts: RunOptions): Generator<AnyRow> {
  // where each key was first seen: the table's index and the row, packed in one number
  const firstSeen: { [K in FileKind]: Map<string, number> } = {
    enterprises: new Map(), components: new Map(), listings: new Map(), procurement: new Map(),
  };
  let rowsRead = 0;
  for (const [index, table] of tables.entries()) {
    const { name, kind, summary, mapping, shape } = table;
    const columnName = columnNameIn(table);
    const fileProblem = (message: string, column: string | null = null, row: number | null = null) =>
      problems.push({ file: name, row, column, message, severity: 'error' });
    const schema = ROW_SCHEMAS[kind];
    // three significant figures: an estimate should not look exact
    const estimate = (done: number) => Math.max(done, Number((done / Math.max(table.share(), 1e-9)).toPrecision(3)));
    try {
      for (const { line: rowNumber, cells } of shape.rows) {
        if (opts.maxRows !== undefined && ++rowsRead > opts.maxRows) {
          throw new TableReadError(`文件行数超过本账号单次导入上限 ${opts.maxRows.toLocaleString('zh-CN')} 行，请拆分后分批导入`);
        }
        summary.rows++;
        if (opts.onProgress && summary.rows % 2000 === 0) opts.onProgress(name, summary.rows, estimate(summary.rows), true);
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
        if (input === null) { summary.invalid++; continue; }
        const parsed = schema.safeParse(input);
        if (!parsed.success) {
          summary.invalid++;
          for (const issue of parsed.error.issues) {
            const key = String(issue.path[0] ?? '');
            fileProblem(issue.message, key ? columnName(key) : null, rowNumber);
          }
          continue;
        }
        const record = parsed.data as RecordOf[typeof kind];
        const key = rowKey(kind, record);
        const earlier = firstSeen[kind].get(key);
        if (earlier !== undefined) {
          summary.invalid++;
          const keyColumn = kind === 'enterprises' ? 'uscc' : kind === 'procurement' ? 'year' : 'ref';
          const where = `${tables[Math.floor(earlier / 2 ** 32)]!.name} 第 ${earlier % 2 ** 32} 行`;
          fileProblem(`与${where}重复（同一${kind === 'procurement' ? '企业和期间' : '编号'}只能出现一次）`, columnName(keyColumn), rowNumber);
          continue;
        }
        firstSeen[kind].set(key, index * 2 ** 32 + rowNumber);
        yield { kind, row: { file: name, row: rowNumber, record } } as AnyRow;
      }
    } catch (err) {
      if (!(err instanceof TableReadError)) throw err;
      fileProblem(summary.rows > 0 ? `${err.message}（已读 ${summary.rows.toLocaleString('zh-CN')} 行，其后未读取）` : err.message);
    }
    opts.onProgress?.(name, summary.rows, summary.rows);
    const { titles, totals, notes } = shape.skipped;
    const skippedNote = [titles ? `表头上方 ${titles} 行标题` : '', totals ? `${totals} 行合计/小计` : '', notes ? `${notes} 行注释` : ''].filter(Boolean).join('、');
    if (skippedNote) problems.push({ file: name, row: null, column: null, message: `表头在第 ${shape.headerLine} 行；已跳过${skippedNote}`, severity: 'warning' });
  }
}

/**
 * buyer_uscc and uscc must name an enterprise in the database or in this run's good rows (the run's
 * enterprises come first, so they are known by the time a row names them).
 */
function referenceCheck(known: KnownEnterprises, problems: Problem[], files: FileSummary[], header: (file: string, key: string) => string) {
  const tierInRun = new Map<string, string>();
  const refer = (r: Row<FileKind>, key: string, code: string, buyer: boolean): boolean => {
    const tier = tierInRun.get(code) ?? known.tierOf(code);
    if (tier === undefined) {
      problems.push({ file: r.file, row: r.row, column: header(r.file, key), message: `引用的企业 ${code} 不存在（须先在企业文件中导入）`, severity: 'error' });
      const summary = files.find((f) => f.file === r.file);
      if (summary) summary.invalid++;
      return false;
    }
    if (buyer && tier !== 'chain_leader') {
      problems.push({ file: r.file, row: r.row, column: header(r.file, key), message: `采购企业 ${code} 不是链主企业`, severity: 'warning' });
    }
    return true;
  };
  return (r: AnyRow): boolean => {
    switch (r.kind) {
      case 'enterprises': tierInRun.set(r.row.record.uscc, r.row.record.tier ?? 'sme'); return true;
      case 'components': return refer(r.row, 'buyer_uscc', r.row.record.buyer_uscc, true);
      case 'listings': return refer(r.row, 'uscc', r.row.record.uscc, false);
      case 'procurement': return refer(r.row, 'buyer_uscc', r.row.record.buyer_uscc, false);
    }
  };
}

/** The rows that pass `keep`, in batches of at most `size`; then the problems in file and row order. */
function* inBatches(rows: Iterable<AnyRow>, keep: (r: AnyRow) => boolean, size: number, problems: Problem[], files: FileSummary[]): Generator<Rows> {
  let batch = emptyRows();
  let count = 0;
  for (const r of rows) {
    if (!keep(r)) continue;
    (batch[r.kind] as Row<typeof r.kind>[]).push(r.row);
    if (++count >= size) { yield batch; batch = emptyRows(); count = 0; }
  }
  if (count > 0) yield batch;
  sortProblems(problems, files);
}

function sortProblems(problems: Problem[], files: FileSummary[]): void {
  const fileOrder = new Map(files.map((f, i) => [f.file, i]));
  problems.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || (a.row ?? 0) - (b.row ?? 0));
}

/** A run read as it goes (the import command, and uploads in the worker thread). */
export function streamRun(files: ImportInput[], known: KnownEnterprises, opts: RunOptions = {}): ImportRun {
  const problems: Problem[] = [];
  const summaries: FileSummary[] = [];
  const tables = openTables(files, problems, summaries);
  const headers = new Map(tables.map((t) => [t.name, columnNameIn(t)]));
  return {
    problems, files: summaries,
    batches: (size) => inBatches(checkTables(tables, problems, opts), referenceCheck(known, problems, summaries, (file, key) => headers.get(file)?.(key) ?? key), size, problems, summaries),
  };
}

/** A run whose rows were checked elsewhere (the worker thread, for an in-memory database). */
export function checkedRun(checked: CheckedRows, known: KnownEnterprises): ImportRun {
  const problems = [...checked.problems];
  const headerNames = new Map(checked.headerNames.map(([file, pairs]) => [file, new Map(pairs)]));
  const all = function* (): Generator<AnyRow> {
    for (const kind of FILE_KINDS) for (const row of checked.rows[kind]) yield { kind, row } as AnyRow;
  };
  return {
    problems, files: checked.files,
    batches: (size) => inBatches(all(), referenceCheck(known, problems, checked.files, (file, key) => headerNames.get(file)?.get(key) ?? key), size, problems, checked.files),
  };
}

/** Every row checked on its own and held (no references: those need the database). */
export function checkRows(files: ImportInput[], opts: RunOptions = {}): CheckedRows {
  const problems: Problem[] = [];
  const summaries: FileSummary[] = [];
  const tables = openTables(files, problems, summaries);
  const rows = emptyRows();
  for (const r of checkTables(tables, problems, opts)) (rows[r.kind] as Row<typeof r.kind>[]).push(r.row);
  return { rows, problems, files: summaries, headerNames: tables.map((t) => [t.name, [...t.headerOf]]) };
}

/** Every file checked and held, references too (small runs: templates, tests). */
export function validateFiles(files: ImportInput[], known: KnownEnterprises, opts: RunOptions = {}): Validated {
  const run = streamRun(files, known, opts);
  const rows = emptyRows();
  for (const batch of run.batches(Number.MAX_SAFE_INTEGER)) for (const kind of FILE_KINDS) (rows[kind] as Row<typeof kind>[]).push(...batch[kind]);
  return { rows, problems: run.problems, files: run.files };
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

