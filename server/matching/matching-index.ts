/**
 * The in-memory snapshot the live engine ranks from: every firm's profile, every component's
 * request, and an inverted index from concept to firms so a component scores only plausible
 * candidates (p95 ≤ 50 ms at 20,000 firms). A firm is posted under each concept it holds and
 * every ancestor of it; a requirement looks up its own concept and its non-umbrella ancestors
 * (special cases, generic claims and siblings in one family) and, for umbrella ancestors, only
 * firms that hold the umbrella itself. The same keys, read backwards, tell which components a
 * changed firm may move. Hybrid retrieval: a wording the lexicon does not know (Requirement.textKey)
 * also brings in every firm whose own words hold it (CandidateProfile.ownText; a scan remembered
 * until a firm changes, a few milliseconds at 20,000 firms) — no lexicon word must never mean no
 * candidates. Pure data structure over the lexicon it is built with (every key, reading and reason
 * of one index comes from that one lexicon); load.ts fills it from SQLite.
 */
import type { Lexicon } from '../../search/lexicon/types.ts';
import { perLexicon } from './per-lexicon.ts';
import { isEligible } from './eligibility.ts';
import { textEvidence, textProbe } from './profile-text.ts';
import { gradeAndScore, matchComponent, rankSuppliers, type RankOptions } from './rank.ts';
import { requestGrams, type RequestWords, type TextLikeness } from './factors.ts';
import { leadRequirements, partNameKey, textualLead } from './textual-lead.ts';
import { SCOPES } from './types.ts';
import type { CandidateProfile, MatchRequest, MatchResult, RankedSupplier, Requirement } from './types.ts';

/** The requirements that pick candidates (they live in textual-lead.ts, which ranks by them too). */
export { leadRequirements };

const KINDS_POSTED = ['processes', 'materials', 'products'] as const;
/** Fewer firms than this hold the lead requirement: read the other required processes, materials and parts too. */
const WIDEN_BELOW = 20;
/**
 * When the lexicon does not know the lead need (textual-lead.ts), a firm whose own words hold at
 * least this share of the request's words (text likeness) is a candidate too: the maker that writes
 * 「铝塑复合膜…干式复合」 where the buyer asks for 「干法复合」.
 */
const TEXT_CANDIDATE_LIKENESS = 0.3;
// affectedComponents need not watch likeness: a firm it alone brings in never meets the lead (meeting it
// by text takes the wording's tail, which textWatchers watch), so it is graded none and moves no
// status or notification; pages rank afresh after every write.

/** Index keys per concept id, for requirements and for postings, as one lexicon's ancestry makes them. */
const memoOf = perLexicon(() => ({ requirement: new Map<string, string[]>(), posting: new Map<string, string[]>() }));

/** Index keys a requirement reads: 'S:' = the concept or anything under it, 'E:' = exactly it. */
export function requirementKeys(lexicon: Lexicon, conceptId: string): string[] {
  const keysMemo = memoOf(lexicon).requirement;
  let keys = keysMemo.get(conceptId);
  if (!keys) {
    keys = [`S:${conceptId}`, `E:${conceptId}`];
    if (!conceptId.startsWith('~')) {
      for (const a of lexicon.ancestors(conceptId)) keys.push(lexicon.concept(a)?.umbrella ? `E:${a}` : `S:${a}`);
    }
    keysMemo.set(conceptId, keys);
  }
  return keys;
}

/** Index keys a held concept is posted under. */
function postingKeys(lexicon: Lexicon, conceptId: string): string[] {
  const postMemo = memoOf(lexicon).posting;
  let keys = postMemo.get(conceptId);
  if (!keys) {
    keys = [`S:${conceptId}`, `E:${conceptId}`];
    // Under every ancestor, umbrellas included: a requirement for 挤压成型 reads its whole subtree.
    if (!conceptId.startsWith('~')) for (const a of lexicon.ancestors(conceptId)) keys.push(`S:${a}`);
    postMemo.set(conceptId, keys);
  }
  return keys;
}

function firmKeys(lexicon: Lexicon, p: CandidateProfile): Set<string> {
  const keys = new Set<string>();
  for (const kind of KINDS_POSTED) for (const c of p[kind]) for (const k of postingKeys(lexicon, c.conceptId)) keys.add(k);
  return keys;
}

/** The folded wordings the lexicon did not know among these requirements, with their glosses in brackets. */
function textKeys(requirements: Requirement[]): string[] {
  const keys: string[] = [];
  for (const r of requirements) {
    for (const key of [r.textKey, r.glossKey]) if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** The wordings a request finds firms by in their own text: its lead's unknown wordings, and the part's own name. */
function leadTextKeys(request: MatchRequest): string[] {
  const keys = textKeys(leadRequirements(request));
  const name = partNameKey(request);
  if (name !== null && !keys.includes(name)) keys.push(name);
  return keys;
}

/** Everything the request could be widened to when the lead finds too few firms. */
function widerRequirements(request: MatchRequest): Requirement[] {
  return request.requirements.filter((r) => r.kind === 'process' || r.kind === 'material' || r.kind === 'part');
}

/** Characters of a firm's own text, hashed into this many bits per firm (a prefilter for text likeness's pieces). */
const CHAR_BITS = 1024;
const CHAR_WORDS = CHAR_BITS / 32;

export class MatchingIndex {
  /** The lexicon every profile, request and ranking of this index is read with (load.ts reads them with it too). */
  constructor(readonly lexicon: Lexicon) {}

  private readonly profiles = new Map<number, CandidateProfile>();
  private readonly postings = new Map<string, Set<number>>();
  private readonly components = new Map<number, MatchRequest>();
  /** key → components whose lead requirements read it */
  private readonly watchers = new Map<string, Set<number>>();
  /** buyer id → its components (a buyer that moves changes every distance) */
  private readonly byBuyer = new Map<number, Set<number>>();
  /** folded wording the lexicon does not know → components whose lead requirements search it in firms' own text */
  private readonly textWatchers = new Map<string, Set<number>>();
  /** folded wording → firms whose own text holds it; emptied whenever a firm changes */
  private readonly textHits = new Map<string, number[]>();

  get size(): { enterprises: number; components: number } {
    return { enterprises: this.profiles.size, components: this.components.size };
  }

  profile(id: number): CandidateProfile | undefined { return this.profiles.get(id); }
  component(id: number): MatchRequest | undefined { return this.components.get(id); }
  componentIds(): number[] { return [...this.components.keys()]; }

  upsertProfile(profile: CandidateProfile): void {
    this.removeProfile(profile.enterpriseId);
    this.textHits.clear();
    if (!this.slots.has(profile.enterpriseId)) this.slots.set(profile.enterpriseId, this.nextSlot++);
    this.profiles.set(profile.enterpriseId, profile);
    this.setSlotText(this.slots.get(profile.enterpriseId)!, profile.ownText);
    this.markGrams(profile, true);
    for (const key of firmKeys(this.lexicon, profile)) {
      let set = this.postings.get(key);
      if (!set) { set = new Set(); this.postings.set(key, set); }
      set.add(profile.enterpriseId);
    }
  }

  removeProfile(id: number): void {
    const old = this.profiles.get(id);
    if (!old) return;
    this.textHits.clear();
    this.markGrams(old, false);
    this.setSlotText(this.slots.get(id)!, undefined);
    for (const key of firmKeys(this.lexicon, old)) {
      const set = this.postings.get(key);
      set?.delete(id);
      if (set && set.size === 0) this.postings.delete(key);
    }
    this.profiles.delete(id);
  }

  upsertComponent(request: MatchRequest): void {
    this.removeComponent(request.id);
    this.components.set(request.id, request);
    for (const key of this.watchKeys(request)) {
      let set = this.watchers.get(key);
      if (!set) { set = new Set(); this.watchers.set(key, set); }
      set.add(request.id);
    }
    for (const key of leadTextKeys(request)) {
      let set = this.textWatchers.get(key);
      if (!set) { set = new Set(); this.textWatchers.set(key, set); }
      set.add(request.id);
    }
    if (request.buyerId !== null) {
      let set = this.byBuyer.get(request.buyerId);
      if (!set) { set = new Set(); this.byBuyer.set(request.buyerId, set); }
      set.add(request.id);
    }
  }

  removeComponent(id: number): void {
    const old = this.components.get(id);
    if (!old) return;
    for (const key of this.watchKeys(old)) this.watchers.get(key)?.delete(id);
    for (const key of leadTextKeys(old)) this.textWatchers.get(key)?.delete(id);
    if (old.buyerId !== null) this.byBuyer.get(old.buyerId)?.delete(id);
    this.components.delete(id);
  }

  /** The lead requirements pick the candidates, so only their keys can bring a firm in or out. */
  private watchKeys(request: MatchRequest): Set<string> {
    return new Set(leadRequirements(request).flatMap((r) => requirementKeys(this.lexicon, r.conceptId)));
  }

  /**
   * Firms that could plausibly supply the request (any region; eligibility is the ranker's job).
   * Never depends on how many results are asked for: the top 20 is always the first 20 of the top 100.
   */
  candidatesFor(request: MatchRequest): CandidateProfile[] {
    const lead = leadRequirements(request);
    if (lead.length === 0) return [...this.profiles.values()];
    const ids = new Set<number>();
    const collect = (requirements: Requirement[]) => {
      for (const r of requirements) for (const key of requirementKeys(this.lexicon, r.conceptId)) for (const id of this.postings.get(key) ?? []) ids.add(id);
    };
    // hybrid: a wording the lexicon does not know finds the firms whose own words hold it
    const collectText = (keys: string[]) => {
      for (const key of keys) for (const id of this.firmsWriting(key)) ids.add(id);
    };
    collect(lead);
    // and the firms whose own words name the part itself make it (factors.ts byPartName)
    collectText(leadTextKeys(request));
    if (ids.size < WIDEN_BELOW) {
      const wider = widerRequirements(request);
      collect(wider);
      collectText(textKeys(wider));
    }
    if (textualLead(request)) {
      for (const p of this.profiles.values()) if (!ids.has(p.enterpriseId) && this.textLikeness(request, p, 'work') >= TEXT_CANDIDATE_LIKENESS) ids.add(p.enterpriseId);
    }
    const out: CandidateProfile[] = [];
    for (const id of ids) out.push(this.profiles.get(id) as CandidateProfile);
    return out;
  }

  /** Firms whose own text holds this folded wording, or enough of its tail (a scan, remembered until a firm changes). */
  firmsWriting(key: string): number[] {
    const probe = textProbe(key);
    let ids = this.textHits.get(probe);
    if (!ids) {
      ids = [];
      for (const p of this.profiles.values()) if (p.ownText.includes(probe)) ids.push(p.enterpriseId);
      if (this.textHits.size > 10_000) this.textHits.clear();
      this.textHits.set(probe, ids);
    }
    return ids;
  }

  /**
   * Which firms' own words hold a two-character piece, as a bitmap over dense slots, and how many:
   * computed on first use by one scan, dropped whenever a firm changes (text likeness then reads a
   * bit per firm instead of searching its text).
   */
  private readonly grams = new Map<string, { bits: Uint8Array; count: number }>();
  private readonly slots = new Map<number, number>();
  private nextSlot = 0;

  /** each slot's own text (undefined once its firm is gone), and which characters it holds, hashed to CHAR_BITS bits */
  private readonly slotTexts: (string | undefined)[] = [];
  private charBits = new Uint32Array(0);

  private setSlotText(slot: number, text: string | undefined): void {
    this.slotTexts[slot] = text;
    const need = (slot + 1) * CHAR_WORDS;
    if (this.charBits.length < need) {
      const grown = new Uint32Array(Math.max(need, this.charBits.length * 2));
      grown.set(this.charBits);
      this.charBits = grown;
    }
    const at = slot * CHAR_WORDS;
    this.charBits.fill(0, at, at + CHAR_WORDS);
    if (text === undefined) return;
    for (let i = 0; i < text.length; i++) {
      const h = text.charCodeAt(i) & (CHAR_BITS - 1);
      this.charBits[at + (h >> 5)]! |= 1 << (h & 31);
    }
  }

  private gram(g: string): { bits: Uint8Array; count: number } {
    let entry = this.grams.get(g);
    if (!entry) {
      const bits = new Uint8Array((this.nextSlot >> 3) + 1);
      let count = 0;
      // a firm whose text lacks either character cannot hold the piece: two bit tests spare most string searches
      const a = g.charCodeAt(0) & (CHAR_BITS - 1);
      const b = g.charCodeAt(Math.min(1, g.length - 1)) & (CHAR_BITS - 1);
      const charBits = this.charBits;
      for (let slot = 0; slot < this.nextSlot; slot++) {
        const at = slot * CHAR_WORDS;
        if ((charBits[at + (a >> 5)]! & (1 << (a & 31))) === 0 || (charBits[at + (b >> 5)]! & (1 << (b & 31))) === 0) continue;
        const text = this.slotTexts[slot];
        if (text === undefined || !text.includes(g)) continue;
        bits[slot >> 3]! |= 1 << (slot & 7);
        count++;
      }
      entry = { bits, count };
      if (this.grams.size > 20_000) { this.grams.clear(); this.gramsVersion++; }
      this.grams.set(g, entry);
    }
    return entry;
  }

  /**
   * A firm came or went: its bit in every piece already counted is set or cleared (a few thousand
   * string searches at most); with more pieces than that, they are dropped and counted again on use.
   */
  private markGrams(p: CandidateProfile, present: boolean): void {
    if (this.grams.size === 0) return;
    if (this.grams.size > 2000) { this.grams.clear(); this.gramsVersion++; return; }
    const slot = this.slots.get(p.enterpriseId)!;
    for (const [g, entry] of this.grams) {
      if ((slot >> 3) >= entry.bits.length) { this.grams.delete(g); this.gramsVersion++; continue; }
      const bit = 1 << (slot & 7);
      const had = (entry.bits[slot >> 3]! & bit) !== 0;
      const has = present && p.ownText.includes(g);
      if (had === has) continue;
      entry.bits[slot >> 3] = has ? entry.bits[slot >> 3]! | bit : entry.bits[slot >> 3]! & ~bit;
      entry.count += has ? 1 : -1;
    }
  }

  /** bumped whenever a piece's bitmap is dropped: a request's prepared pieces are then looked up again */
  private gramsVersion = 0;
  private readonly prepared: Record<RequestWords, WeakMap<MatchRequest, { version: number; grams: string[]; bits: Uint8Array[]; weights: Float64Array; total: number }>> =
    { all: new WeakMap(), work: new WeakMap() };

  private preparedFor(request: MatchRequest, words: RequestWords) {
    let p = this.prepared[words].get(request);
    if (!p || p.version !== this.gramsVersion) {
      const grams = requestGrams(request, words);
      const entries = grams.map((g) => this.gram(g));
      const weights = Float64Array.from(entries, (e) => Math.log(1 + this.profiles.size / (1 + e.count)));
      p = { version: this.gramsVersion, grams, bits: entries.map((e) => e.bits), weights, total: weights.reduce((a, b) => a + b, 0) };
      this.prepared[words].set(request, p);
    }
    return p;
  }

  /**
   * Text likeness (factors.ts): the request's pieces are looked up once (bitmap and weight
   * ln(1 + N / (1 + firms holding it))), then each firm costs one slot lookup and a bit per piece.
   */
  readonly textLikeness: TextLikeness = (request, candidate, words = 'all') => {
    const p = this.preparedFor(request, words);
    if (p.total === 0) return 0;
    const slot = this.slots.get(candidate.enterpriseId);
    // a profile other than the one indexed (as it was before a change) is read from its own text
    if (slot === undefined || (slot >> 3) >= (p.bits[0]?.length ?? 0) || this.profiles.get(candidate.enterpriseId) !== candidate) {
      return this.likenessOfText(p, candidate.ownText);
    }
    const byte = slot >> 3;
    const bit = 1 << (slot & 7);
    let held = 0;
    for (let i = 0; i < p.bits.length; i++) if ((p.bits[i]![byte]! & bit) !== 0) held += p.weights[i]!;
    return held / p.total;
  };

  private likenessOfText(p: { grams: string[]; weights: Float64Array; total: number }, ownText: string): number {
    let held = 0;
    for (let i = 0; i < p.grams.length; i++) if (ownText.includes(p.grams[i]!)) held += p.weights[i]!;
    return held / p.total;
  }

  rank(request: MatchRequest, options: RankOptions = {}): RankedSupplier[] {
    return rankSuppliers(this.lexicon, request, this.candidatesFor(request), { textLikeness: this.textLikeness, ...options });
  }

  match(request: MatchRequest, options: RankOptions = {}): MatchResult {
    return matchComponent(this.lexicon, request, this.candidatesFor(request), { textLikeness: this.textLikeness, ...options });
  }

  /**
   * Components whose ranking a change to these firms may move: those whose lead requirements read
   * a key the firms are posted under, and those the firms buy (distances move with the buyer).
   * Given the profiles as they were (refreshEnterprises passes them), a component is kept only if
   * the firm scores, grades or qualifies differently for it now — an edited phone number moves nothing.
   */
  affectedComponents(enterpriseIds: Iterable<number>, previous: Iterable<CandidateProfile> = []): number[] {
    const before = new Map<number, CandidateProfile>();
    for (const p of previous) before.set(p.enterpriseId, p);
    const out = new Set<number>();
    for (const id of enterpriseIds) {
      const now = this.profiles.get(id);
      const then = before.get(id);
      const watched = new Set<number>();
      for (const p of [then, now]) if (p) for (const key of firmKeys(this.lexicon, p)) for (const c of this.watchers.get(key) ?? []) watched.add(c);
      for (const [key, components] of this.textWatchers) {
        if (components.size > 0 && (textEvidence(then?.ownText ?? '', key) !== null || textEvidence(now?.ownText ?? '', key) !== null)) for (const c of components) watched.add(c);
      }
      for (const c of watched) if (!then || !now || movesFor(this.lexicon, this.components.get(c), then, now)) out.add(c);
      const moved = !then || !now || then.location?.lat !== now.location?.lat || then.location?.lng !== now.location?.lng;
      if (moved || !before.has(id)) for (const c of this.byBuyer.get(id) ?? []) out.add(c);
    }
    return [...out].sort((a, b) => a - b);
  }
}

/**
 * Whether a firm's change alters its standing for a request: eligibility, grade, or score while it
 * is a fit at all (the order among firms that cannot supply is nobody's decision).
 */
function movesFor(lexicon: Lexicon, request: MatchRequest | undefined, then: CandidateProfile, now: CandidateProfile): boolean {
  if (!request) return false;
  for (const scope of SCOPES) if (isEligible(request, then, scope) !== isEligible(request, now, scope)) return true;
  const a = gradeAndScore(lexicon, request, then);
  const b = gradeAndScore(lexicon, request, now);
  return a.grade !== b.grade || (a.grade !== 'none' && a.score !== b.score);
}
