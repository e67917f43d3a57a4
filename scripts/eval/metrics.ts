/**
 * Ranking metrics of issue 5 §7: nDCG@k with gain 2^rel − 1 and the ideal taken from all
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

export interface Figures { ndcg10: number; p5: number; r20: number }

export function figuresOf(ranked: RankedRelevance, allLabels: readonly number[]): Figures {
  return { ndcg10: ndcgAt(ranked, allLabels, 10), p5: precisionAt(ranked, 5), r20: recallAt(ranked, allLabels, 20) };
}

export function meanFigures(list: readonly Figures[]): Figures {
  const n = list.length || 1;
  return {
    ndcg10: list.reduce((s, f) => s + f.ndcg10, 0) / n,
    p5: list.reduce((s, f) => s + f.p5, 0) / n,
    r20: list.reduce((s, f) => s + f.r20, 0) / n,
  };
}
