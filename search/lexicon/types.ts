/** Shapes shared by the lexicon modules; re-exported from search/lexicon.ts. */

export type ConceptKind = 'process' | 'material' | 'certification' | 'part';
export const CONCEPT_KINDS: readonly ConceptKind[] = ['process', 'material', 'certification', 'part'];

export interface Concept {
  id: string;
  kind: ConceptKind;
  label: string;
  labelEn?: string;
  /** Every wording, exact-only ones included (without their '=' marker). */
  terms: string[];
  broader: string[];
  includes: string[];
  /** Its children are distinct trades (e.g. the casting methods): sharing it is no kinship. */
  umbrella: boolean;
  /** A routine finishing step every maker of such goods does (cutting to length, rewinding, inspection, packing): a firm not naming it still makes the part. */
  auxiliary?: boolean;
}

export interface ConceptMatch {
  id: string;
  kind: ConceptKind;
  confidence: number;
  via: 'exact' | 'contains' | 'fuzzy' | 'unknown';
  /** The wording as written: the whole cell for resolve(), the matched passage for extract(). */
  text: string;
}

export interface ChainRef { id: string; name: string }
export interface RegionRef { code: string; name: string; kind: 'local' | 'cluster' | 'outside'; lat: number; lng: number }

/**
 * How a held capability stands to a required one: 'narrower' satisfies it (a special case or an
 * including certificate), 'broader' is the generic claim of which the requirement is a case,
 * 'sibling' shares a non-umbrella family (淬火 and 调质 under 热处理).
 */
export type ConceptRelation = 'same' | 'narrower' | 'broader' | 'sibling' | 'none';

export interface Lexicon {
  normalizeWording(text: string): string;
  resolve(cellValue: string, kind?: ConceptKind): ConceptMatch[];
  extract(freeText: string, kinds?: ConceptKind[]): ConceptMatch[];
  concept(id: string): Concept | undefined;
  concepts(kind?: ConceptKind): Concept[];
  label(id: string): string;
  expandTerm(term: string): string[];
  satisfies(heldId: string, requiredId: string): boolean;
  related(heldId: string, requiredId: string): ConceptRelation;
  ancestors(id: string): string[];
  synonymGroups(): string[][];
  chain(text: string): ChainRef | undefined;
  chains(): ChainRef[];
  region(text: string): RegionRef | undefined;
  regions(): RegionRef[];
}

/** lexicon.json as stored. */
export interface RawConcept {
  id: string; kind: ConceptKind; label: string; label_en?: string;
  terms: string[]; broader?: string[]; includes?: string[]; umbrella?: boolean; auxiliary?: boolean;
}
export interface RawChain { id: string; name: string; aliases?: string[] }
export interface RawRegion extends RegionRef { aliases?: string[] }
export interface RawLexicon { chains: RawChain[]; regions: RawRegion[]; concepts: RawConcept[] }
