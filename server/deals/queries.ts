/** Reading deals for pages and the API. */
import type Database from 'better-sqlite3';
import type { DealStage } from '../../db/schema.ts';
import { canViewComponent, officialScope, type Actor } from '../auth/policy.ts';

export interface DealEvent { fromStage: DealStage | null; toStage: DealStage; note: string; reason: string | null; annualValueWan: number | null; actorLabel: string; at: number }

export function dealEvents(sqlite: Database.Database, dealId: number): DealEvent[] {
  return sqlite.prepare<[number], DealEvent>(`select from_stage as fromStage, to_stage as toStage, note, reason, annual_value_wan as annualValueWan, actor_label as actorLabel, at
    from deal_events where deal_id = ? order by id`).all(dealId);
}


export interface DealListRow {
  id: number; stage: DealStage; subjectKind: 'component' | 'listing'; subjectRef: string; subjectName: string; buyerName: string; supplierName: string;
  chainName: string | null; annualValueWan: number | null; updatedAt: number;
  /** the viewer may open what the deal is about (a supplier may not open the buyer's component page) */
  subjectVisible: boolean;
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
  const rows = sqlite.prepare<unknown[], Omit<DealListRow, 'subjectVisible'> & { componentId: number | null; buyerId: number; componentChainId: string | null; buyerRegionCode: string | null }>(
    `select d.id, d.stage, case when d.component_id is null then 'listing' else 'component' end as subjectKind,
      d.component_id as componentId, d.buyer_id as buyerId, c.chain_id as componentChainId, b.region_code as buyerRegionCode,
      coalesce(c.ref, l.ref) as subjectRef, coalesce(c.name, l.title) as subjectName, b.name as buyerName, s.name as supplierName,
      ch.name as chainName, d.annual_value_wan as annualValueWan, d.updated_at as updatedAt
    from deals d join enterprises b on b.id = d.buyer_id join enterprises s on s.id = d.supplier_id
    left join components c on c.id = d.component_id left join listings l on l.id = d.listing_id
    left join chains ch on ch.id = coalesce(c.chain_id, l.chain_id)
    ${where.length ? `where ${where.join(' and ')}` : ''} order by d.updated_at desc, d.id desc limit 500`).all(...args);
  return rows.map(({ componentId, buyerId, componentChainId, buyerRegionCode, ...row }) => ({
    ...row,
    subjectVisible: componentId === null || canViewComponent(actor, { id: componentId, buyerId, chainId: componentChainId, buyerRegionCode }),
  }));
}

/** A deal with what its access rule needs (its subject's owner, chain and county) and both firms' names. */
export interface DealRecord {
  id: number; stage: DealStage; version: number; subjectKind: 'component' | 'listing'; subjectId: number; subjectRef: string; subjectName: string;
  buyerId: number; buyerUscc: string; buyerName: string; buyerRegionCode: string | null; supplierId: number; supplierUscc: string; supplierName: string;
  chainId: string | null; annualValueWan: number | null; subjectValueWan: number | null; lostReason: string | null; createdAt: number; updatedAt: number;
}

const DEAL_RECORD = `select d.id, d.stage, d.version, case when d.component_id is null then 'listing' else 'component' end as subjectKind,
    coalesce(d.component_id, d.listing_id) as subjectId, coalesce(c.ref, l.ref) as subjectRef, coalesce(c.name, l.title) as subjectName,
    d.buyer_id as buyerId, b.uscc as buyerUscc, b.name as buyerName, b.region_code as buyerRegionCode,
    d.supplier_id as supplierId, s.uscc as supplierUscc, s.name as supplierName, coalesce(c.chain_id, l.chain_id) as chainId,
    d.annual_value_wan as annualValueWan, c.annual_value_wan as subjectValueWan, d.lost_reason as lostReason, d.created_at as createdAt, d.updated_at as updatedAt
  from deals d join enterprises b on b.id = d.buyer_id join enterprises s on s.id = d.supplier_id
  left join components c on c.id = d.component_id left join listings l on l.id = d.listing_id`;

export interface DealRecordFilter { firmId?: number; stage?: DealStage }

/** Deals after an id, in id order; `firmId` narrows to deals where that firm is buyer or supplier. */
export function dealRecordsAfter(sqlite: Database.Database, f: DealRecordFilter, after: number, count: number): DealRecord[] {
  return sqlite.prepare<{ after: number; count: number; firm: number | null; stage: string | null }, DealRecord>(`${DEAL_RECORD}
    where d.id > @after and (@firm is null or d.buyer_id = @firm or d.supplier_id = @firm) and (@stage is null or d.stage = @stage)
    order by d.id limit @count`).all({ after, count, firm: f.firmId ?? null, stage: f.stage ?? null });
}

export function dealRecord(sqlite: Database.Database, id: number): DealRecord | undefined {
  return sqlite.prepare<[number], DealRecord>(`${DEAL_RECORD} where d.id = ?`).get(id);
}

/** A party of a deal as its page shows it: name, code, and whom to call (only the parties and officials see a deal). */
export interface DealParty { name: string; uscc: string; contactName: string; contactPhone: string }

export function dealParty(sqlite: Database.Database, enterpriseId: number): DealParty {
  const row = sqlite.prepare<[number], DealParty>(`select name, uscc, coalesce(contact_name, '') as contactName, coalesce(contact_phone, '') as contactPhone
    from enterprises where id = ?`).get(enterpriseId);
  if (!row) throw new Error(`enterprise ${enterpriseId} of a deal is missing`);
  return row;
}
