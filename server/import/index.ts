/**
 * One import run, shared by `npm run import` and the admin upload page:
 * validate every file, then write all of it in one transaction — or, with skipInvalid,
 * the good rows only. A run with errors and without skipInvalid writes nothing.
 */
import type Database from 'better-sqlite3';
import type { ChangeFeed } from '../changes.ts';
import { FILE_KINDS, type FileKind } from './columns.ts';
import { createLoader, type FieldConflict, type LoadCounts, type LoadResult, type ProfileChange } from './load.ts';
import { OWNED_FIELDS, showValue } from './field-ownership.ts';
import { getLexicon } from '../../search/lexicon.ts';
import type { ChangeSet } from '../changes.ts';
import { checkedRun, hasErrors, streamRun, type CheckedRows, type FileSummary, type ImportInput, type Problem, type Progress, type Rows } from './validate.ts';
import { checkOwnership, type OwnerMove } from './ownership.ts';
import { deferIndexesOfEmptyTables } from '../../db/deferred-indexes.ts';
import { recordAudit, type AuditEntry } from '../audit.ts';
import { collectPreview, lastAuditId, type ImportPreview } from './preview.ts';
import type { OmittedProblems } from './problem-list.ts';

export type { ImportFile, ImportInput, ImportPath, Problem } from './validate.ts';
export type { ImportPreview } from './preview.ts';
export { formatProblem } from './validate.ts';

export interface ImportOptions {
  now: number;
  skipInvalid?: boolean;
  source?: string;
  onProgress?: Progress;
  /** extra work inside the import's transaction (the audit entry of an upload) */
  afterWrite?: (changes: ChangeSet) => void;
  /** indexes hear of the rows written inside the transaction, reactions after it commits */
  feed?: ChangeFeed;
  /** a chain leader's procurement staff load only their own firm's components */
  componentsOf?: string;
  /** an admin's explicit choice: rows may move a component or listing to another firm (each move audited) */
  moveOwners?: boolean;
  /** who runs the import: audited per object, recorded on the run */
  actor?: AuditEntry['actor'];
  ip?: string;
  /** overwrite what firms edited themselves (the admin's choice for the whole file) */
  preferImport?: boolean;
  /** after the commit: firms whose profile the import changed (to tell them) */
  onProfileChanges?: (changes: ProfileChange[]) => void;
  /** the rows already read and checked off the event loop (read-off-thread.ts); the files are not read again */
  checked?: CheckedRows;
  /** rows the run may hold (an upload's cap per role) */
  maxRows?: number;
  /** run the whole load, report what it would do (ImportReport.preview), and roll it back: nothing is written */
  dryRun?: boolean;
  /** commit only if the load reproduces this preview's digest; otherwise nothing is written (ImportReport.stale) */
  expectDigest?: string;
}

export interface ImportReport {
  /** true when rows were written (possibly none changed) */
  loaded: boolean;
  problems: Problem[];
  files: FileSummary[];
  counts: LoadCounts | null;
  changes: ChangeSet | null;
  /** fields kept as the firm wrote them (企业已自行修改，未覆盖) */
  conflicts: FieldConflict[];
  /** a dry run's (or a checked commit's) creates, updates with their field changes, and digest */
  preview?: ImportPreview;
  /** a commit refused because the load no longer matches its preview (the data changed since) */
  stale?: true;
  /** problems past the first ones, counted (compactProblems: a report that crossed from the worker) */
  omittedProblems?: OmittedProblems;
}

export const STALE_PREVIEW_MESSAGE = '预览之后数据已有变化（其他导入或企业自行修改），本次导入的结果将与预览不同，未写入任何数据。请重新上传文件，查看新的预览后再确认。';

/** Thrown inside the load's transaction to roll it back. */
class RollBack extends Error {
  constructor(readonly reason: 'refused' | 'dry-run' | 'stale') { super(reason); }
}

/**
 * Tables whose secondary indexes a first load builds after its rows. Only tables the run itself
 * never looks up by those indexes: the listings are found by ref (unique, kept) and by id; a firm's
 * listings are looked up by firm only while the firms are written, before any listing is. The
 * search documents are found by key (unique, kept) and by id; their owner index serves removals
 * only, and a first load removes nothing (every row it writes has its document).
 */
const DEFERRED_INDEX_TABLES = ['listings', 'search_docs'] as const;

/** Rows written per batch: what the import holds at once, whatever the size of its files. */
export const IMPORT_BATCH_ROWS = 2000;

/**
 * SQLite's page cache while an import runs, per connection (its default is 2 MiB). A run writes
 * several B-trees at once (the tables, their indexes, the search index); with the default cache
 * their pages are written out and read back again and again. Pages are taken as needed (a small
 * run takes few) and given back when the import ends. Nothing about durability changes.
 */
export const IMPORT_PAGE_CACHE_MIB = 128;

function widenPageCache(sqlite: Database.Database, mib: number): () => void {
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${-Math.round(mib * 1024)}`);
  return () => { sqlite.pragma(`cache_size = ${before}`); };
}

/**
 * Reads, checks and writes the run as one stream inside one transaction: each batch of checked
 * rows is written (and indexed) before the next is read. The first error stops the writing — the
 * rest is still read, so the report lists every problem — and rolls the transaction back at the
 * end: a run with errors writes nothing (unless skipInvalid, which writes the good rows).
 */
export function importFiles(sqlite: Database.Database, files: ImportInput[], opts: ImportOptions): ImportReport {
  const tierOf = sqlite.prepare<[string], { tier: string }>('select tier from enterprises where uscc = ?');
  const known = { tierOf: (uscc: string) => tierOf.get(uscc)?.tier };
  const run = opts.checked ? checkedRun(opts.checked, known) : streamRun(files, known, { onProgress: opts.onProgress, maxRows: opts.maxRows });
  const { problems, files: summaries } = run;
  const buyerOnly = opts.componentsOf;
  if (buyerOnly !== undefined) refuseOtherKinds(summaries, problems);
  const ownership = { moveOwners: opts.moveOwners === true && buyerOnly === undefined, opaque: buyerOnly !== undefined };
  const moves: OwnerMove[] = [];
  const sinceAudit = lastAuditId(sqlite);
  // problems only grow while the batches come: each is looked at once (a run may hold a million warnings)
  let looked = 0;
  let errorSeen = false;
  const refusing = () => {
    for (; !errorSeen && looked < problems.length; looked++) errorSeen = problems[looked]!.severity === 'error';
    return errorSeen && !opts.skipInvalid;
  };
  let preview: ImportPreview | undefined;
  let result: LoadResult | undefined;
  let rolledBack: RollBack['reason'] | null = null;
  let written = 0;
  const restoreCache = widenPageCache(sqlite, IMPORT_PAGE_CACHE_MIB);
  try {
    sqlite.transaction(() => {
      // the loader makes the search documents of the rows it inserts from what it wrote: the index need not read them back
      const documents = !opts.dryRun && opts.feed !== undefined;
      const loader = createLoader(sqlite, { now: opts.now, preferImport: opts.preferImport, actor: opts.actor, ip: opts.ip, documents });
      // a first load of the listings builds their indexes once, after the rows (db/deferred-indexes.ts)
      const buildIndexes = deferIndexesOfEmptyTables(sqlite, DEFERRED_INDEX_TABLES);
      for (const batch of run.batches(IMPORT_BATCH_ROWS)) {
        if (buyerOnly !== undefined) keepComponentsOf(buyerOnly, batch, problems);
        moves.push(...checkOwnership(sqlite, batch, problems, summaries, ownership));
        // past the first error nothing more is written: the rest is read for the report only
        if (refusing()) continue;
        const changed = loader.load(batch);
        if (!opts.dryRun) opts.feed?.written(changed, { documents: loader.documents() });
        if (opts.checked && opts.onProgress) {
          written += batch.enterprises.length + batch.components.length + batch.listings.length + batch.procurement.length;
          opts.onProgress('写入数据库', written, checkedTotal(opts.checked));
        }
      }
      // the batches are done and the problems sorted: the whole list once more
      if (hasErrors(problems) && !opts.skipInvalid) throw new RollBack('refused');
      buildIndexes();
      const loaded = loader.result();
      result = loaded;
      auditMoves(sqlite, moves, opts);
      if (!opts.dryRun) opts.afterWrite?.(loaded.changes);
      if (!opts.dryRun && opts.expectDigest === undefined) return;
      preview = collectPreview(sqlite, sinceAudit, loaded.counts, loaded.conflicts, problems);
      if (opts.dryRun) throw new RollBack('dry-run');
      if (preview.digest !== opts.expectDigest) throw new RollBack('stale');
    })();
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
    rolledBack = err.reason;
  } finally {
    restoreCache();
  }
  let report: ImportReport;
  if (rolledBack === 'refused') {
    report = { loaded: false, problems, files: summaries, counts: null, changes: null, conflicts: [] };
    if (opts.dryRun) return report;
    recordAudit(sqlite, {
      actor: opts.actor ?? { kind: 'system', label: '导入' }, action: 'import.refused', objectType: 'import', objectId: summaries.map((f) => f.file).join(','),
      after: { errors: problems.filter((p) => p.severity === 'error').length, first: problems.find((p) => p.severity === 'error')?.message ?? null },
      at: opts.now, ip: opts.ip,
    });
  } else if (rolledBack === 'stale') {
    problems.push({ file: summaries.map((f) => f.file).join(','), row: null, column: null, severity: 'error', message: STALE_PREVIEW_MESSAGE });
    report = { loaded: false, problems, files: summaries, counts: null, changes: null, conflicts: [], stale: true };
  } else {
    const { counts, changes, conflicts, profileChanges } = result!;
    for (const c of conflicts) problems.push(conflictProblem(c));
    if (rolledBack === 'dry-run') return { loaded: false, problems, files: summaries, counts, changes, conflicts, preview };
    opts.feed?.committed(changes);
    report = { loaded: true, problems, files: summaries, counts, changes, conflicts, preview };
    if (profileChanges.length > 0) opts.onProfileChanges?.(profileChanges);
  }
  recordRun(sqlite, report, opts);
  return report;
}

const checkedTotal = (c: CheckedRows) => c.rows.enterprises.length + c.rows.components.length + c.rows.listings.length + c.rows.procurement.length;

function conflictProblem(c: FieldConflict): Problem {
  const show = (v: FieldConflict['old']) => showValue(v, (id) => getLexicon().chain(id)?.name ?? id);
  return {
    file: c.file, row: c.row, column: null, severity: 'warning',
    message: `企业已自行修改，未覆盖：${c.name} 的「${OWNED_FIELDS[c.field]}」原导入值「${show(c.old)}」，企业填写「${show(c.firm)}」，本次导入「${show(c.imported)}」`,
  };
}

/** A buyer's own upload: every file but components files is refused. */
function refuseOtherKinds(summaries: FileSummary[], problems: Problem[]): void {
  for (const f of summaries) {
    if (f.kind !== null && f.kind !== 'components') {
      problems.push({ file: f.file, row: null, column: null, message: `只能导入唯一来源外采件文件（此文件是${KIND_LABELS[f.kind]}文件）`, severity: 'error' });
    }
  }
}

/** A buyer's own upload: only its own components; other rows are dropped (their files refused), another buyer's rows refused. */
function keepComponentsOf(buyerUscc: string, rows: Rows, problems: Problem[]): void {
  rows.enterprises = []; rows.listings = []; rows.procurement = [];
  rows.components = rows.components.filter((r) => {
    if (r.record.buyer_uscc === buyerUscc) return true;
    problems.push({ file: r.file, row: r.row, column: null, message: `只能导入本企业（${buyerUscc}）的外采件，此行的采购企业是 ${r.record.buyer_uscc}`, severity: 'error' });
    return false;
  });
}

function auditMoves(sqlite: Database.Database, moves: OwnerMove[], opts: ImportOptions): void {
  for (const m of moves) {
    recordAudit(sqlite, {
      actor: opts.actor ?? { kind: 'system', label: '导入' }, action: m.kind === 'components' ? 'component.move_owner' : 'listing.move_owner',
      objectType: m.kind === 'components' ? 'component' : 'listing', objectId: m.ref,
      before: { owner_uscc: m.fromUscc }, after: { owner_uscc: m.toUscc }, at: opts.now, ip: opts.ip,
    });
  }
}

function recordRun(sqlite: Database.Database, report: ImportReport, opts: ImportOptions): void {
  const summary = {
    counts: report.counts,
    errors: report.problems.filter((p) => p.severity === 'error').length,
    warnings: report.problems.filter((p) => p.severity === 'warning').length,
  };
  const actor = opts.actor;
  const userId = actor?.kind === 'user' ? actor.id : null;
  const label = actor === undefined ? null : actor.kind === 'anonymous' ? '匿名' : actor.label;
  sqlite.prepare('insert into import_runs (started_at, source, files, ok, summary, user_id, actor_label) values (?, ?, ?, ?, ?, ?, ?)')
    .run(opts.now, opts.source ?? 'cli', JSON.stringify(report.files.map((f) => f.file)), report.loaded ? 1 : 0, JSON.stringify({ ...summary, conflicts: report.conflicts.length }), userId, label);
}

export const KIND_LABELS: Record<FileKind, string> = {
  enterprises: '企业', components: '唯一来源外采件', listings: '供需信息', procurement: '采购额',
};

export function countsLine(counts: LoadCounts): string[] {
  return FILE_KINDS.map((k) => `${KIND_LABELS[k]}：新增 ${counts[k].inserted}，更新 ${counts[k].updated}，未变 ${counts[k].unchanged}`);
}
