/**
 * The near-site supporting rate (近地配套率): local procurement ÷ total procurement of the
 * chain leaders, from the imported figures plus the annual value of local deals that
 * replace an outside source. Pure arithmetic over plain rows, so it is tested by hand.
 *
 * Rules (stated on the dashboard too):
 * - the base is the imported figures of the period: a quarter's own row when the buyer
 *   reported quarters, otherwise a quarter of the annual row; a year's annual row, otherwise
 *   the sum of its quarters;
 * - a sole-source component localised by a `signed`/`supplying` deal with a local supplier
 *   adds its annual value once (the first such deal counts; a lost deal counts no more):
 *   in full to the year it was signed in, and a quarter of it to each quarter of that year
 *   from the quarter of signing on (a run rate);
 * - an attraction project (招商项目) that reaches 投产运营 localises the parts its target
 *   supplied, each with the annual value the target held, from the quarter it began operating,
 *   by the same run rate; a part localised both ways counts once, from the earlier;
 * - when the buyer reported nothing for the period, the localised value is added to both
 *   local and total, so the rate never exceeds 100%.
 */
export const NEAR_SITE_TARGET = 0.4;

export interface BuyerInfo { id: number; chainIds: string[]; regionCode: string | null; uscc: string }
export interface ProcurementRow { buyerId: number; year: number; quarter: number; totalWan: number; localWan: number }
/** A part that now counts as bought locally, and from which quarter (a deal's signing, a project's start of operation). */
export interface LocalisedDeal { componentId: number; buyerId: number; valueWan: number; signedYear: number; signedQuarter: number; dealId?: number; projectId?: number }
export interface NearSiteInput { buyers: BuyerInfo[]; procurement: ProcurementRow[]; localised: LocalisedDeal[] }

export interface NearSiteFilter {
  year: number; quarter?: number; chain?: string; region?: string; buyerUscc?: string;
  /** an official's scope: buyers in any of these chains / counties (empty = no limit) */
  scope?: { chains: string[]; regions: string[] };
}
export interface NearSiteFigures { totalWan: number; localWan: number; baseLocalWan: number; localisedWan: number; rate: number | null; target: number; buyers: number }

export function buyersMatching(buyers: BuyerInfo[], f: Pick<NearSiteFilter, 'chain' | 'region' | 'buyerUscc' | 'scope'>): BuyerInfo[] {
  const inScope = (b: BuyerInfo) => !f.scope || ((f.scope.chains.length === 0 || b.chainIds.some((c) => f.scope!.chains.includes(c)))
    && (f.scope.regions.length === 0 || (b.regionCode !== null && f.scope.regions.includes(b.regionCode))));
  return buyers.filter((b) => (!f.chain || b.chainIds.includes(f.chain)) && (!f.region || b.regionCode === f.region)
    && (!f.buyerUscc || b.uscc === f.buyerUscc) && inScope(b));
}

function basePeriod(rows: ProcurementRow[], year: number, quarter: number | undefined): { total: number; local: number } | null {
  const ofYear = rows.filter((r) => r.year === year);
  const annual = ofYear.find((r) => r.quarter === 0);
  const quarters = ofYear.filter((r) => r.quarter > 0);
  if (quarter !== undefined) {
    const own = quarters.find((r) => r.quarter === quarter);
    if (own) return { total: own.totalWan, local: own.localWan };
    return annual ? { total: annual.totalWan / 4, local: annual.localWan / 4 } : null;
  }
  if (annual) return { total: annual.totalWan, local: annual.localWan };
  if (quarters.length === 0) return null;
  return { total: quarters.reduce((s, r) => s + r.totalWan, 0), local: quarters.reduce((s, r) => s + r.localWan, 0) };
}

/** The localised value a deal adds to the period: the annual value in its year, a quarter of it per quarter from signing. */
export function localisedShare(d: LocalisedDeal, year: number, quarter: number | undefined): number {
  if (d.signedYear !== year) return 0;
  if (quarter === undefined) return d.valueWan;
  return d.signedQuarter <= quarter ? d.valueWan / 4 : 0;
}

/** One buyer's part of the rate: its base figures for the period and the localised deals added. */
export interface BuyerShare { buyer: BuyerInfo; totalWan: number; baseLocalWan: number; localisedWan: number; reported: boolean; deals: LocalisedDeal[] }

export function nearSiteByBuyer(input: NearSiteInput, f: NearSiteFilter): BuyerShare[] {
  return buyersMatching(input.buyers, f).map((buyer) => {
    const base = basePeriod(input.procurement.filter((r) => r.buyerId === buyer.id), f.year, f.quarter);
    const deals = input.localised.filter((d) => d.buyerId === buyer.id && localisedShare(d, f.year, f.quarter) > 0);
    const added = deals.reduce((s, d) => s + localisedShare(d, f.year, f.quarter), 0);
    return base
      ? { buyer, totalWan: base.total, baseLocalWan: base.local, localisedWan: Math.min(added, Math.max(0, base.total - base.local)), reported: true, deals }
      : { buyer, totalWan: added, baseLocalWan: 0, localisedWan: added, reported: false, deals };
  });
}

export function nearSite(input: NearSiteInput, f: NearSiteFilter): NearSiteFigures {
  const shares = nearSiteByBuyer(input, f);
  const total = shares.reduce((s, b) => s + b.totalWan, 0);
  const baseLocal = shares.reduce((s, b) => s + b.baseLocalWan, 0);
  const localised = shares.reduce((s, b) => s + b.localisedWan, 0);
  const local = baseLocal + localised;
  return { totalWan: round(total), localWan: round(local), baseLocalWan: round(baseLocal), localisedWan: round(localised), rate: total > 0 ? local / total : null, target: NEAR_SITE_TARGET, buyers: shares.length };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A dated localisation as stored: a local deal's signing, or a project's start of operation. */
export interface Localisation { source: 'deal' | 'project'; id: number; componentId: number; buyerId: number; valueWan: number; at: number }

/**
 * One localisation per component: the earliest (a deal before a project at the same instant, then
 * the lower id), so a part localised by a deal and again by a project is counted once.
 */
export function firstPerComponent<T extends { componentId: number; at: number; id: number; source?: 'deal' | 'project' }>(items: T[]): T[] {
  const rank = (x: T) => (x.source === 'project' ? 1 : 0);
  const best = new Map<number, T>();
  for (const d of items) {
    const cur = best.get(d.componentId);
    if (!cur || d.at < cur.at || (d.at === cur.at && (rank(d) - rank(cur) || d.id - cur.id) < 0)) best.set(d.componentId, d);
  }
  return [...best.values()];
}

/** The localisations as the rate counts them, dated by quarter with `quarterOf` (the city's calendar). */
export function localisedParts(items: Localisation[], quarterOf: (at: number) => { year: number; quarter: number }): LocalisedDeal[] {
  return firstPerComponent(items).map((l) => {
    const q = quarterOf(l.at);
    return { componentId: l.componentId, buyerId: l.buyerId, valueWan: l.valueWan, signedYear: q.year, signedQuarter: q.quarter,
      ...(l.source === 'deal' ? { dealId: l.id } : { projectId: l.id }) };
  });
}
