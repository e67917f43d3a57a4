/**
 * The plain data the matching engine works on. Everything here is a snapshot: a firm's
 * capabilities as lexicon concepts with the wording it used, and what a component or demand
 * listing needs. Nothing refers to the database, so scoring stays a pure function.
 */
import type { ConceptKind } from '../../search/lexicon.ts';
import type { MarkReason, RegionKind, Tier } from '../../db/schema.ts';

export type Scope = 'local' | 'cluster' | 'all';
export const SCOPES: readonly Scope[] = ['local', 'cluster', 'all'];

/** How a capability was read: a list cell or a sentence of the profile, and how surely. */
export type Evidence = 'exact' | 'contains' | 'fuzzy' | 'similar' | 'text' | 'implied';

export interface HeldCapability {
  conceptId: string;
  kind: ConceptKind;
  /** 0–1: 1 for an exact list cell, lower for containment, free text, fuzzy or similar wordings. */
  confidence: number;
  evidence: Evidence;
  /** The firm's own wording, quoted in reasons. */
  wording: string;
  /** a certificate's class, level or sub-class as stated in its sentence (certificate-class.ts); else read from the wording */
  qualifiers?: string[];
  /** a material read only from a product's name (「化肥编织袋」「6061铝合金支架」): it can meet a need, but names no material the firm works against another */
  inProductName?: true;
}

export interface GeoPoint { lat: number; lng: number }

/** One firm as the engine sees it. */
export interface CandidateProfile {
  enterpriseId: number;
  uscc: string;
  name: string;
  regionCode: string | null;
  regionName: string;
  regionKind: RegionKind;
  /** The firm's own coordinates, else its region's; null when neither is known. */
  location: GeoPoint | null;
  tier: Tier;
  chainIds: string[];
  annualOutputWan: number | null;
  processes: HeldCapability[];
  materials: HeldCapability[];
  certifications: HeldCapability[];
  products: HeldCapability[];
  /** A trading or agency firm without production of its own (see eligibility.ts). */
  trading: boolean;
  /**
   * What the firm claims in its own words, folded like a wording key, clauses apart (BREAK_MARK):
   * list items and profile clauses, leaving out trade clauses and any clause that negates, plans or
   * sends work out. Read for wordings the lexicon does not know (Requirement.textKey).
   */
  ownText: string;
  /** the firm says it sends some work out or buys a component in: naming a part is then no proof it makes the whole of it */
  sendsOut?: boolean;
}

export interface Requirement {
  conceptId: string;
  kind: ConceptKind;
  /** Order in its list; position 0 of the processes is the primary process. */
  position: number;
  confidence: number;
  wording: string;
  /**
   * The wording as typed, folded (normalizeWording), when the lexicon does not know it (an unknown or
   * merely similar wording): firms whose own text holds it are candidates and meet it by text evidence.
   */
  textKey?: string;
  /**
   * An unknown need's gloss in brackets, folded (「轧锥（变截面轧制）」 → 变截面轧制, 「开松梳理（交叉铺网）」 → 交叉铺网):
   * a firm whose own words hold the gloss meets the need by text evidence too, as one holding textKey does.
   */
  glossKey?: string;
  /** a material: the words it was read from, folded and without notes (「堇青石陶瓷」 for ceramics; 「HT200」, not the whole 「HT200/WCB…」) */
  readFrom?: string;
  /** a certificate asked in a class, level or sub-class (「压力容器制造许可证A2级」 → A2, 压力容器) */
  qualifiers?: string[];
  /** a routine finishing step asked after the main work (切割, 分切复卷, 检验, 包装): a firm not naming it is asked, not marked down */
  auxiliary?: true;
  /** set on certificates asked as alternatives (「IATF 16949或ISO 9001」「AS9100/ISO 9001」): any one of the group, keyed by its list position, will do */
  anyOf?: number;
}

/** What is to be supplied: a sole-source component or a demand listing. */
export interface MatchRequest {
  kind: 'component' | 'listing';
  id: number;
  ref: string;
  name: string;
  /** The buying firm, never ranked as its own supplier. */
  buyerId: number | null;
  buyerLocation: GeoPoint | null;
  chainId: string | null;
  /** Yearly purchase value in 万元; null when unknown (most listings). */
  annualValueWan: number | null;
  requirements: Requirement[];
}

/** A buyer's 「不合适」 on a candidate for its part (server/components/marks.ts). */
export interface CandidateMark { reason: MarkReason; note: string }

/** Deals per supplier, fed from the deal pipeline once it exists. */
export interface TrackRecord { signed: number; supplying: number; lost: number }
export type TrackRecords = ReadonlyMap<number, TrackRecord>;

/** The labelled grades: ready (can supply now) = 3, tight (capacity 0.5–2× the part's value) = 2, cultivate = 1, none = 0. */
export type Grade = 'ready' | 'tight' | 'cultivate' | 'none';
export const GRADE_LEVEL: Record<Grade, number> = { ready: 3, tight: 2, cultivate: 1, none: 0 };

export type Relation = 'same' | 'narrower' | 'broader' | 'sibling' | 'none';

/** How one requirement is met by the best of the firm's capabilities. */
export interface RequirementFit {
  requirement: Requirement;
  relation: Relation;
  /** 0–1 credit after relation and evidence confidence. */
  credit: number;
  held: HeldCapability | null;
  /** Good enough to count the requirement as met when grading (a certificate that includes the required one counts). */
  met: boolean;
  /** True when the link rests on a loose wording (fuzzy, similar, contained, implied). */
  uncertain: boolean;
  /** a certificate held in another class than asked ('different'), or without a stated class ('unstated') */
  classVerdict?: 'different' | 'unstated';
  /** the lead need is met because the firm's own words name the part itself (「产品：浮选捕收剂」), not by a process word */
  byName?: true;
}

/** 'unknown': the firm reports no output; 'not_applicable': the request has no purchase value. */
export type CapacityBand = 'comfortable' | 'tight' | 'too_small' | 'unknown' | 'not_applicable';

export interface Factors {
  process: { credit: number; primary: RequirementFit[]; secondary: RequirementFit[] };
  /** `stated`: the firm names any material at all; when it names none, a required material is unknown, not wrong */
  material: { credit: number; fits: RequirementFit[]; stated: boolean; /** the material asked is a wording the lexicon does not know, and the firm's words do not hold it */ unplaced?: boolean };
  certification: { credit: number; fits: RequirementFit[] };
  product: { credit: number; fits: RequirementFit[] };
  capacity: { credit: number; ratio: number | null; band: CapacityBand };
  distance: { credit: number; km: number | null };
  trackRecord: { credit: number; record: TrackRecord | null };
  tier: { credit: number; tier: Tier };
  /** the share of the request's own words (rare ones weighing most) that the firm's own words hold; not applicable without word weights */
  text: { credit: number; applicable: boolean };
}

export interface RankedSupplier {
  enterpriseId: number;
  uscc: string;
  name: string;
  regionName: string;
  regionKind: RegionKind;
  /** 0–100: the grade's band plus how well the factors fill it. */
  score: number;
  grade: Grade;
  factors: Factors;
  reasons: string[];
  missing: string[];
  /** the buyer marked this firm 「不合适」 for this part */
  mark?: CandidateMark;
}

export interface MatchResult {
  request: { kind: MatchRequest['kind']; id: number; ref: string; name: string };
  scope: Scope;
  /** Some firm inside the scope reaches the qualified grade (ready or tight). */
  qualifiedLocal: boolean;
  /** How many firms inside the scope qualify (not only those in `matches`). */
  qualifiedCount: number;
  /** One plain sentence for the page: how many qualify, or that none does. */
  summary: string;
  matches: RankedSupplier[];
  /** Best firms of the city cluster and outside when nothing local qualifies (招引 targets). */
  attractionTargets: RankedSupplier[];
}
