/**
 * The near-site rate split by chain, county, chain leader or quarter, for the API. The same
 * figures as the dashboard: one loader, `nearSite` per group, an official's scope or a buyer's
 * own firm applied to every group.
 */
import type Database from 'better-sqlite3';
import { getLexicon } from '../../search/lexicon.ts';
import { loadNearSiteInput } from './load.ts';
import { nearSite, type NearSiteFigures, type NearSiteFilter } from './near-site.ts';

export const BREAKDOWNS = ['chain', 'county', 'leader', 'quarter'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface BreakdownRow { key: string; name: string; figures: NearSiteFigures }

export interface BreakdownQuery {
  year: number; quarter?: number; by: Breakdown;
  /** an official's chains and counties (empty = all) */
  scope?: NearSiteFilter['scope'];
  /** a buyer's staff see their own firm only */
  buyerUscc?: string;
}

export function nearSiteBreakdown(sqlite: Database.Database, q: BreakdownQuery): BreakdownRow[] {
  const input = loadNearSiteInput(sqlite);
  const base: NearSiteFilter = { year: q.year, quarter: q.quarter, scope: q.scope, buyerUscc: q.buyerUscc };
  const lexicon = getLexicon();
  const inScope = (list: string[] | undefined, key: string) => !list || list.length === 0 || list.includes(key);
  switch (q.by) {
    case 'quarter':
      return [1, 2, 3, 4].map((quarter) => ({ key: String(quarter), name: `第${quarter}季度`, figures: nearSite(input, { ...base, quarter }) }));
    case 'chain':
      return lexicon.chains().filter((c) => inScope(q.scope?.chains, c.id))
        .map((c) => ({ key: c.id, name: c.name, figures: nearSite(input, { ...base, chain: c.id }) }));
    case 'county':
      return lexicon.regions().filter((r) => r.kind === 'local' && inScope(q.scope?.regions, r.code))
        .map((r) => ({ key: r.code, name: r.name, figures: nearSite(input, { ...base, region: r.code }) }));
    case 'leader': {
      const names = new Map(sqlite.prepare<[], { uscc: string; name: string }>(`select uscc, name from enterprises where tier = 'chain_leader'`).all().map((r) => [r.uscc, r.name]));
      return input.buyers.filter((b) => names.has(b.uscc) && (!q.buyerUscc || b.uscc === q.buyerUscc))
        .map((b) => ({ key: b.uscc, name: names.get(b.uscc)!, figures: nearSite(input, { ...base, buyerUscc: b.uscc }) }))
        .filter((r) => r.figures.buyers > 0)
        .sort((a, b) => b.figures.totalWan - a.figures.totalWan || a.key.localeCompare(b.key));
    }
  }
}
