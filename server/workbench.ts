/**
 * What a signed-in person should look at first, by role: a buyer's parts without a local
 * candidate and deals in progress, a firm's listings and deals, an official's open problems.
 * Plain counts; the home page turns them into links.
 */
import type Database from 'better-sqlite3';
import { officialScope, type Actor } from './auth/policy.ts';
import { listRegister } from './components/register.ts';
import { loadProblemStatRows } from './problems/stats.ts';
import { isOverdue } from './problems/statuses.ts';

export interface Workbench {
  role: 'enterprise' | 'procurement' | 'official' | 'admin';
  firmName: string | null;
  components?: { total: number; noLocal: number; candidates: number; inDeal: number; localised: number };
  listings?: { open: number; expiringSoon: number };
  deals?: { open: number; asSupplier: number };
  problems?: { open: number; overdue: number };
  /** an admin's own work: fields firms edited that an import left unsettled, webhook deliveries given up, imports refused in the last 7 days */
  admin?: { conflicts: number; failedDeliveries: number; refusedImports: number };
  /** the dashboard is for admins and officials of the city (not department-only staff) */
  dashboard: boolean;
  unread: number;
}

export function workbench(sqlite: Database.Database, actor: Actor, today: string, soon: string): Workbench | null {
  if (actor.kind !== 'user') return null;
  const one = (sql: string, ...args: unknown[]) => sqlite.prepare<unknown[], number | null>(sql).pluck().get(...args) ?? 0;
  const firm = actor.enterpriseId;
  const w: Workbench = {
    role: actor.role,
    firmName: firm ? sqlite.prepare<[number], string>('select name from enterprises where id = ?').pluck().get(firm) ?? null : null,
    unread: one('select count(*) from notifications where user_id = ? and read_at is null', actor.id),
    dashboard: actor.role === 'admin' || officialScope(actor) !== null,
  };
  if (actor.role === 'procurement') {
    const rows = listRegister(sqlite, actor, {});
    const n = (status: string) => rows.filter((r) => r.status === status).length;
    w.components = { total: rows.length, noLocal: n('no_local'), candidates: n('candidates'), inDeal: n('in_deal'), localised: n('localised') };
  }
  if (firm) {
    w.listings = {
      open: one(`select count(*) from listings where enterprise_id = ? and status = 'open' and valid_until >= ?`, firm, today),
      expiringSoon: one(`select count(*) from listings where enterprise_id = ? and status = 'open' and valid_until between ? and ?`, firm, today, soon),
    };
    w.deals = {
      // The same rule as the deal list: a component's deals are its procurement staff's, not the firm's other users'.
      open: one(`select count(*) from deals where buyer_id = ? and stage not in ('supplying', 'lost')${actor.role === 'enterprise' ? ' and listing_id is not null' : ''}`, firm),
      asSupplier: one(`select count(*) from deals where supplier_id = ? and stage not in ('supplying', 'lost')`, firm),
    };
  }
  if (actor.role === 'admin') {
    w.admin = {
      conflicts: one(`select count(*) from import_conflicts where resolved_at is null`),
      failedDeliveries: one(`select count(*) from webhook_deliveries where status = 'failed'`),
      refusedImports: one(`select count(*) from import_runs where ok = 0 and started_at >= ?`, Date.parse(`${today}T00:00:00+08:00`) - 7 * 86_400_000),
    };
  }
  if (actor.role === 'official' || actor.role === 'admin') {
    // Only the cases this person may open: a scoped official's chains and counties, department staff their department's.
    const cases = loadProblemStatRows(sqlite, actor);
    w.problems = { open: cases.filter((p) => p.status !== 'closed').length, overdue: cases.filter((p) => isOverdue(p, today)).length };
  }
  return w;
}
