/**
 * Last resort for a wording with no known term inside it (typos, odd spellings). Character
 * bigram Dice and edit similarity against terms of the wanted kinds; digits must agree exactly,
 * so 'AS9120' never becomes 'AS9100' and '6062' never becomes '6061'; a Latin word keeps its first letter.
 */
import type { ConceptKind } from './types.ts';

export interface FuzzyHit { key: string; kind: ConceptKind; similarity: number }

interface Indexed { key: string; kind: ConceptKind; grams: Set<string>; digits: string }

const THRESHOLD = 0.75;
const MAX_CANDIDATES = 40;
const LATIN_WORD = /^[a-z]/i;

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

function digitRuns(s: string): string {
  return (s.match(/\d+/g) ?? []).join(',');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

export class FuzzyIndex {
  private readonly items: Indexed[] = [];
  private readonly postings = new Map<string, number[]>();

  add(key: string, kind: ConceptKind): void {
    if (key.length < 4) return;
    const idx = this.items.length;
    const grams = bigrams(key);
    this.items.push({ key, kind, grams, digits: digitRuns(key) });
    for (const g of grams) {
      const list = this.postings.get(g);
      if (list) list.push(idx); else this.postings.set(g, [idx]);
    }
  }

  best(key: string, kinds: readonly ConceptKind[]): FuzzyHit | undefined {
    if (key.length < 4) return undefined;
    const grams = bigrams(key);
    const shared = new Map<number, number>();
    for (const g of grams) for (const idx of this.postings.get(g) ?? []) shared.set(idx, (shared.get(idx) ?? 0) + 1);
    const ranked = [...shared.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES * 4);
    const digits = digitRuns(key);
    let best: FuzzyHit | undefined;
    let tried = 0;
    for (const [idx, common] of ranked) {
      const item = this.items[idx] as Indexed;
      if (!kinds.includes(item.kind) || item.digits !== digits) continue;
      // a misspelt Latin word keeps its first letter: 'lamination' is no typo of 'amination'
      if (LATIN_WORD.test(key) && LATIN_WORD.test(item.key) && key[0] !== item.key[0]) continue;
      const ratio = item.key.length / key.length;
      if (ratio < 0.6 || ratio > 1.67) continue;
      if (++tried > MAX_CANDIDATES) break;
      const dice = (2 * common) / (grams.size + item.grams.size);
      const edit = 1 - editDistance(key, item.key) / Math.max(key.length, item.key.length);
      const similarity = Math.max(dice, edit);
      if (similarity >= THRESHOLD && (!best || similarity > best.similarity)) {
        best = { key: item.key, kind: item.kind, similarity };
      }
    }
    return best;
  }
}
