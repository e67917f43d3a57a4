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

/**
 * The rate gain of many part sets at once (one per attraction target): the buyers' shares are
 * worked out once, then each set costs only its own parts. Gives what `rateGain` gives.
 */
export function rateGainer(input: NearSiteInput, filter: NearSiteFilter): (parts: HypotheticalPart[]) => number | null {
  const shares = new Map(nearSiteByBuyer(input, { ...filter, quarter: undefined }).map((s) => [s.buyer.id, s]));
  let total = 0;
  let local = 0;
  for (const s of shares.values()) { total += s.totalWan; local += s.baseLocalWan + s.localisedWan; }
  const counted = new Set(input.localised.map((l) => l.componentId));
  return (parts) => {
    if (total <= 0) return null;
    const added = new Map<number, number>();
    const seen = new Set<number>();
    for (const p of parts) {
      if (seen.has(p.componentId) || counted.has(p.componentId) || !(p.valueWan > 0) || !shares.has(p.buyerId)) continue;
      seen.add(p.componentId);
      added.set(p.buyerId, (added.get(p.buyerId) ?? 0) + p.valueWan);
    }
    let addLocal = 0;
    let addTotal = 0;
    for (const [buyerId, value] of added) {
      const s = shares.get(buyerId)!;
      if (s.reported) addLocal += Math.min(value, Math.max(0, s.totalWan - s.baseLocalWan - s.localisedWan));
      else { addLocal += value; addTotal += value; }
    }
    return ((local + addLocal) / (total + addTotal) - local / total) * 100;
  };
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
  // Each buyer's candidates, largest first: within a buyer the lift only falls along the list.
  const groups = new Map<number, T[]>();
  const seen = new Set<number>();
  for (const c of candidates) {
    if (!inFilter.has(c.buyerId) || !(c.valueWan > 0) || counted.has(c.componentId) || seen.has(c.componentId)) continue;
    seen.add(c.componentId);
    const g = groups.get(c.buyerId);
    if (g) g.push(c); else groups.set(c.buyerId, [c]);
  }
  for (const g of groups.values()) g.sort((a, b) => b.valueWan - a.valueWan || a.componentId - b.componentId);
  const lift = (c: T) => {
    const room = headroom.get(c.buyerId) ?? Infinity;
    return room === Infinity ? c.valueWan * (1 - target) : Math.min(c.valueWan, room);
  };
  const chosen: T[] = [];
  const already = surplus >= -1e-9;
  while (surplus < -1e-9) {
    const need = -surplus - 1e-9;
    let best: { c: T; l: number } | undefined;
    let fit: { c: T; l: number } | undefined;
    for (const g of groups.values()) {
      if (g.length === 0) continue;
      const top = lift(g[0]!);
      if (!best || top > best.l || (top === best.l && g[0]!.componentId < best.c.componentId)) best = { c: g[0]!, l: top };
      if (top < need) continue;
      // the last of the buyer's candidates that still suffices lifts least
      let lo = 0;
      let hi = g.length - 1;
      while (lo < hi) { const mid = Math.ceil((lo + hi) / 2); if (lift(g[mid]!) >= need) lo = mid; else hi = mid - 1; }
      const l = lift(g[lo]!);
      if (!fit || l < fit.l || (l === fit.l && g[lo]!.componentId < fit.c.componentId)) fit = { c: g[lo]!, l };
    }
    const pick = fit ?? best;
    if (!pick || pick.l <= 0) break;
    chosen.push(pick.c);
    surplus += pick.l;
    const room = headroom.get(pick.c.buyerId);
    if (room !== undefined && room !== Infinity) headroom.set(pick.c.buyerId, room - pick.l);
    const g = groups.get(pick.c.buyerId)!;
    g.splice(g.indexOf(pick.c), 1);
  }
  const after = nearSiteWith(input, filter, chosen);
  return { parts: chosen, reached: after.rate !== null && after.rate >= target - 1e-9, already, before, after, shortWan: Math.round(-(before.localWan - target * before.totalWan) * 100) / 100 };
}
