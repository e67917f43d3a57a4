/**
 * Ranking metrics: nDCG@k with gain 2^rel − 1 and the ideal taken from all
 * labelled pairs of the component, and precision/recall counting relevance ≥ 2 as relevant.
 */

/** Relevance of each ranked supplier, best first; unlabelled pairs are 0. */
export type RankedRelevance = number[];

const gain = (rel: number) => 2 ** rel - 1;

export function dcgAt(rels: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, rels.length); i++) sum += gain(rels[i] as number) / Math.log2(i + 2);
  return sum;
}

/** nDCG@k of a ranking against every labelled relevance of the component. */
export function ndcgAt(ranked: RankedRelevance, allLabels: readonly number[], k: number): number {
  const ideal = dcgAt([...allLabels].sort((a, b) => b - a), k);
  return ideal === 0 ? 0 : dcgAt(ranked, k) / ideal;
}

export const RELEVANT = 2;

export function precisionAt(ranked: RankedRelevance, k: number): number {
  return ranked.slice(0, k).filter((r) => r >= RELEVANT).length / k;
}

export function recallAt(ranked: RankedRelevance, allLabels: readonly number[], k: number): number {
  const total = allLabels.filter((r) => r >= RELEVANT).length;
  return total === 0 ? 0 : ranked.slice(0, k).filter((r) => r >= RELEVANT).length / total;
}

/**
 * P@k divided by what a perfect ranking can reach: a component with only two relevant suppliers
 * caps plain P@5 at 0.4, so plain P@5 averaged over components has a ceiling below 1.
 */
export function precisionCappedAt(ranked: RankedRelevance, allLabels: readonly number[], k: number): number {
  const reachable = Math.min(k, allLabels.filter((r) => r >= RELEVANT).length);
  return reachable === 0 ? 0 : ranked.slice(0, k).filter((r) => r >= RELEVANT).length / reachable;
}

export interface Figures { ndcg10: number; p5: number; r20: number; p5Capped: number; p5Ideal: number }

export function figuresOf(ranked: RankedRelevance, allLabels: readonly number[]): Figures {
  const ideal = [...allLabels].sort((a, b) => b - a);
  return {
    ndcg10: ndcgAt(ranked, allLabels, 10), p5: precisionAt(ranked, 5), r20: recallAt(ranked, allLabels, 20),
    p5Capped: precisionCappedAt(ranked, allLabels, 5), p5Ideal: precisionAt(ideal, 5),
  };
}

export function meanFigures(list: readonly Figures[]): Figures {
  const n = list.length || 1;
  const mean = (key: keyof Figures) => list.reduce((s, f) => s + f[key], 0) / n;
  return { ndcg10: mean('ndcg10'), p5: mean('p5'), r20: mean('r20'), p5Capped: mean('p5Capped'), p5Ideal: mean('p5Ideal') };
}
