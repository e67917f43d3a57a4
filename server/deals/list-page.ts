/** The deals an actor may see, a page at a time: canViewDeal decides, the firm filter only narrows the scan. */
import type Database from 'better-sqlite3';
import type { DealStage } from '../../db/schema.ts';
import type { Actor } from '../auth/policy.ts';
import { visiblePage, type KeysetPage } from '../paging.ts';
import { dealRecordsAfter, type DealRecord } from './queries.ts';
import { canViewDeal, type Subject } from './service.ts';

export function subjectOfRecord(d: DealRecord): Subject {
  return { kind: d.subjectKind, id: d.subjectId, ref: d.subjectRef, name: d.subjectName, buyerId: d.buyerId, chainId: d.chainId, annualValueWan: d.subjectValueWan, buyerRegionCode: d.buyerRegionCode };
}

export function visibleDeals(sqlite: Database.Database, actor: Actor, f: { stage?: DealStage }, after: number, limit: number): KeysetPage<DealRecord> {
  if (actor.kind === 'anonymous') return { items: [], next: null };
  const firmId = actor.role === 'enterprise' || actor.role === 'procurement' ? actor.enterpriseId ?? -1 : undefined;
  return visiblePage((from, count) => dealRecordsAfter(sqlite, { firmId, stage: f.stage }, from, count),
    (d) => canViewDeal(actor, subjectOfRecord(d), d), after, limit);
}
