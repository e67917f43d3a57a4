/**
 * The plain keyword-search baseline the engine is measured against: BM25 over character
 * bigrams of each firm's profile text (name, products, processes, materials, certifications,
 * description), queried with the component's name, materials, processes and certifications.
 * Bigrams because Chinese has no spaces; no lexicon, no synonyms — what a search box gives.
 * Built here because the project's search module (search/) has no SearchIndex yet.
 */

const K1 = 1.2;
const B = 0.75;

/** Lower-cased character bigrams of the letters, digits and CJK characters of a text. */
export function bigramsOf(text: string): string[] {
  const out: string[] = [];
  for (const run of text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

export class KeywordIndex {
  private readonly docs: { id: number; length: number; tf: Map<string, number> }[] = [];
  private readonly df = new Map<string, number>();
  private totalLength = 0;

  add(id: number, text: string): void {
    const tf = new Map<string, number>();
    const grams = bigramsOf(text);
    for (const g of grams) tf.set(g, (tf.get(g) ?? 0) + 1);
    for (const g of tf.keys()) this.df.set(g, (this.df.get(g) ?? 0) + 1);
    this.docs.push({ id, length: grams.length, tf });
    this.totalLength += grams.length;
  }

  /** Document ids by BM25 score, best first; documents sharing no bigram are left out. */
  search(query: string, admit: (id: number) => boolean = () => true): number[] {
    const n = this.docs.length;
    const avg = this.totalLength / (n || 1);
    const terms = [...new Set(bigramsOf(query))];
    const scored: { id: number; score: number }[] = [];
    for (const doc of this.docs) {
      if (!admit(doc.id)) continue;
      let score = 0;
      for (const t of terms) {
        const f = doc.tf.get(t);
        if (!f) continue;
        const df = this.df.get(t) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / avg));
      }
      if (score > 0) scored.push({ id: doc.id, score });
    }
    return scored.sort((a, b) => b.score - a.score || a.id - b.id).map((s) => s.id);
  }
}
