/**
 * The one industrial lexicon (STYLE.md habit 10): chains, regions and the capability concepts
 * (processes, materials, certifications, parts) with all their wordings. Import, search indexing,
 * query expansion and matching all read it through getLexicon(); the data lives in lexicon.json
 * and the machinery in lexicon/.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../db/paths.ts';
import { createLexicon } from './lexicon/create.ts';
import type { Lexicon, RawLexicon } from './lexicon/types.ts';

export type {
  ChainRef, Concept, ConceptKind, ConceptMatch, ConceptRelation, Lexicon, RegionRef,
} from './lexicon/types.ts';
export { CONCEPT_KINDS } from './lexicon/types.ts';
export { normalizeWording, splitList } from './lexicon/normalize.ts';
export { createLexicon } from './lexicon/create.ts';

let loaded: Lexicon | undefined;

/** Loads and indexes lexicon.json on first use; later calls share the same instance. */
export function getLexicon(): Lexicon {
  if (!loaded) {
    const raw = JSON.parse(readFileSync(projectPath('search', 'lexicon.json'), 'utf8')) as RawLexicon;
    loaded = createLexicon(raw);
  }
  return loaded;
}
