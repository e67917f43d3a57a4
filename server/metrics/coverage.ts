/**
 * Sole-source coverage and the deal funnel, straight from the tables: how many components
 * have a qualified local candidate, an open deal, a local contract; how many deals sit at
 * each stage. Per chain and city-wide.
 */
import type Database from 'better-sqlite3';
import type { DealStage } from '../../db/schema.ts';
import { LOCALISED_SQL } from '../components/localised.ts';
import { PIPELINE } from '../vocabulary.ts';

export interface Coverage { chainId: string | null; components: number; withCandidate: number; withDeal: number; localised: number; valueWan: number; localisedValueWan: number }

const LOCALISED = LOCALISED_SQL;
const WITH_DEAL = `exists (select 1 from deals d where d.component_id = c.id and d.stage != 'lost')`;

export interface MetricScope { chains: string[]; regions: string[] }
const ALL: MetricScope = { chains: [], regions: [] };

function scopeClause(scope: MetricScope, chainColumn: string, regionColumn: string): { sql: string; args: string[] } {
  const parts: string[] = [];
  const args: string[] = [];
  if (scope.chains.length) { parts.push(`${chainColumn} in (${scope.chains.map(() => '?').join(',')})`); args.push(...scope.chains); }
  if (scope.regions.length) { parts.push(`${regionColumn} in (${scope.regions.map(() => '?').join(',')})`); args.push(...scope.regions); }
  return { sql: parts.length ? ` and ${parts.join(' and ')}` : '', args };
}

/** Coverage per chain (chainId set) and the total over the scope (chainId null, last). */
export function coverageByChain(sqlite: Database.Database, scope: MetricScope = ALL): Coverage[] {
  const where = scopeClause(scope, 'c.chain_id', 'b.region_code');
  const rows = sqlite.prepare<unknown[], Coverage>(`select c.chain_id as chainId, count(*) as components,
      sum(coalesce(m.qualified_local, 0) > 0) as withCandidate, sum(${WITH_DEAL}) as withDeal, sum(${LOCALISED}) as localised,
      coalesce(sum(c.annual_value_wan), 0) as valueWan, coalesce(sum(case when ${LOCALISED} then c.annual_value_wan else 0 end), 0) as localisedValueWan
    from components c join enterprises b on b.id = c.buyer_id left join component_match_status m on m.component_id = c.id
    where 1 = 1${where.sql} group by c.chain_id`).all(...where.args);
  const total = rows.reduce<Coverage>((t, r) => ({
    chainId: null, components: t.components + r.components, withCandidate: t.withCandidate + r.withCandidate, withDeal: t.withDeal + r.withDeal,
    localised: t.localised + r.localised, valueWan: t.valueWan + r.valueWan, localisedValueWan: t.localisedValueWan + r.localisedValueWan,
  }), { chainId: null, components: 0, withCandidate: 0, withDeal: 0, localised: 0, valueWan: 0, localisedValueWan: 0 });
  return [...rows, total];
}

export interface FunnelStage { stage: DealStage; deals: number; valueWan: number }

const STAGE_RANK = `case %s ${PIPELINE.map((s, i) => `when '${s}' then ${i}`).join(' ')} end`;

/**
 * The funnel counts the deals that REACHED each stage (the furthest stage a deal's history
 * shows, so a deal now supplying counts under 推荐 … 供货), which is why it narrows; a deal
 * that skipped a stage passed it. Lost deals are counted apart under 'lost', whatever stage
 * they were lost at.
 */
export function dealFunnel(sqlite: Database.Database, scope: MetricScope = ALL): FunnelStage[] {
  const where = scopeClause(scope, 'coalesce(c.chain_id, l.chain_id)', 'b.region_code');
  const rows = sqlite.prepare<string[], { stage: string; valueWan: number; furthest: number }>(`select d.stage as stage, coalesce(d.annual_value_wan, c.annual_value_wan, 0) as valueWan,
      max(coalesce(${STAGE_RANK.replace('%s', 'd.stage')}, -1),
          coalesce((select max(${STAGE_RANK.replace('%s', 'e.to_stage')}) from deal_events e where e.deal_id = d.id), -1),
          coalesce((select max(${STAGE_RANK.replace('%s', 'e.from_stage')}) from deal_events e where e.deal_id = d.id), -1)) as furthest
    from deals d join enterprises b on b.id = d.buyer_id left join components c on c.id = d.component_id left join listings l on l.id = d.listing_id
    where 1 = 1${where.sql}`).all(...where.args);
  const funnel: FunnelStage[] = PIPELINE.map((stage, i) => {
    const reached = rows.filter((r) => r.furthest >= i);
    return { stage, deals: reached.length, valueWan: reached.reduce((t, r) => t + r.valueWan, 0) };
  });
  const lost = rows.filter((r) => r.stage === 'lost');
  funnel.push({ stage: 'lost', deals: lost.length, valueWan: lost.reduce((t, r) => t + r.valueWan, 0) });
  return funnel;
}

export interface Gap { ref: string; name: string; chainId: string | null; buyerName: string; annualValueWan: number | null; currentSupplierRegion: string; criticality: string | null }

/** The largest sole-source components with no qualified local candidate and no local contract: where to attract suppliers. */
export function largestGaps(sqlite: Database.Database, scope: MetricScope = ALL, limit = 15, chainId?: string): Gap[] {
  const where = scopeClause(scope, 'c.chain_id', 'b.region_code');
  const chain = chainId ? ' and c.chain_id = ?' : '';
  return sqlite.prepare<unknown[], Gap>(`select c.ref, c.name, c.chain_id as chainId, b.name as buyerName, c.annual_value_wan as annualValueWan,
      c.current_supplier_region as currentSupplierRegion, c.criticality
    from components c join enterprises b on b.id = c.buyer_id join component_match_status m on m.component_id = c.id
    where m.qualified_local = 0 and not ${LOCALISED}${where.sql}${chain}
    order by c.annual_value_wan desc, c.ref limit ?`).all(...where.args, ...(chainId ? [chainId] : []), limit);
}
