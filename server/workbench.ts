/**
 * What a signed-in person should look at first, by role: a buyer's parts without a local
 * candidate and deals in progress, a firm's listings and deals, an official's open problems.
 * Plain counts; the home page turns them into links.
 */
import type Database from 'better-sqlite3';
import type { Actor } from './auth/policy.ts';
import { listRegister } from './components/register.ts';

export interface Workbench {
  role: 'enterprise' | 'procurement' | 'official' | 'admin';
  firmName: string | null;
  components?: { total: number; noLocal: number; candidates: number; inDeal: number; localised: number };
  listings?: { open: number; expiringSoon: number };
  deals?: { open: number; asSupplier: number };
  problems?: { open: number; overdue: number };
  unread: number;
}

export function workbench(sqlite: Database.Database, actor: Actor, today: string, soon: string): Workbench | null {
  if (actor.kind !== 'user') return null;
  const one = (sql: string, ...args: unknown[]) => (sqlite.prepare(sql).pluck().get(...args) as number | null) ?? 0;
  const firm = actor.enterpriseId;
  const w: Workbench = {
    role: actor.role,
    firmName: firm ? sqlite.prepare('select name from enterprises where id = ?').pluck().get(firm) as string : null,
    unread: one('select count(*) from notifications where user_id = ? and read_at is null', actor.id),
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
      open: one(`select count(*) from deals where buyer_id = ? and stage not in ('supplying', 'lost')`, firm),
      asSupplier: one(`select count(*) from deals where supplier_id = ? and stage not in ('supplying', 'lost')`, firm),
    };
  }
  if (actor.role === 'official' || actor.role === 'admin') {
    w.problems = {
      open: one(`select count(*) from problems where status != 'closed'`),
      overdue: one(`select count(*) from problems where status in ('assigned', 'reopened') and deadline < ?`, today),
    };
  }
  return w;
}
