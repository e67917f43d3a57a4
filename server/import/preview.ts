/**
 * What an import would do, without doing it: the same run as importFiles inside a transaction
 * that is rolled back — counts per kind, the field changes of every object it would update or
 * create (read from the audit entries the run writes, before → after), its warnings and errors.
 * Nothing outside the database is told (no search feed, no notices), and the rollback takes the
 * audit entries and the run record with it. `npm run import -- --dry-run` prints it.
 */
import type Database from 'better-sqlite3';
import { auditChanges, auditActionLabel, type AuditChange } from '../audit-labels.ts';
import { importFiles, type ImportOptions, type ImportReport } from './index.ts';
import type { ImportFile } from './validate.ts';

export interface ObjectChange { action: string; object: string; changes: AuditChange[] }
export interface ImportPreview { report: ImportReport; objects: ObjectChange[] }

/** Options that would reach outside the database are dropped: a preview tells nobody. */
type PreviewOptions = Omit<ImportOptions, 'feed' | 'onProfileChanges' | 'afterWrite'>;

export function previewImport(sqlite: Database.Database, files: ImportFile[], opts: PreviewOptions): ImportPreview {
  const lastAudit = sqlite.prepare<[], { id: number | null }>('select max(id) as id from audit_log').get()?.id ?? 0;
  let report: ImportReport | undefined;
  let objects: ObjectChange[] = [];
  sqlite.exec('begin');
  try {
    report = importFiles(sqlite, files, opts);
    objects = sqlite.prepare<[number], { action: string; objectType: string; objectId: string; before: string | null; after: string | null }>(
      `select action, object_type as objectType, object_id as objectId, before, after from audit_log
        where id > ? and action like '%.import_%' order by id`).all(lastAudit)
      .map((r) => ({ action: auditActionLabel(r.action), object: r.objectId, changes: auditChanges(r.objectType, r.before, r.after) }));
  } finally {
    sqlite.exec('rollback');
  }
  return { report, objects };
}

/** The preview as lines for a terminal: each object's changed fields, before → after. */
export function previewLines(p: ImportPreview, limit = 200): string[] {
  const lines: string[] = [];
  for (const o of p.objects.slice(0, limit)) {
    const fields = o.changes.map((c) => (c.before ? `${c.field}：${c.before} → ${c.after}` : `${c.field}：${c.after}`)).join('；');
    lines.push(`${o.action} ${o.object}${fields ? `：${fields}` : ''}`);
  }
  if (p.objects.length > limit) lines.push(`……另有 ${p.objects.length - limit} 个对象的变更未列出`);
  return lines;
}
