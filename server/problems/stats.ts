/**
 * The dashboard's problem figures: open, overdue, raised and closed in a quarter, and the
 * average days from raising to 销号 — for all cases, per chain and per county (the firm's).
 * `problemStats` is pure over plain rows (the officials' dashboard reuses it); the loader
 * reads those rows, keeping only the cases an actor may see when one is given.
 *
 * Rules: open and overdue are as of `today` (the case's current status); raised/closed count
 * cases whose created_at/closed_at falls in the quarter (city time); the average is over the
 * cases closed in the quarter, in days to one decimal.
 */
import type Database from 'better-sqlite3';
import type { ProblemStatus } from '../../db/schema.ts';
import type { Actor } from '../auth/policy.ts';
import { cityDate } from '../vocabulary.ts';
import { canViewProblem } from './access.ts';
import { isOverdue } from './statuses.ts';

export interface StatRow {
  enterpriseId: number; chainId: string | null; regionCode: string | null; departmentId: string | null;
  status: ProblemStatus; deadline: string | null; createdAt: number; closedAt: number | null;
}

export interface Quarter { year: number; quarter: number }
export interface ProblemFigures { open: number; overdue: number; raised: number; closed: number; avgDaysToClose: number | null }
export interface FiguresBy { key: string | null; figures: ProblemFigures }
export interface ProblemStats { quarter: Quarter; today: string; total: ProblemFigures; byChain: FiguresBy[]; byCounty: FiguresBy[] }

const CITY_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export function quarterOf(ms: number): Quarter {
  const date = cityDate(ms);
  return { year: Number(date.slice(0, 4)), quarter: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1 };
}

/** The quarter's first instant and the next quarter's first instant, in the city's time. */
export function quarterBounds(q: Quarter): { start: number; end: number } {
  return { start: Date.UTC(q.year, (q.quarter - 1) * 3, 1) - CITY_OFFSET_MS, end: Date.UTC(q.year, q.quarter * 3, 1) - CITY_OFFSET_MS };
}

export function problemFigures(rows: readonly StatRow[], q: Quarter, today: string): ProblemFigures {
  const { start, end } = quarterBounds(q);
  const within = (ms: number | null) => ms !== null && ms >= start && ms < end;
  const closed = rows.filter((r) => r.status === 'closed' && within(r.closedAt));
  const days = closed.reduce((sum, r) => sum + (r.closedAt! - r.createdAt) / DAY_MS, 0);
  return {
    open: rows.filter((r) => r.status !== 'closed').length,
    overdue: rows.filter((r) => isOverdue(r, today)).length,
    raised: rows.filter((r) => within(r.createdAt)).length,
    closed: closed.length,
    avgDaysToClose: closed.length ? Math.round((days / closed.length) * 10) / 10 : null,
  };
}

function groupBy(rows: readonly StatRow[], key: (r: StatRow) => string | null, q: Quarter, today: string): FiguresBy[] {
  const groups = new Map<string | null, StatRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r); else groups.set(k, [r]);
  }
  return [...groups].map(([k, list]) => ({ key: k, figures: problemFigures(list, q, today) }))
    .sort((a, b) => b.figures.open - a.figures.open || b.figures.raised - a.figures.raised || String(a.key ?? '~').localeCompare(String(b.key ?? '~')));
}

export function problemStats(rows: readonly StatRow[], q: Quarter, today: string): ProblemStats {
  return {
    quarter: q, today,
    total: problemFigures(rows, q, today),
    byChain: groupBy(rows, (r) => r.chainId, q, today),
    byCounty: groupBy(rows, (r) => r.regionCode, q, today),
  };
}

/** The rows the figures are computed over; with an actor, only the cases that actor may see. */
export function loadProblemStatRows(sqlite: Database.Database, actor?: Actor): StatRow[] {
  const rows = sqlite.prepare<[], StatRow>(`select p.enterprise_id as enterpriseId, p.chain_id as chainId, e.region_code as regionCode, p.department_id as departmentId,
      p.status, p.deadline, p.created_at as createdAt, p.closed_at as closedAt
    from problems p join enterprises e on e.id = p.enterprise_id`).all();
  return actor ? rows.filter((r) => canViewProblem(actor, r)) : rows;
}
