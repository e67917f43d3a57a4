/** Reading deals for pages and the API. */
import type Database from 'better-sqlite3';
import type { DealStage } from '../../db/schema.ts';
import { officialScope, type Actor } from '../auth/policy.ts';

export interface DealEvent { fromStage: DealStage | null; toStage: DealStage; note: string; reason: string | null; annualValueWan: number | null; actorLabel: string; at: number }

export function dealEvents(sqlite: Database.Database, dealId: number): DealEvent[] {
  return sqlite.prepare(`select from_stage as fromStage, to_stage as toStage, note, reason, annual_value_wan as annualValueWan, actor_label as actorLabel, at
    from deal_events where deal_id = ? order by id`).all(dealId) as DealEvent[];
}


export interface DealListRow {
  id: number; stage: DealStage; subjectKind: 'component' | 'listing'; subjectRef: string; subjectName: string; buyerName: string; supplierName: string;
  chainName: string | null; annualValueWan: number | null; updatedAt: number;
}

/** The deals an actor may see: the rule of `canViewDeal` in SQL, for the list that leads to each deal. */
export function listDeals(sqlite: Database.Database, actor: Actor, f: { stage?: DealStage }): DealListRow[] {
  if (actor.kind === 'anonymous') return [];
  const where: string[] = [];
  const args: unknown[] = [];
  if (actor.role === 'procurement') {
    where.push('(d.buyer_id = ? or d.supplier_id = ?)');
    args.push(actor.enterpriseId, actor.enterpriseId);
  } else if (actor.role === 'enterprise') {
    // A component's deals are the buyer's procurement business; the firm's other users see its listings' deals and what it supplies.
    where.push('((d.buyer_id = ? and d.listing_id is not null) or d.supplier_id = ?)');
    args.push(actor.enterpriseId, actor.enterpriseId);
  } else if (actor.role === 'official') {
    const scope = officialScope(actor);
    const linked = actor.linked?.dealIds ?? [];
    const covered: string[] = [];
    if (scope) {
      const parts = ['1 = 1'];
      if (scope.chains.length) { parts.push(`coalesce(c.chain_id, l.chain_id) in (${scope.chains.map(() => '?').join(',')})`); args.push(...scope.chains); }
      if (scope.regions.length) { parts.push(`b.region_code in (${scope.regions.map(() => '?').join(',')})`); args.push(...scope.regions); }
      covered.push(`(${parts.join(' and ')})`);
    }
    if (linked.length) { covered.push(`d.id in (${linked.map(() => '?').join(',')})`); args.push(...linked); }
    where.push(covered.length ? `(${covered.join(' or ')})` : '0 = 1');
  }
  if (f.stage) { where.push('d.stage = ?'); args.push(f.stage); }
  return sqlite.prepare(`select d.id, d.stage, case when d.component_id is null then 'listing' else 'component' end as subjectKind,
      coalesce(c.ref, l.ref) as subjectRef, coalesce(c.name, l.title) as subjectName, b.name as buyerName, s.name as supplierName,
      ch.name as chainName, d.annual_value_wan as annualValueWan, d.updated_at as updatedAt
    from deals d join enterprises b on b.id = d.buyer_id join enterprises s on s.id = d.supplier_id
    left join components c on c.id = d.component_id left join listings l on l.id = d.listing_id
    left join chains ch on ch.id = coalesce(c.chain_id, l.chain_id)
    ${where.length ? `where ${where.join(' and ')}` : ''} order by d.updated_at desc, d.id desc limit 500`).all(...args) as DealListRow[];
}
