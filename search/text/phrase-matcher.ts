/**
 * Finds phrases (token sequences) inside a token sequence in one pass: a trie over tokens,
 * walked from every position. It answers the same question as an FTS5 phrase query over the
 * same tokens, so ranking, highlighting and Meilisearch's concept tokens agree with the index.
 */

interface TrieNode<T> { next: Map<string, TrieNode<T>>; values: T[] }

export interface PhraseOccurrence<T> { start: number; end: number; values: readonly T[] }

export class PhraseMatcher<T> {
  private readonly root: TrieNode<T> = { next: new Map(), values: [] };
  private count = 0;

  get size(): number { return this.count; }

  add(phrase: readonly string[], value: T): void {
    if (phrase.length === 0) return;
    let node = this.root;
    for (const token of phrase) {
      let child = node.next.get(token);
      if (!child) {
        child = { next: new Map(), values: [] };
        node.next.set(token, child);
      }
      node = child;
    }
    if (!node.values.includes(value)) {
      node.values.push(value);
      this.count++;
    }
  }

  /** Calls `visit` for every occurrence, overlaps included, in order of start (no allocation per hit). */
  visit(tokens: readonly string[], visit: (start: number, end: number, values: readonly T[]) => void): void {
    const root = this.root.next;
    for (let i = 0; i < tokens.length; i++) {
      let node = root.get(tokens[i]!);
      for (let j = i; node; ) {
        if (node.values.length > 0) visit(i, j + 1, node.values);
        if (++j >= tokens.length) break;
        node = node.next.get(tokens[j]!);
      }
    }
  }

  /** Every occurrence, overlaps included, in order of start. */
  scan(tokens: readonly string[]): PhraseOccurrence<T>[] {
    const out: PhraseOccurrence<T>[] = [];
    this.visit(tokens, (start, end, values) => { out.push({ start, end, values }); });
    return out;
  }

  /** The distinct values of every phrase found. */
  valuesIn(tokens: readonly string[]): Set<T> {
    const found = new Set<T>();
    this.visit(tokens, (_s, _e, values) => { for (const v of values) found.add(v); });
    return found;
  }
}

/** True when `inner` occurs as a contiguous run inside `outer`. */
export function containsPhrase(outer: readonly string[], inner: readonly string[]): boolean {
  if (inner.length === 0 || inner.length > outer.length) return false;
  outer: for (let i = 0; i + inner.length <= outer.length; i++) {
    for (let j = 0; j < inner.length; j++) if (outer[i + j] !== inner[j]) continue outer;
    return true;
  }
  return false;
}
