/**
 * The quarterly dispatch of one chain (调度): its near-site rate, its open problems, its key deals
 * (open deals by annual value), its attraction projects and its sole-source gaps, in one report for
 * the page, the print-out and the exports. Everything is limited to what the viewing official's scope covers.
 */
import type Database from 'better-sqlite3';
import type { Criticality, DealStage } from '../../db/schema.ts';
import { hasRole, officialCovers, type Actor, officialScope } from '../auth/policy.ts';
import { OPEN_STAGES } from '../deals/stages.ts';
import { canViewProblem } from './access.ts';
import { allProblems, withOverdue, type ProblemItem } from './queries.ts';
import { loadProblemStatRows, problemFigures, type ProblemFigures, type Quarter } from './stats.ts';
import { listProjects } from '../attraction/project-list.ts';
import type { ListedProject } from '../attraction/project-queries.ts';
import { loadNearSiteInput } from '../metrics/load.ts';
import { nearSite, type NearSiteFigures } from '../metrics/near-site.ts';

export interface GapRow {
  componentId: number; ref: string; name: string; buyerId: number; buyerName: string; buyerRegionCode: string | null; buyerRegionName: string | null;
  annualValueWan: number | null; currentSupplier: string; currentSupplierRegion: string; criticality: Criticality | null;
}

/**
 * The chain's sole-source components nobody is yet working to localise: no deal at all, or only
 * lost ones, and no attraction project other than terminated ones; largest purchase value first. The one place this is decided — the matching engine's
 * "no qualified local candidate" will refine it here.
 */
export function soleSourceGaps(sqlite: Database.Database, chainId: string): GapRow[] {
  return sqlite.prepare<[string], GapRow>(`select c.id as componentId, c.ref, c.name, c.buyer_id as buyerId, b.name as buyerName, b.region_code as buyerRegionCode,
      r.name as buyerRegionName, c.annual_value_wan as annualValueWan, c.current_supplier as currentSupplier,
      c.current_supplier_region as currentSupplierRegion, c.criticality
    from components c join enterprises b on b.id = c.buyer_id left join regions r on r.code = b.region_code
    where c.chain_id = ? and not exists (select 1 from deals d where d.component_id = c.id and d.stage != 'lost')
      and not exists (select 1 from attraction_project_parts pp join attraction_projects p on p.id = pp.project_id
        where pp.component_id = c.id and p.stage != 'terminated')
    order by c.annual_value_wan is null, c.annual_value_wan desc, c.ref`).all(chainId);
}

export interface KeyDealRow {
  id: number; stage: DealStage; subjectRef: string; subjectName: string; buyerName: string; buyerRegionCode: string | null;
  supplierName: string; supplierRegionName: string | null; valueWan: number | null; updatedAt: number;
}

/** The chain's open deals (components and demand listings), largest annual value first. */
export function keyDeals(sqlite: Database.Database, chainId: string): KeyDealRow[] {
  return sqlite.prepare<unknown[], KeyDealRow>(`select d.id, d.stage, coalesce(c.ref, l.ref) as subjectRef, coalesce(c.name, l.title) as subjectName,
      b.name as buyerName, b.region_code as buyerRegionCode, s.name as supplierName, sr.name as supplierRegionName,
      coalesce(d.annual_value_wan, c.annual_value_wan) as valueWan, d.updated_at as updatedAt
    from deals d left join components c on c.id = d.component_id left join listings l on l.id = d.listing_id
    join enterprises b on b.id = d.buyer_id join enterprises s on s.id = d.supplier_id left join regions sr on sr.code = s.region_code
    where coalesce(c.chain_id, l.chain_id) = ? and d.stage in (${OPEN_STAGES.map(() => '?').join(',')})
    order by valueWan is null, valueWan desc, d.id`).all(chainId, ...OPEN_STAGES);
}

export interface DispatchReport {
  chain: { id: string; name: string }; quarter: Quarter; today: string;
  figures: ProblemFigures; problems: ProblemItem[]; deals: KeyDealRow[]; gaps: GapRow[];
  /** the chain's near-site rate in the quarter, over the buyers the viewer's scope covers */
  nearSite: NearSiteFigures;
  /** the chain's attraction projects (all but terminated ones), largest value first, with overdue flags */
  projects: ListedProject[];
}

/** A buyer's deals and parts are within an official's view when the scope covers the chain and the buyer's county. */
const covers = (actor: Actor, chainId: string, regionCode: string | null) =>
  hasRole(actor, 'admin') || officialCovers(actor, { chainIds: [chainId], regionCode });

export function dispatchReport(sqlite: Database.Database, actor: Actor, chain: { id: string; name: string }, quarter: Quarter, today: string): DispatchReport {
  const visible = (p: { chainId: string | null } & Parameters<typeof canViewProblem>[1]) => p.chainId === chain.id && canViewProblem(actor, p);
  return {
    chain, quarter, today,
    figures: problemFigures(loadProblemStatRows(sqlite).filter(visible), quarter, today),
    problems: allProblems(sqlite, `where p.chain_id = ? and p.status != 'closed'`, chain.id).filter((p) => canViewProblem(actor, p))
      .map((p) => withOverdue(p, today)),
    deals: keyDeals(sqlite, chain.id).filter((d) => covers(actor, chain.id, d.buyerRegionCode)),
    gaps: soleSourceGaps(sqlite, chain.id).filter((g) => covers(actor, chain.id, g.buyerRegionCode)),
    nearSite: nearSite(loadNearSiteInput(sqlite), { year: quarter.year, quarter: quarter.quarter, chain: chain.id, scope: officialScope(actor) ?? undefined }),
    projects: listProjects(sqlite, actor, { chain: chain.id }, today).items.filter((p) => p.stage !== 'terminated'),
  };
}
