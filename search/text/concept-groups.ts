/**
 * Concept-group tokens, for backends whose query language has no OR (Meilisearch).
 * A query term that is a known wording means "any of these phrases" (query-plan.ts); the
 * set of phrases gets a token (groupToken), and every document is indexed with the tokens
 * of every group one of whose phrases it contains. Searching the token then finds exactly
 * the documents the embedded index finds with its OR of phrases.
 *
 * Groups are enumerated from every wording of every concept, the same way a query builds
 * them, so a lexicon change needs a reindex (lexiconFingerprint tells when).
 */
import { createHash } from 'node:crypto';
import type { Lexicon } from '../lexicon.ts';
import { expansionPhrases, groupToken } from './query-plan.ts';
import { PhraseMatcher } from './phrase-matcher.ts';
import { isShortPhrase, tokenTexts } from './tokenize.ts';

export type GroupLexicon = Pick<Lexicon, 'concepts' | 'expandTerm'>;

export class ConceptGroups {
  private readonly matcher = new PhraseMatcher<string>();
  private readonly known: Set<string>;
  readonly groups: number;

  constructor(lexicon: GroupLexicon) {
    const seenLists = new Set<string>();
    const groups = new Set<string>();
    const addGroup = (phrases: string[][]) => {
      if (phrases.length === 0) return;
      const token = groupToken(phrases);
      if (groups.has(token)) return;
      groups.add(token);
      for (const p of phrases) this.matcher.add(p, token);
    };
    for (const concept of lexicon.concepts()) {
      for (const term of concept.terms) {
        const wordings = lexicon.expandTerm(term);
        const listKey = wordings.join('\u0001');
        if (seenLists.has(listKey)) continue;
        seenLists.add(listKey);
        addGroup(expansionPhrases(wordings, null));
        // A short wording typed alone (钢, 6061) keeps itself among its phrases: its own group.
        for (const w of wordings) {
          const tokens = tokenTexts(w);
          if (isShortPhrase(tokens)) addGroup(expansionPhrases(wordings, tokens));
        }
      }
    }
    this.groups = groups.size;
    this.known = groups;
  }

  /** Whether documents carry this token when they contain one of its phrases (every group a query can build does). */
  has(token: string): boolean {
    return this.known.has(token);
  }

  /** The group tokens found in one field's tokens. */
  tokensIn(tokens: readonly string[]): string[] {
    return [...this.matcher.valuesIn(tokens)].sort();
  }

  /** The group tokens of a document with these fields; each field is scanned apart, as FTS5 columns are. */
  tokensFor(...fields: string[]): string[] {
    const found = new Set<string>();
    for (const field of fields) for (const token of this.matcher.valuesIn(tokenTexts(field))) found.add(token);
    return [...found].sort();
  }
}

/** Changes whenever the lexicon's wordings change; stored beside an index built from it. */
export function lexiconFingerprint(lexicon: GroupLexicon): string {
  const hash = createHash('sha1');
  for (const c of lexicon.concepts()) hash.update(`${c.id}\u0001${c.terms.join('\u0002')}\u0003`);
  return hash.digest('hex').slice(0, 16);
}

let shared: { lexicon: GroupLexicon; groups: ConceptGroups } | undefined;

/** Built once per lexicon instance: enumerating every group takes a moment. */
export function conceptGroupsFor(lexicon: GroupLexicon): ConceptGroups {
  if (shared?.lexicon !== lexicon) shared = { lexicon, groups: new ConceptGroups(lexicon) };
  return shared.groups;
}
