/**
 * The last link for a wording the lexicon could not place (resolve() gave a '~' concept):
 * character-bigram similarity to the terms of concepts of the same kind, with generic words
 * such as 加工/工艺/认证 set aside so they cannot make two unrelated wordings look alike.
 * A hit becomes a capability of the nearest concept with low confidence, said so in reasons.
 */
import type { ConceptKind, Lexicon } from '../../search/lexicon/types.ts';
import { perLexicon } from './per-lexicon.ts';

const GENERIC = /^(承接|提供|专业|各类|各种)|(加工服务|加工|工艺|技术|服务|业务|能力|生产|制造|产品|认证证书|体系认证|认证|证书|资质|件|类)$/;
const MIN_SIMILARITY = 0.5;
const LATIN_ONLY = /^[a-z0-9\s.\-]+$/;

export interface SimilarConcept { conceptId: string; similarity: number }

interface Entry { conceptId: string; key: string; grams: Set<string>; digits: string }

function stripGeneric(key: string): string {
  let out = key;
  for (let i = 0; i < 3; i++) {
    const next = out.replace(GENERIC, '');
    if (next === out || next.length < 2) break;
    out = next;
  }
  return out;
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

const digitRuns = (s: string) => (s.match(/\d+/g) ?? []).join(',');

class SimilarityIndex {
  private readonly entries: Entry[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly memo = new Map<string, SimilarConcept | null>();

  constructor(private readonly lexicon: Lexicon, kind: ConceptKind) {
    for (const concept of lexicon.concepts(kind)) {
      for (const term of concept.terms) {
        const key = stripGeneric(lexicon.normalizeWording(term));
        if (key.length < 2) continue;
        const index = this.entries.length;
        const grams = bigrams(key);
        this.entries.push({ conceptId: concept.id, key, grams, digits: digitRuns(key) });
        for (const g of grams) {
          const list = this.postings.get(g);
          if (list) list.push(index); else this.postings.set(g, [index]);
        }
      }
    }
  }

  nearest(wording: string): SimilarConcept | null {
    const key = stripGeneric(this.lexicon.normalizeWording(wording));
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    let best: SimilarConcept | null = null;
    if (key.length >= 2) {
      const grams = bigrams(key);
      const shared = new Map<number, number>();
      for (const g of grams) for (const i of this.postings.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
      const digits = digitRuns(key);
      // one pair of Latin letters is no likeness: 「Mo」 (molybdenum) is not 「LMO」
      const minCommon = LATIN_ONLY.test(key) ? 2 : 1;
      for (const [i, common] of shared) {
        if (common < minCommon) continue;
        const entry = this.entries[i] as Entry;
        // A different number is a different grade or standard, never a near miss.
        if (entry.digits !== digits) continue;
        const similarity = (2 * common) / (grams.size + entry.grams.size);
        if (similarity >= MIN_SIMILARITY && (!best || similarity > best.similarity)) best = { conceptId: entry.conceptId, similarity };
      }
    }
    if (this.memo.size < 50_000) this.memo.set(key, best);
    return best;
  }
}

const indexesOf = perLexicon(() => new Map<ConceptKind, SimilarityIndex>());

/** The concept whose terms look most like this wording, if any looks alike enough. */
export function nearestConcept(lexicon: Lexicon, wording: string, kind: ConceptKind): SimilarConcept | null {
  const indexes = indexesOf(lexicon);
  let index = indexes.get(kind);
  if (!index) {
    index = new SimilarityIndex(lexicon, kind);
    indexes.set(kind, index);
  }
  return index.nearest(wording);
}
