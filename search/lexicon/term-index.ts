/**
 * Finds every known wording inside a text in one pass: a character trie over the folded terms,
 * walked from each position. Latin terms must sit on word boundaries so 'pp' is not read inside
 * 'supply', while 'cnc' is still found in 'CNC加工' and 'q235' in 'Q235B'.
 */
import { charClass, type CharClass, type ScannedText } from './normalize.ts';
import type { ConceptKind } from './types.ts';

export interface TermEntry {
  key: string;
  /** Concept ids per kind that own this wording. */
  owners: Map<ConceptKind, string[]>;
  /** False for wordings too short or too ambiguous to look for inside longer text. */
  scannable: boolean;
}

export interface Candidate { start: number; end: number; entry: TermEntry }

interface TrieNode { children: Map<number, TrieNode>; entry?: TermEntry }

export class TermIndex {
  private readonly byKey = new Map<string, TermEntry>();
  private readonly root: TrieNode = { children: new Map() };

  add(key: string, kind: ConceptKind, conceptId: string, exactOnly: boolean): void {
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { key, owners: new Map(), scannable: false };
      this.byKey.set(key, entry);
    }
    const ids = entry.owners.get(kind) ?? [];
    if (!ids.includes(conceptId)) ids.push(conceptId);
    entry.owners.set(kind, ids);
    // A single character (钢, 铝) or a bare number (304, 6061) is only trusted as a whole cell.
    const scannable = !exactOnly && key.length >= 2 && !/^\d+$/.test(key);
    if (scannable && !entry.scannable) {
      entry.scannable = true;
      this.insert(key, entry);
    }
  }

  lookup(key: string): TermEntry | undefined {
    return this.byKey.get(key);
  }

  keys(): IterableIterator<TermEntry> {
    return this.byKey.values();
  }

  private insert(key: string, entry: TermEntry): void {
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let child = node.children.get(c);
      if (!child) {
        child = { children: new Map() };
        node.children.set(c, child);
      }
      node = child;
    }
    node.entry = entry;
  }

  /** Every term occurrence that respects Latin word boundaries, overlaps included. */
  candidates(text: ScannedText): Candidate[] {
    const out: Candidate[] = [];
    const { chars } = text;
    for (let i = 0; i < chars.length; i++) {
      const first = charClass(chars.charCodeAt(i));
      if (first !== 'other' && charClass(text.prev[i] as number) === first) continue;
      let node: TrieNode | undefined = this.root;
      for (let j = i; j < chars.length; j++) {
        node = node.children.get(chars.charCodeAt(j));
        if (!node) break;
        if (node.entry) {
          const end = this.endOf(text, j, node.entry.key);
          if (end > 0) out.push({ start: i, end, entry: node.entry });
        }
      }
    }
    return out;
  }

  /** Exclusive end of a match whose last folded character is at `last`, or -1 if it breaks a word. */
  private endOf(text: ScannedText, last: number, key: string): number {
    const cls: CharClass = charClass(text.chars.charCodeAt(last));
    if (cls === 'other') return last + 1;
    const after = charClass(text.next[last] as number);
    if (after !== cls) return last + 1;
    // English plurals ('castings', 'gears', 'housings') need no terms of their own.
    if (cls === 'letter' && key.length >= 3 && /^[a-z]+$/.test(key)) {
      const s = 115;
      const e = 101;
      const plural = text.next[last] === s ? 1 : text.next[last] === e && text.next[last + 1] === s ? 2 : 0;
      if (plural > 0 && charClass(text.next[last + plural] as number) !== 'letter') return last + 1 + plural;
    }
    return -1;
  }
}

/**
 * Non-overlapping matches of one kind, longest first: '低压铸造' wins over the '压铸' inside it,
 * while a material term may still overlap a process term ('铝合金压铸' is both).
 */
export function selectLongest(cands: Candidate[], kind: ConceptKind, length: number): Candidate[] {
  const own = cands.filter((c) => c.entry.owners.has(kind));
  own.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(length);
  const picked: Candidate[] = [];
  for (const c of own) {
    let free = true;
    for (let i = c.start; i < c.end && free; i++) if (taken[i]) free = false;
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    picked.push(c);
  }
  return picked.sort((a, b) => a.start - b.start);
}
