/**
 * Everything the officials' dashboard and the quarterly report show, computed once from the
 * same loaders so the page, the drill-downs and the downloads can never disagree.
 */
import type Database from 'better-sqlite3';
import { getLexicon } from '../../search/lexicon.ts';
import { coverageByChain, dealFunnel, largestGaps, type Coverage, type FunnelStage, type Gap, type MetricScope } from './coverage.ts';
import { loadNearSiteInput } from './load.ts';
import { nearSite, type NearSiteFigures } from './near-site.ts';

export interface DashboardData {
  year: number;
  /** the quarter the chain, county and leader figures are for; undefined = the whole year */
  quarter?: number;
  scope: MetricScope;
  city: NearSiteFigures;
  quarters: { quarter: number; figures: NearSiteFigures }[];
  chains: { id: string; name: string; nearSite: NearSiteFigures; coverage: Coverage }[];
  counties: { code: string; name: string; nearSite: NearSiteFigures }[];
  leaders: { uscc: string; name: string; nearSite: NearSiteFigures }[];
  coverage: Coverage;
  funnel: FunnelStage[];
  gaps: Gap[];
}

const EMPTY_COVERAGE = (chainId: string | null): Coverage => ({ chainId, components: 0, withCandidate: 0, withDeal: 0, localised: 0, valueWan: 0, localisedValueWan: 0 });

export function buildDashboard(sqlite: Database.Database, year: number, scope: MetricScope, quarter?: number): DashboardData {
  const input = loadNearSiteInput(sqlite);
  const lexicon = getLexicon();
  const coverage = coverageByChain(sqlite, scope);
  const visibleChains = lexicon.chains().filter((c) => scope.chains.length === 0 || scope.chains.includes(c.id));
  const counties = lexicon.regions().filter((r) => r.kind === 'local' && (scope.regions.length === 0 || scope.regions.includes(r.code)));
  const names = new Map(sqlite.prepare<[], { id: number; name: string }>(`select id, name from enterprises where tier = 'chain_leader'`).all().map((r) => [r.id, r.name]));
  return {
    year,
    quarter,
    scope,
    city: nearSite(input, { year, quarter, scope }),
    quarters: [1, 2, 3, 4].map((quarter) => ({ quarter, figures: nearSite(input, { year, quarter, scope }) })),
    chains: visibleChains.map((c) => ({
      id: c.id, name: c.name, nearSite: nearSite(input, { year, quarter, chain: c.id, scope }),
      coverage: coverage.find((x) => x.chainId === c.id) ?? EMPTY_COVERAGE(c.id),
    })),
    counties: counties.map((r) => ({ code: r.code, name: r.name, nearSite: nearSite(input, { year, quarter, region: r.code, scope }) })),
    leaders: input.buyers.filter((b) => names.has(b.id))
      .map((b) => ({ uscc: b.uscc, name: names.get(b.id)!, nearSite: nearSite(input, { year, quarter, buyerUscc: b.uscc, scope }) }))
      .filter((l) => l.nearSite.buyers > 0)
      .sort((a, b) => b.nearSite.totalWan - a.nearSite.totalWan),
    coverage: coverage[coverage.length - 1]!,
    funnel: dealFunnel(sqlite, scope),
    gaps: largestGaps(sqlite, scope),
  };
}

/** The years with procurement figures, and this year, newest first. */
export function dashboardYears(sqlite: Database.Database, thisYear: number): number[] {
  const rows = sqlite.prepare<[], { year: number }>('select distinct year from procurement order by year desc').all().map((r) => r.year);
  return [...new Set([thisYear, ...rows])].sort((a, b) => b - a);
}

/** Firms' names by id, for the drill-down's buyers. */
export function enterpriseNames(sqlite: Database.Database): Map<number, string> {
  return new Map(sqlite.prepare<[], { id: number; name: string }>('select id, name from enterprises').all().map((r) => [r.id, r.name]));
}

export function enterpriseNameOf(sqlite: Database.Database, uscc: string): string | undefined {
  return sqlite.prepare<[string], { name: string }>('select name from enterprises where uscc = ?').get(uscc)?.name;
}
