/**
 * The audit log: every write records who, what, when, before and after. Called inside the
 * write's own transaction, so a write and its record stand or fall together.
 */
import type Database from 'better-sqlite3';
import type { Actor } from './auth/policy.ts';

export interface AuditEntry {
  actor: Actor | { kind: 'system'; label: string };
  action: string;
  objectType: string;
  objectId: string | number;
  enterpriseId?: number | null;
  before?: unknown;
  after?: unknown;
  ip?: string;
  at: number;
}

const inserts = new WeakMap<Database.Database, Database.Statement>();
/** One prepared insert per connection: an import writes one entry per object. */
function insertStatement(sqlite: Database.Database): Database.Statement {
  let st = inserts.get(sqlite);
  if (!st) {
    st = sqlite.prepare(`insert into audit_log (at, actor_user_id, actor_token_id, actor_label, action, object_type, object_id, enterprise_id, before, after, ip)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    inserts.set(sqlite, st);
  }
  return st;
}

export function recordAudit(sqlite: Database.Database, e: AuditEntry): void {
  const a = e.actor;
  const userId = a.kind === 'user' ? a.id : null;
  const tokenId = a.kind === 'token' ? a.id : null;
  const label = a.kind === 'anonymous' ? '匿名' : a.label;
  insertStatement(sqlite).run(
    e.at, userId, tokenId, label, e.action, e.objectType, String(e.objectId), e.enterpriseId ?? null,
    e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after), e.ip ?? '');
}

export interface AuditFilter { enterpriseId?: number; objectType?: string; objectId?: string; limit: number; offset: number }

export function listAudit(sqlite: Database.Database, f: AuditFilter) {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.enterpriseId !== undefined) { where.push('a.enterprise_id = ?'); args.push(f.enterpriseId); }
  if (f.objectType) { where.push('a.object_type = ?'); args.push(f.objectType); }
  if (f.objectId) { where.push('a.object_id = ?'); args.push(f.objectId); }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const total = sqlite.prepare<unknown[], number>(`select count(*) from audit_log a ${clause}`).pluck().get(...args) ?? 0;
  const rows = sqlite.prepare<unknown[], AuditRow>(`select a.id, a.at, a.actor_label as actorLabel, a.action, a.object_type as objectType, a.object_id as objectId,
      a.before, a.after, a.ip, e.name as enterpriseName, e.uscc as enterpriseUscc
    from audit_log a left join enterprises e on e.id = a.enterprise_id ${clause} order by a.id desc limit ? offset ?`)
    .all(...args, f.limit, f.offset);
  return { total, rows };
}

export interface AuditRow {
  id: number; at: number; actorLabel: string; action: string; objectType: string; objectId: string;
  before: string | null; after: string | null; ip: string; enterpriseName: string | null; enterpriseUscc: string | null;
}

/** The kinds of object the log holds, for its filter. */
export function auditObjectTypes(sqlite: Database.Database): string[] {
  return sqlite.prepare<[], { t: string }>('select distinct object_type as t from audit_log order by 1').all().map((r) => r.t);
}
