/**
 * One chain, one map: the chain's sole-source parts laid out from materials to parts to
 * assemblies to the chain leaders that buy them, each node coloured by local coverage. Pure: parts
 * already classified (by the lexicon, see classify.ts) and their coverage in, nodes and links out.
 *
 * Coverage of a part, first that applies:
 *  local       — localised, or a local firm qualifies to supply it;
 *  cultivation — no local firm qualifies, but one is a single step away (培育对象);
 *  attraction  — an attraction project is under way for it (招商中);
 *  gap         — none of these: a sole-source gap.
 * A node (and a link) takes the coverage holding the largest share of its value; its breakdown
 * keeps every share. A part of unknown value is drawn with a nominal weight so it is not lost.
 */
import { COVERAGES, LEVELS, type Coverage, type Level } from '../vocabulary.ts';

export interface Label { key: string; label: string }

export interface MapPart {
  componentId: number; ref: string; name: string; valueWan: number | null; buyerId: number; buyerName: string;
  coverage: Coverage; material: Label | null; part: Label; assembly: Label | null;
}

export interface MapNode { key: string; level: Level; label: string; valueWan: number; weight: number; coverage: Coverage; breakdown: Record<Coverage, number>; componentIds: number[] }
export interface MapLink { source: string; target: string; weight: number; coverage: Coverage }
export interface ChainMap { nodes: MapNode[]; links: MapLink[] }

/** What a part of unknown value weighs in the drawing (万元). */
export const NOMINAL_WEIGHT = 1;

export function coverageOf(p: { localised: boolean; qualifiedLocal: number; cultivation: boolean; inProject: boolean }): Coverage {
  if (p.localised || p.qualifiedLocal > 0) return 'local';
  if (p.cultivation) return 'cultivation';
  if (p.inProject) return 'attraction';
  return 'gap';
}

const empty = (): Record<Coverage, number> => ({ local: 0, cultivation: 0, attraction: 0, gap: 0 });
const dominant = (b: Record<Coverage, number>): Coverage => COVERAGES.reduce((best, c) => (b[c] > b[best] ? c : best), COVERAGES[COVERAGES.length - 1]!);

/** The keys of the four nodes a part passes through. */
export function nodeKeys(p: MapPart): Record<Level, string> {
  return { material: `m:${p.material?.key ?? 'none'}`, part: `p:${p.part.key}`, assembly: `a:${p.assembly?.key ?? 'none'}`, leader: `l:${p.buyerId}` };
}

export function buildChainMap(parts: MapPart[]): ChainMap {
  const nodes = new Map<string, MapNode & { weights: Record<Coverage, number> }>();
  const links = new Map<string, { source: string; target: string; weights: Record<Coverage, number> }>();
  for (const p of parts) {
    const weight = p.valueWan && p.valueWan > 0 ? p.valueWan : NOMINAL_WEIGHT;
    const keys = nodeKeys(p);
    const labels: Record<Level, string> = { material: p.material?.label ?? '材料未列明', part: p.part.label, assembly: p.assembly?.label ?? '其他零部件', leader: p.buyerName };
    for (const level of LEVELS) {
      const key = keys[level];
      let n = nodes.get(key);
      if (!n) nodes.set(key, (n = { key, level, label: labels[level], valueWan: 0, weight: 0, coverage: 'gap', breakdown: empty(), weights: empty(), componentIds: [] }));
      n.valueWan += p.valueWan ?? 0;
      n.weight += weight;
      n.breakdown[p.coverage] += p.valueWan ?? 0;
      n.weights[p.coverage] += weight;
      n.componentIds.push(p.componentId);
    }
    for (let i = 0; i < LEVELS.length - 1; i++) {
      const source = keys[LEVELS[i]!];
      const target = keys[LEVELS[i + 1]!];
      const id = `${source}>${target}`;
      let l = links.get(id);
      if (!l) links.set(id, (l = { source, target, weights: empty() }));
      l.weights[p.coverage] += weight;
    }
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    nodes: [...nodes.values()]
      .map(({ weights, ...n }) => ({ ...n, valueWan: round(n.valueWan), weight: round(n.weight), coverage: dominant(weights) }))
      .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || b.weight - a.weight || a.key.localeCompare(b.key)),
    links: [...links.values()].map((l) => ({ source: l.source, target: l.target, weight: round(COVERAGES.reduce((s, c) => s + l.weights[c], 0)), coverage: dominant(l.weights) })),
  };
}
