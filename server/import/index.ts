/**
 * One import run (CONTRACT.md §2), shared by `npm run import` and the admin upload page:
 * validate every file, then write all of it in one transaction — or, with skipInvalid,
 * the good rows only. A run with errors and without skipInvalid writes nothing.
 */
import type Database from 'better-sqlite3';
import type { ChangeFeed } from '../changes.ts';
import { FILE_KINDS, type FileKind } from './columns.ts';
import { loadRows, type LoadCounts } from './load.ts';
import type { ChangeSet } from '../changes.ts';
import { hasErrors, validateFiles, type FileSummary, type ImportFile, type Problem } from './validate.ts';

export type { ImportFile, Problem } from './validate.ts';
export { formatProblem } from './validate.ts';

export interface ImportOptions {
  now: number;
  skipInvalid?: boolean;
  source?: string;
  onProgress?: (file: string, done: number, total: number) => void;
  /** extra work inside the import's transaction (the audit entry of an upload) */
  afterWrite?: (changes: ChangeSet) => void;
  /** indexes hear of the rows written inside the transaction, reactions after it commits */
  feed?: ChangeFeed;
}

export interface ImportReport {
  /** true when rows were written (possibly none changed) */
  loaded: boolean;
  problems: Problem[];
  files: FileSummary[];
  counts: LoadCounts | null;
  changes: ChangeSet | null;
}

export function importFiles(sqlite: Database.Database, files: ImportFile[], opts: ImportOptions): ImportReport {
  const tierOf = sqlite.prepare<[string], { tier: string }>('select tier from enterprises where uscc = ?');
  const validated = validateFiles(files, { tierOf: (uscc) => tierOf.get(uscc)?.tier }, opts.onProgress);
  const { rows, problems, files: summaries } = validated;
  let report: ImportReport;
  if (hasErrors(problems) && !opts.skipInvalid) {
    report = { loaded: false, problems, files: summaries, counts: null, changes: null };
  } else {
    const { counts, changes } = loadRows(sqlite, rows, {
      now: opts.now,
      afterWrite: (written) => { opts.feed?.written(written); opts.afterWrite?.(written); },
    });
    opts.feed?.committed(changes);
    report = { loaded: true, problems, files: summaries, counts, changes };
  }
  recordRun(sqlite, report, opts);
  return report;
}

function recordRun(sqlite: Database.Database, report: ImportReport, opts: ImportOptions): void {
  const summary = {
    counts: report.counts,
    errors: report.problems.filter((p) => p.severity === 'error').length,
    warnings: report.problems.filter((p) => p.severity === 'warning').length,
  };
  sqlite.prepare('insert into import_runs (started_at, source, files, ok, summary) values (?, ?, ?, ?, ?)')
    .run(opts.now, opts.source ?? 'cli', JSON.stringify(report.files.map((f) => f.file)), report.loaded ? 1 : 0, JSON.stringify(summary));
}

export const KIND_LABELS: Record<FileKind, string> = {
  enterprises: '企业', components: '唯一来源外采件', listings: '供需信息', procurement: '采购额',
};

export function countsLine(counts: LoadCounts): string[] {
  return FILE_KINDS.map((k) => `${KIND_LABELS[k]}：新增 ${counts[k].inserted}，更新 ${counts[k].updated}，未变 ${counts[k].unchanged}`);
}
