/**
 * The dashboard's what-ifs for a viewer's scope and year: the rate if the open deals at the
 * quoting stage sign, if the largest open attraction projects reach operation, how far each chain
 * is from 40%, and the path to 40% (what-if.ts does the arithmetic). Parts and projects are the
 * ones the viewer may see (canViewComponent, canViewProject).
 */
import type Database from 'better-sqlite3';
import { getLexicon } from '../../search/lexicon.ts';
import { canViewComponent, officialScope, type Actor } from '../auth/policy.ts';
import { loadTargetParts } from '../attraction/queries.ts';
import { openProjectParts, visibleProjects } from '../attraction/project-queries.ts';
import { loadNearSiteInput } from './load.ts';
import { nearSite, type NearSiteFigures, type NearSiteFilter } from './near-site.ts';
import { nearSiteWith, pathToTarget, type HypotheticalPart } from './what-if.ts';

export interface PathPart extends HypotheticalPart { ref: string; name: string; buyerName: string; chainId: string | null }

export interface WhatIfView {
  year: number;
  now: NearSiteFigures;
  deals: { count: number; valueWan: number; figures: NearSiteFigures };
  projects: { top: number; chosen: { ref: string; title: string; valueWan: number }[]; open: number; figures: NearSiteFigures };
  chains: { id: string; name: string; figures: NearSiteFigures; shortWan: number; partsNeeded: number; reached: boolean; already: boolean }[];
  path: { parts: PathPart[]; reached: boolean; already: boolean; after: NearSiteFigures; shortWan: number };
}

interface QuotingDeal { componentId: number; buyerId: number; valueWan: number; chainId: string | null; buyerRegionCode: string | null }

/** Open deals at the quoting stage, with a local supplier, on parts: what signing them would localise. */
function quotingDeals(sqlite: Database.Database): QuotingDeal[] {
  return sqlite.prepare<[], QuotingDeal>(`select d.component_id as componentId, d.buyer_id as buyerId, coalesce(d.annual_value_wan, c.annual_value_wan, 0) as valueWan,
      c.chain_id as chainId, b.region_code as buyerRegionCode
    from deals d join components c on c.id = d.component_id join enterprises b on b.id = d.buyer_id
    join enterprises s on s.id = d.supplier_id join regions r on r.code = s.region_code
    where d.stage = 'quoting' and r.kind = 'local'`).all();
}

export function buildWhatIf(sqlite: Database.Database, actor: Actor, year: number, top: number): WhatIfView {
  const input = loadNearSiteInput(sqlite);
  const scope = officialScope(actor) ?? undefined;
  const filter: NearSiteFilter = { year, scope };
  const sees = (p: { componentId: number; buyerId: number; chainId: string | null; buyerRegionCode: string | null }) => canViewComponent(actor, { ...p, id: p.componentId });

  const deals = quotingDeals(sqlite).filter(sees);
  const projects = visibleProjects(sqlite, actor).filter((p) => p.stage !== 'operating' && p.stage !== 'terminated');
  const chosen = projects.slice(0, top);
  const chosenIds = new Set(chosen.map((p) => p.id));
  const projectParts = openProjectParts(sqlite).filter((p) => chosenIds.has(p.projectId));

  const candidates: PathPart[] = loadTargetParts(sqlite)
    .filter((p) => p.state !== 'localised' && p.supplierRegionKind !== 'local' && (p.valueWan ?? 0) > 0 && sees(p))
    .map((p) => ({ componentId: p.componentId, buyerId: p.buyerId, valueWan: p.valueWan ?? 0, ref: p.ref, name: p.name, buyerName: p.buyerName, chainId: p.chainId }));
  const path = pathToTarget(input, filter, candidates);
  const chains = getLexicon().chains().filter((c) => !scope || scope.chains.length === 0 || scope.chains.includes(c.id)).map((c) => {
    const p = pathToTarget(input, { ...filter, chain: c.id }, candidates.filter((x) => x.chainId === c.id));
    return { id: c.id, name: c.name, figures: p.before, shortWan: p.shortWan, partsNeeded: p.parts.length, reached: p.reached, already: p.already };
  }).filter((c) => c.figures.buyers > 0);

  return {
    year,
    now: nearSite(input, filter),
    deals: { count: deals.length, valueWan: deals.reduce((s, d) => s + d.valueWan, 0), figures: nearSiteWith(input, filter, deals) },
    projects: { top, open: projects.length, chosen: chosen.map((p) => ({ ref: p.ref, title: p.title, valueWan: p.valueWan })), figures: nearSiteWith(input, filter, projectParts) },
    chains,
    path: { parts: path.parts, reached: path.reached, already: path.already, after: path.after, shortWan: path.shortWan },
  };
}
