/**
 * Attraction targets (招引对象): the outside firms that are today's single source of the city's
 * chain leaders, ranked by the annual value bought from them. Pure: rows in, targets out.
 *
 * Rules:
 * - a part belongs to the target its buyer named as current supplier (names are grouped by a
 *   normalised key, so 「苏州嘉隆实业有限公司 」 and 「苏州嘉隆实业有限公司」 are one firm; the
 *   name shown is the one written on the most valuable part);
 * - only suppliers outside the city count (the 襄十随神 cluster is outside the city too);
 *   a part with no named supplier is listed apart as a capability gap;
 * - a part already localised, or with a signed deal, is left out of the targets and listed apart;
 * - a target's value is the sum of its parts' annual purchase values (unknown counts as 0).
 */
import type { RegionKind } from '../../db/schema.ts';

export interface TargetPartRow {
  componentId: number; ref: string; name: string; chainId: string | null; valueWan: number | null;
  buyerId: number; buyerUscc: string; buyerName: string; buyerRegionCode: string | null;
  supplier: string; supplierRegion: string; supplierRegionKind: RegionKind | null;
  /** localised (deal or project in operation), a deal signed but not local, or neither */
  state: 'open' | 'localised' | 'signed';
  /** qualified local firms (from the latest ranking) */
  qualifiedLocal: number;
}

export interface AttractionTarget {
  key: string; supplier: string; region: string; regionKind: RegionKind;
  annualValueWan: number; parts: TargetPartRow[];
  buyers: { id: number; uscc: string; name: string }[];
  chains: string[];
}

export interface TargetList {
  targets: AttractionTarget[];
  /** parts left out: already localised or signed, by value */
  settled: TargetPartRow[];
  /** parts whose buyer named no supplier: gaps without a firm to attract */
  unnamed: TargetPartRow[];
}

/** The grouping key of a supplier name: width and case folded, spaces and punctuation dropped. */
export function supplierKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s·.,，、()（）【】[\]"'“”‘’-]+/g, '');
}

const value = (p: TargetPartRow) => p.valueWan ?? 0;
const byValue = (a: TargetPartRow, b: TargetPartRow) => value(b) - value(a) || a.ref.localeCompare(b.ref);

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

export function groupTargets(rows: TargetPartRow[]): TargetList {
  const outside = rows.filter((r) => r.supplierRegionKind !== 'local');
  const unnamed = outside.filter((r) => supplierKey(r.supplier) === '' && r.state === 'open').sort(byValue);
  const named = outside.filter((r) => supplierKey(r.supplier) !== '');
  const settled = named.filter((r) => r.state !== 'open').sort(byValue);
  const groups = new Map<string, TargetPartRow[]>();
  for (const r of named) {
    if (r.state !== 'open') continue;
    const key = supplierKey(r.supplier);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const targets = [...groups].map(([key, parts]): AttractionTarget => {
    parts.sort(byValue);
    const buyers = new Map(parts.map((p) => [p.buyerId, { id: p.buyerId, uscc: p.buyerUscc, name: p.buyerName }]));
    const kinds = parts.map((p) => p.supplierRegionKind ?? 'outside');
    return {
      key, supplier: parts[0]!.supplier.trim(), region: mostCommon(parts.map((p) => p.supplierRegion.trim()).filter(Boolean)),
      regionKind: kinds.includes('cluster') ? 'cluster' : 'outside',
      annualValueWan: Math.round(parts.reduce((s, p) => s + value(p), 0) * 100) / 100,
      parts, buyers: [...buyers.values()], chains: [...new Set(parts.map((p) => p.chainId).filter((c): c is string => c !== null))],
    };
  });
  targets.sort((a, b) => b.annualValueWan - a.annualValueWan || b.parts.length - a.parts.length || a.supplier.localeCompare(b.supplier, 'zh-CN'));
  return { targets, settled, unnamed };
}
