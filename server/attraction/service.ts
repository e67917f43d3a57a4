/**
 * The attraction targets as a viewer may see them: only the parts canViewComponent lets them see
 * (an official's chains and counties, a buyer's own parts), grouped into targets, each with the
 * rate the viewer's figures would gain if that supplier built a plant here, the projects already
 * working on it, and — on request — the closest local firm and what it lacks.
 */
import type Database from 'better-sqlite3';
import { getLexicon } from '../../search/lexicon.ts';
import { canViewComponent, officialScope, type Actor } from '../auth/policy.ts';
import { placeRegion } from '../domain/regions.ts';
import { loadNearSiteInput } from '../metrics/load.ts';
import { nearSite, type NearSiteFilter, type NearSiteInput } from '../metrics/near-site.ts';
import { rateGainer } from '../metrics/what-if.ts';
import type { ProjectStage } from '../../db/schema.ts';
import type { LocalFit, MatcherPort } from './matcher.ts';
import { loadTargetParts } from './queries.ts';
import { visibleProjects } from './project-queries.ts';
import { groupTargets, type AttractionTarget, type TargetList, type TargetPartRow } from './targets.ts';

export interface TargetsFilter { chain?: string; region?: string }

export interface TargetProject { ref: string; title: string; stage: ProjectStage }
export interface TargetView extends AttractionTarget {
  /** percentage points the viewer's near-site rate would gain this year with all its parts made here */
  rateGainPoints: number | null;
  projects: TargetProject[];
}
export interface TargetsView extends Omit<TargetList, 'targets'> { targets: TargetView[]; year: number; rate: number | null }

/** The near-site figures a viewer may see: a buyer's own, an official's scope, everything for an admin. */
export function viewerFilter(actor: Actor, year: number, buyerUscc: (id: number) => string | undefined): NearSiteFilter {
  if (actor.kind === 'anonymous') return { year, buyerUscc: '-' };
  if (actor.role === 'admin') return { year };
  if (actor.role === 'procurement') return { year, buyerUscc: actor.enterpriseId ? buyerUscc(actor.enterpriseId) ?? '-' : '-' };
  const scope = officialScope(actor);
  // Anyone else (a firm, department-only staff) has no city figures to speak of.
  return scope ? { year, scope } : { year, buyerUscc: '-' };
}

export function visibleTargetParts(sqlite: Database.Database, actor: Actor): TargetPartRow[] {
  return loadTargetParts(sqlite).filter((p) => canViewComponent(actor, { id: p.componentId, buyerId: p.buyerId, chainId: p.chainId, buyerRegionCode: p.buyerRegionCode }));
}

/** A county of the city (code or name) filters by the buyers' county; any other place by where the supplier is. */
function regionPredicate(text: string): (p: TargetPartRow) => boolean {
  const local = getLexicon().region(text);
  if (local?.kind === 'local') return (p) => p.buyerRegionCode === local.code;
  const place = placeRegion(text)?.name ?? text.trim();
  return (p) => p.supplierRegion.includes(place) || (placeRegion(p.supplierRegion)?.name ?? '') === place;
}

export function attractionTargets(sqlite: Database.Database, actor: Actor, filter: TargetsFilter, year: number, input: NearSiteInput = loadNearSiteInput(sqlite)): TargetsView {
  const inRegion = filter.region ? regionPredicate(filter.region) : () => true;
  const parts = visibleTargetParts(sqlite, actor).filter((p) => (!filter.chain || p.chainId === filter.chain) && inRegion(p));
  const list = groupTargets(parts);
  const usccOf = new Map(input.buyers.map((b) => [b.id, b.uscc]));
  const rateFilter = viewerFilter(actor, year, (id) => usccOf.get(id));
  const projects = visibleProjects(sqlite, actor).filter((p) => p.targetKey !== '' && p.stage !== 'terminated');
  const gain = rateGainer(input, rateFilter);
  return {
    ...list, year, rate: nearSite(input, rateFilter).rate,
    targets: list.targets.map((t) => ({
      ...t,
      rateGainPoints: gain(t.parts.map((p) => ({ componentId: p.componentId, buyerId: p.buyerId, valueWan: p.valueWan ?? 0 }))),
      projects: projects.filter((p) => p.targetKey === t.key).map((p) => ({ ref: p.ref, title: p.title, stage: p.stage })),
    })),
  };
}

/** One target by its key, as the viewer sees it (all chains and regions). */
export function findTarget(sqlite: Database.Database, actor: Actor, key: string): AttractionTarget | undefined {
  return groupTargets(visibleTargetParts(sqlite, actor)).targets.find((t) => t.key === key);
}

export interface NearestLocal { partRef: string; partName: string; firm: LocalFit }

/** The local firm closest to supplying any of the target's parts (the engine's best), and for which part. */
export function nearestLocal(port: MatcherPort, target: AttractionTarget, maxParts = 3): NearestLocal | null {
  let best: NearestLocal | null = null;
  for (const part of target.parts.slice(0, maxParts)) {
    const firm = port.localFits(part.componentId).find((f) => f.grade !== 'none');
    if (firm && (!best || firm.score > best.firm.score)) best = { partRef: part.ref, partName: part.name, firm };
  }
  return best;
}
