/**
 * What-ifs on the near-site rate, pure over the same input as the rate itself (near-site.ts):
 * the figures if some parts were localised this year, and the path to 40% — the fewest parts
 * whose localisation lifts the rate to the target, the largest first, with the last one chosen
 * to overshoot least.
 *
 * A hypothetical part counts like a localised deal signed in the year asked for: its full annual
 * value to the year, within its buyer's non-local remainder when the buyer reported figures;
 * added to both sides when it did not. A part that already counts adds nothing again.
 */
import { buyersMatching, nearSite, nearSiteByBuyer, NEAR_SITE_TARGET, type LocalisedDeal, type NearSiteFigures, type NearSiteFilter, type NearSiteInput } from './near-site.ts';

export interface HypotheticalPart { componentId: number; buyerId: number; valueWan: number }

function asLocalised(parts: HypotheticalPart[], year: number, already: Set<number>): LocalisedDeal[] {
  const seen = new Set(already);
  const out: LocalisedDeal[] = [];
  for (const p of parts) {
    if (seen.has(p.componentId) || !(p.valueWan > 0)) continue;
    seen.add(p.componentId);
    out.push({ componentId: p.componentId, buyerId: p.buyerId, valueWan: p.valueWan, signedYear: year, signedQuarter: 1 });
  }
  return out;
}

/** The year's figures with these parts localised too. */
export function nearSiteWith(input: NearSiteInput, filter: NearSiteFilter, parts: HypotheticalPart[]): NearSiteFigures {
  const year = { ...filter, quarter: undefined };
  const extra = asLocalised(parts, filter.year, new Set(input.localised.map((l) => l.componentId)));
  return nearSite({ ...input, localised: [...input.localised, ...extra] }, year);
}

/** Percentage points the rate would gain (null when there is no base to speak of). */
export function rateGain(input: NearSiteInput, filter: NearSiteFilter, parts: HypotheticalPart[]): number | null {
  const now = nearSite(input, { ...filter, quarter: undefined });
  const then = nearSiteWith(input, filter, parts);
  return now.rate === null || then.rate === null ? null : (then.rate - now.rate) * 100;
}

export interface PathToTarget<T> {
  /** the parts to localise, in the order chosen */
  parts: T[];
  reached: boolean;
  /** already at or above the target before any part */
  already: boolean;
  before: NearSiteFigures;
  after: NearSiteFigures;
  /** local value still missing at the start: target × total − local (万元, can be ≤ 0) */
  shortWan: number;
}

/**
 * The fewest parts whose localisation brings the rate to `target`. Reaching it means
 * local − target × total ≥ 0; a part raises that by what it adds to local (capped by its
 * buyer's remainder) less target × what it adds to total. Each step takes the part that raises
 * it most — with independent parts that is the fewest; within one buyer the cap is re-read after
 * every pick — and the last step takes, among the parts that suffice, the one that adds least.
 */
export function pathToTarget<T extends HypotheticalPart>(input: NearSiteInput, filter: NearSiteFilter, candidates: T[], target = NEAR_SITE_TARGET): PathToTarget<T> {
  const year: NearSiteFilter = { ...filter, quarter: undefined };
  const before = nearSite(input, year);
  const shares = new Map(nearSiteByBuyer(input, year).map((s) => [s.buyer.id, s]));
  const inFilter = new Set(buyersMatching(input.buyers, year).map((b) => b.id));
  const counted = new Set(input.localised.map((l) => l.componentId));
  let surplus = before.localWan - target * before.totalWan;
  const headroom = new Map([...shares].map(([id, s]) => [id, s.reported ? Math.max(0, s.totalWan - s.baseLocalWan - s.localisedWan) : Infinity]));
  const seen = new Set<number>();
  let pool = candidates.filter((c) => {
    const ok = inFilter.has(c.buyerId) && c.valueWan > 0 && !counted.has(c.componentId) && !seen.has(c.componentId);
    seen.add(c.componentId);
    return ok;
  });
  const lift = (c: T) => {
    const room = headroom.get(c.buyerId) ?? Infinity;
    return room === Infinity ? c.valueWan * (1 - target) : Math.min(c.valueWan, room);
  };
  const chosen: T[] = [];
  const already = surplus >= -1e-9;
  while (surplus < -1e-9 && pool.length > 0) {
    const need = -surplus;
    let best: T | undefined;
    let bestLift = 0;
    let fit: T | undefined;
    let fitLift = Infinity;
    for (const c of pool) {
      const l = lift(c);
      if (l > bestLift || (l === bestLift && best && c.componentId < best.componentId)) { best = c; bestLift = l; }
      if (l >= need - 1e-9 && (l < fitLift || (l === fitLift && fit && c.componentId < fit.componentId))) { fit = c; fitLift = l; }
    }
    const pick = fit ?? best;
    if (!pick || lift(pick) <= 0) break;
    const l = lift(pick);
    chosen.push(pick);
    surplus += l;
    const room = headroom.get(pick.buyerId);
    if (room !== undefined && room !== Infinity) headroom.set(pick.buyerId, room - l);
    pool = pool.filter((c) => c !== pick);
  }
  const after = nearSiteWith(input, filter, chosen);
  return { parts: chosen, reached: after.rate !== null && after.rate >= target - 1e-9, already, before, after, shortWan: Math.round(-(before.localWan - target * before.totalWan) * 100) / 100 };
}
