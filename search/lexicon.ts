/**
 * The one industrial lexicon (STYLE.md habit 10): chains, regions and the capability concepts
 * (processes, materials, certifications, parts) with all their wordings. Import, search indexing and
 * query expansion read it through getLexicon(); the matcher (server/matching) is handed it by its
 * callers, who pass getLexicon() at their edge. The data lives in lexicon.json and the machinery in lexicon/.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../db/paths.ts';
import { createLexicon } from './lexicon/create.ts';
import type { ConceptKind, Lexicon, RawConcept, RawLexicon } from './lexicon/types.ts';

export type {
  ChainRef, Concept, ConceptKind, ConceptMatch, ConceptRelation, Lexicon, RegionRef,
} from './lexicon/types.ts';
export { CONCEPT_KINDS } from './lexicon/types.ts';
export { normalizeWording, splitList } from './lexicon/normalize.ts';
export { createLexicon } from './lexicon/create.ts';

let loaded: Lexicon | undefined;
let shipped: RawLexicon | undefined;

/**
 * A wording an admin taught (stored in the database, table lexicon_additions): a term for an existing
 * concept, or a new concept (`custom.<kind>.<id>`) with its label and, optionally, its family.
 */
export interface LexiconAddition {
  id: number; kind: ConceptKind; term: string;
  conceptId: string | null; newLabel: string | null; broaderId: string | null;
}
let additions: readonly LexiconAddition[] = [];
const listeners = new Set<() => void>();

/** The id a new concept taught by an admin carries. */
export const customConceptId = (a: Pick<LexiconAddition, 'id' | 'kind'>) => `custom.${a.kind}.${a.id}`;

/** The shipped lexicon with the additions laid over it; the shipped file itself never changes. */
export function withAdditions(raw: RawLexicon, list: readonly LexiconAddition[]): RawLexicon {
  if (list.length === 0) return raw;
  const concepts = raw.concepts.map((c) => ({ ...c, terms: [...c.terms] }));
  const byId = new Map(concepts.map((c) => [c.id, c]));
  for (const a of list) {
    if (a.conceptId) { byId.get(a.conceptId)?.terms.push(a.term); continue; }
    if (!a.newLabel) continue;
    const concept: RawConcept = { id: customConceptId(a), kind: a.kind, label: a.newLabel, terms: [...new Set([a.newLabel, a.term])] };
    if (a.broaderId && byId.has(a.broaderId)) concept.broader = [a.broaderId];
    concepts.push(concept);
    byId.set(concept.id, concept);
  }
  return { ...raw, concepts };
}

/** Loads and indexes lexicon.json (with the additions in force) on first use; later calls share the same instance. */
export function getLexicon(): Lexicon {
  if (!loaded) {
    shipped ??= JSON.parse(readFileSync(projectPath('search', 'lexicon.json'), 'utf8')) as RawLexicon;
    loaded = createLexicon(withAdditions(shipped, additions));
  }
  return loaded;
}

/** Puts these additions in force (at start, and after an admin teaches a wording); memos built on the old lexicon are dropped. */
export function setLexiconAdditions(list: readonly LexiconAddition[]): void {
  additions = [...list];
  loaded = undefined;
  for (const drop of listeners) drop();
}

/** Registers a memo to drop when the lexicon changes (every cache keyed by concept ids or readings). */
export function onLexiconChanged(drop: () => void): void {
  listeners.add(drop);
}
