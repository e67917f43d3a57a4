/**
 * The factors of a match, each a credit from 0 to 1 computed on its own so it can be tested
 * and explained on its own: process coverage (the primary process weighs most), material,
 * certification, product (for listings that name only a part), capacity, distance, track
 * record and tier. A factor the request says nothing about is 'not applicable' and leaves the
 * weighting (a listing without a purchase value has no capacity factor).
 */
import type { Tier } from '../../db/schema.ts';
import { fitRequirement } from './concept-fit.ts';
import { HAN_END, textEvidence, textMatch } from './profile-text.ts';
import { isGuessed, partNameKey } from './textual-lead.ts';
import { normalizeWording } from '../../search/lexicon/normalize.ts';
import type {
  CandidateProfile, CapacityBand, Factors, GeoPoint, HeldCapability, MatchRequest, Requirement, RequirementFit, TrackRecord, TrackRecords,
} from './types.ts';
import type { MatchingConfig } from './weights.ts';
import { haversineKm } from '../../search/geo.ts';
import type { Lexicon } from '../../search/lexicon/types.ts';

function meanCredit(fits: readonly RequirementFit[]): number {
  if (fits.length === 0) return 0;
  let sum = 0;
  for (const f of fits) sum += f.credit;
  return sum / fits.length;
}

/**
 * Each requirement by the best held concept; a wording the lexicon does not know (Requirement.textKey)
 * is met, as text evidence with less credit, by a firm whose own words hold it (CandidateProfile.ownText).
 */
export function fitAll(lexicon: Lexicon, requirements: Requirement[], held: readonly HeldCapability[], config: MatchingConfig, ownText = '', lead = false): RequirementFit[] {
  return requirements.map((r) => {
    let fit = fitRequirement(lexicon, r, held, config);
    // the lexicon only guessed the lead need (「拉伸」 read as 拉深): a relative of the guess is no evidence
    // that the firm does the work; only the guessed concept itself, or the firm's own words, meet it
    if (lead && fit.met && isGuessed(r) && fit.relation !== 'same' && fit.relation !== 'narrower') fit = { ...fit, met: false };
    if (!fit.met) {
      const named = gradeTheNeedNames(lexicon, r, held, config);
      if (named && named.credit > fit.credit) return named;
    }
    if (fit.met || r.textKey === undefined) return fit;
    // the wording itself, else its gloss in brackets (「轧锥（变截面轧制）」)
    let key = r.textKey;
    let evidence = textEvidence(ownText, key);
    if (evidence === null && r.glossKey !== undefined) {
      key = r.glossKey;
      evidence = textEvidence(ownText, key);
    }
    if (evidence === null) return fit;
    const found = evidence.found;
    // found by its pieces in one clause, it counts as less than the wording found whole
    const coverage = evidence.whole ? Array.from(found).length / Array.from(key).length : PIECES_COVERAGE;
    // the very same odd wording in the firm's own list says a little more than a sentence that holds it
    const credit = Math.min(1, config.textEvidenceCredit * Math.sqrt(coverage) + (fit.relation === 'same' ? 0.1 : 0));
    if (credit <= fit.credit) return fit;
    return {
      requirement: r, relation: 'same', credit, met: true, uncertain: true,
      held: { conceptId: r.conceptId, kind: r.kind, confidence: credit, evidence: 'text', wording: found },
    };
  });
}

/**
 * 「K9」 for 「H-K9L光学玻璃」, 「堇青石」 for 「堇青石陶瓷」: a material the lexicon does not know, which
 * the need's own words name. The lexicon read the need as its family (glass, ceramics); the firm's
 * unknown wording is the very grade the part asks for, as text evidence, not 「材料不符」.
 */
function gradeTheNeedNames(lexicon: Lexicon, r: Requirement, held: readonly HeldCapability[], config: MatchingConfig): RequirementFit | null {
  const need = r.readFrom;
  if (r.kind !== 'material' || !need) return null;
  if (r.conceptId.startsWith('~')) return unknownNeedNames(lexicon, r, need, held, config);
  for (const h of held) {
    if (h.inProductName || !h.conceptId.startsWith('~')) continue;
    const key = h.conceptId.slice(h.conceptId.indexOf(':') + 1);
    if (Array.from(key).length < 2 || /^[\d.]+$/.test(key) || !need.includes(key)) continue;
    return namedGrade(r, h, config);
  }
  return null;
}

/**
 * A need the lexicon does not know at all: 「链板40Mn」 asks for the grade 40Mn a firm lists (known or
 * not), as text evidence; 「氧化铝导热填料」 is made of the 氧化铝 a firm works (as 氧化铝陶瓷), related — not 「材料不符」.
 */
function unknownNeedNames(lexicon: Lexicon, r: Requirement, need: string, held: readonly HeldCapability[], config: MatchingConfig): RequirementFit | null {
  let related: RequirementFit | null = null;
  for (const h of held) {
    if (h.inProductName) continue;
    const code = h.wording === undefined ? '' : normalizeWording(h.wording);
    if (GRADE_CODE.test(code) && holdsCode(need, code)) return namedGrade(r, h, config);
    if (!related && namesConcept(lexicon, need, h.conceptId)) {
      const credit = config.textEvidenceCredit * RELATED_SHARE;
      related = { requirement: r, relation: 'sibling', credit, met: true, uncertain: true, held: { ...h, confidence: credit } };
    }
  }
  return related;
}

/** The very grade the need's words name, held by the firm: text evidence. */
function namedGrade(r: Requirement, h: HeldCapability, config: MatchingConfig): RequirementFit {
  const credit = config.textEvidenceCredit;
  return { requirement: r, relation: 'narrower', credit, met: true, uncertain: true, held: { ...h, evidence: 'text', confidence: credit } };
}

/** The share of text evidence's credit a need gets from a material named inside its own wording. */
const RELATED_SHARE = 0.7;

/** Whether a folded wording holds a Chinese name (three characters or more) of a known concept: 「氧化铝导热填料」 holds 氧化铝. */
function namesConcept(lexicon: Lexicon, wording: string, conceptId: string): boolean {
  if (conceptId.startsWith('~')) return false;
  return (lexicon.concept(conceptId)?.terms ?? []).some((t) => Array.from(t).length >= 3 && /^\p{Script=Han}+$/u.test(t) && wording.includes(t));
}

/** A grade written as a code, letters and figures together (40mn, 21-4n, sus304, 6063-t5). */
const GRADE_CODE = /^(?=[^a-z]*[a-z])(?=\D*\d)[a-z\d.\-]{3,}$/;

/** Whether a folded wording holds a code as a whole (「链板40mn」 holds 40mn; 「140mn」 does not). */
function holdsCode(wording: string, code: string): boolean {
  for (let at = wording.indexOf(code); at >= 0; at = wording.indexOf(code, at + 1)) {
    const before = wording[at - 1] ?? '';
    const after = wording[at + code.length] ?? '';
    if (!/[a-z\d]/.test(before) && !/[a-z\d]/.test(after)) return true;
  }
  return false;
}

/** The firm lists its processes in its own cells (not only in sentences or by its machines). */
function listsProcesses(candidate: CandidateProfile): boolean {
  return candidate.processes.some((h) => h.evidence === 'exact' || h.evidence === 'contains');
}

/** The shortest piece of a part's name that says the firm makes it: three characters, ending in a Chinese noun. */
const NAME_PIECE_MIN = 3;

/**
 * A firm whose own words name the part itself (「浮选捕收剂」 for 「磷矿浮选捕收剂」, 「软硬结合板」 for
 * 「摄像头模组软硬结合板」) makes it, whatever words it uses for the work: a lead process it does
 * not name is met by that, as text evidence with the credit of a wording found in its text — unless it
 * says it buys in or sends out some of the work (「胶管外购」: it assembles the part, it does not make it).
 */
export function byPartName(request: MatchRequest, fits: RequirementFit[], candidate: CandidateProfile, config: MatchingConfig): RequirementFit[] {
  const key = partNameKey(request);
  if (key === null || fits.every((f) => f.met) || candidate.sendsOut) return fits;
  // a lead the lexicon knows, against a firm that lists its processes and not that one: its list says no
  if (!fits.every((f) => isGuessed(f.requirement)) && listsProcesses(candidate)) return fits;
  const found = textMatch(candidate.ownText, key);
  const chars = found === null ? [] : Array.from(found);
  if (found === null || chars.length < NAME_PIECE_MIN || !HAN_END.test(chars[chars.length - 1]!)) return fits;
  const credit = config.textEvidenceCredit * Math.sqrt(chars.length / Array.from(key).length);
  return fits.map((f) => (f.met ? f : {
    requirement: f.requirement, relation: 'same', credit: Math.max(credit, f.credit), met: true, uncertain: true, byName: true,
    held: { conceptId: f.requirement.conceptId, kind: f.requirement.kind, confidence: credit, evidence: 'text', wording: found },
  }));
}

/** What a wording found by its pieces (profile-text.ts wordsInOneClause) counts as, against one found whole (1). */
const PIECES_COVERAGE = 0.6;

/**
 * Several materials on one part are mostly alternatives (「6061铝合金;ADC12」): the best one carries
 * the credit, and covering the others adds a little.
 */
export function alternativesCredit(fits: readonly RequirementFit[]): number {
  if (fits.length === 0) return 0;
  let best = 0;
  for (const f of fits) best = Math.max(best, f.credit);
  return 0.7 * best + 0.3 * meanCredit(fits);
}

/** Primary fits weigh `primaryShare`; the rest share what is left. */
export function processCredit(primary: RequirementFit[], secondary: RequirementFit[], primaryShare: number): number {
  if (secondary.length === 0) return meanCredit(primary);
  if (primary.length === 0) return meanCredit(secondary);
  return primaryShare * meanCredit(primary) + (1 - primaryShare) * meanCredit(secondary);
}

/** Annual output over the part's annual purchase value; null when either is unknown. */
export function capacityRatio(outputWan: number | null, valueWan: number | null): number | null {
  if (outputWan === null || valueWan === null || !(valueWan > 0) || !(outputWan >= 0)) return null;
  return outputWan / valueWan;
}

export function capacityBand(ratio: number | null, config: MatchingConfig): CapacityBand {
  if (ratio === null) return 'unknown';
  if (ratio >= config.capacity.comfortable) return 'comfortable';
  if (ratio >= config.capacity.tight) return 'tight';
  return 'too_small';
}

/** 1 when comfortable, 0.6–1 across the tight band, below 0.5 when far too small. */
export function capacityCredit(ratio: number | null, config: MatchingConfig): number {
  const { comfortable, tight } = config.capacity;
  if (ratio === null) return 0.5;
  if (ratio >= comfortable) return 1;
  if (ratio >= tight) return 0.6 + (0.4 * (ratio - tight)) / (comfortable - tight);
  return (0.5 * ratio) / tight;
}

export { haversineKm };

/** Halves every `halfKm`-ish: next door 1, across the city about 0.6, another province near 0. */
export function distanceCredit(km: number | null, halfKm: number): number {
  return km === null ? 0.5 : 1 / (1 + km / halfKm);
}

/** Deals won against deals lost, smoothed so a firm without history sits at 0.5. */
export function trackRecordCredit(record: TrackRecord | null): number {
  if (!record) return 0.5;
  const won = record.signed + record.supplying;
  return (won + 1) / (won + record.lost + 2);
}

const TIER_CREDIT: Record<Tier, number> = { core: 1, specialized: 0.9, chain_leader: 0.8, sme: 0.6 };
export function tierCredit(tier: Tier): number {
  return TIER_CREDIT[tier];
}

interface Grouped { primary: Requirement[]; secondary: Requirement[]; material: Requirement[]; certification: Requirement[]; part: Requirement[] }
const grouped = new WeakMap<MatchRequest, Grouped>();

/** A request's requirements by role, worked out once per request rather than once per candidate. */
export function requirementGroups(request: MatchRequest): Grouped {
  let g = grouped.get(request);
  if (!g) {
    const of = (kind: Requirement['kind']) => request.requirements.filter((r) => r.kind === kind);
    const processes = of('process');
    g = {
      primary: processes.filter((r) => r.position === 0), secondary: processes.filter((r) => r.position > 0),
      material: of('material'), certification: of('certification'), part: of('part'),
    };
    grouped.set(request, g);
  }
  return g;
}

/** Certificates asked as alternatives count once, by the best the firm holds of them. */
export function eitherOf(fits: RequirementFit[]): RequirementFit[] {
  if (!fits.some((f) => f.requirement.anyOf !== undefined)) return fits;
  const best = new Map<number, RequirementFit>();
  const out: RequirementFit[] = [];
  for (const f of fits) {
    const group = f.requirement.anyOf;
    if (group === undefined) { out.push(f); continue; }
    const seen = best.get(group);
    if (!seen) { best.set(group, f); out.push(f); continue; }
    if (Number(f.met) > Number(seen.met) || (f.met === seen.met && f.credit > seen.credit)) {
      out[out.indexOf(seen)] = f;
      best.set(group, f);
    }
  }
  return out;
}

/**
 * Missing data is not a mismatch: a firm that names no material at all is not 「材料不符」; the
 * requirement is unknown and weighs less than evidence either way (half credit, never 'ready').
 */
function materialFactor(fits: RequirementFit[], stated: boolean, config: MatchingConfig): Factors['material'] {
  if (!stated && fits.length > 0) return { credit: config.unstatedMaterialCredit, fits, stated };
  // A material the lexicon does not know (「2-氯烟酸」), not found in the firm's words: unknown, not wrong.
  if (fits.length > 0 && fits.every((f) => !f.met && f.requirement.textKey !== undefined)) return { credit: config.unstatedMaterialCredit, fits, stated: false, unplaced: true };
  return { credit: alternativesCredit(fits), fits, stated };
}

/**
 * Which of a request's words a likeness reads: 'all' — its name and the wording of every need;
 * 'work' — what the part is and how it is made (name, processes, materials, part), leaving out the
 * certificates, which half the city holds and the grade judges anyway.
 */
export type RequestWords = 'all' | 'work';

const gramsMemo: Record<RequestWords, WeakMap<MatchRequest, string[]>> = { all: new WeakMap(), work: new WeakMap() };

/** The request's own words as two-character pieces: its name and the wording of each need (or of its work only). */
/**
 * Words of a part's name that say which grade, not what it is (「液氨（工业级 99.8%）」): a firm writing
 * 「工业级碳酸锂」 holds none of the part. (Leaving out the purity figures too cost sets 7 and 11.)
 */
const NOT_THE_THING = /工业级|工业用|食品级|饲料级|医药级|药用级|电子级|试剂级|分析纯|化学纯|优级品|一等品|合格品/u;

export function requestGrams(request: MatchRequest, words: RequestWords = 'all'): string[] {
  let grams = gramsMemo[words].get(request);
  if (!grams) {
    const set = new Set<string>();
    const needs = words === 'all' ? request.requirements : request.requirements.filter((r) => r.kind !== 'certification');
    for (const text of [request.name, ...needs.map((r) => r.wording)]) {
      for (const part of text.split(NOT_THE_THING)) {
        const chars = Array.from(normalizeWording(part));
        for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i]! + chars[i + 1]!);
      }
    }
    grams = [...set];
    gramsMemo[words].set(request, grams);
  }
  return grams;
}

/**
 * Text likeness, 0–1: the share of the request's pieces (requestGrams, of all its words unless told),
 * rare ones weighing most, that the firm's own words hold. The MatchingIndex answers it from bitmaps it keeps per piece.
 */
export type TextLikeness = (request: MatchRequest, candidate: CandidateProfile, words?: RequestWords) => number;

export function computeFactors(lexicon: Lexicon, request: MatchRequest, candidate: CandidateProfile, config: MatchingConfig, trackRecords: TrackRecords, textLikeness?: TextLikeness): Factors {
  const g = requirementGroups(request);
  const primary = byPartName(request, fitAll(lexicon, g.primary, candidate.processes, config, candidate.ownText, true), candidate, config);
  const secondary = fitAll(lexicon, g.secondary, candidate.processes, config, candidate.ownText);
  const material = fitAll(lexicon, g.material, candidate.materials, config, candidate.ownText);
  const certification = fitAll(lexicon, g.certification, candidate.certifications, config, candidate.ownText);
  const product = fitAll(lexicon, g.part, candidate.products, config, candidate.ownText, g.primary.length === 0);
  const ratio = capacityRatio(candidate.annualOutputWan, request.annualValueWan);
  const km = request.buyerLocation && candidate.location ? haversineKm(request.buyerLocation, candidate.location) : null;
  const record = trackRecords.get(candidate.enterpriseId) ?? null;
  return {
    process: { credit: processCredit(primary, secondary, config.primaryShare), primary, secondary },
    // a material read only from a product's name, or only hinted at by a process word (「环氧乙烷灭菌」), confirms but never refutes
    material: materialFactor(material, candidate.materials.some((h) => !h.inProductName && h.evidence !== 'implied') || material.some((f) => f.met), config),
    certification: { credit: meanCredit(eitherOf(certification)), fits: eitherOf(certification) },
    product: { credit: meanCredit(product), fits: product },
    capacity: {
      credit: capacityCredit(ratio, config), ratio,
      band: request.annualValueWan === null ? 'not_applicable' : capacityBand(ratio, config),
    },
    distance: { credit: distanceCredit(km, config.distanceHalfKm), km },
    trackRecord: { credit: trackRecordCredit(record), record },
    text: textLikeness && requestGrams(request).length > 0
      ? { credit: textLikeness(request, candidate), applicable: true }
      : { credit: 0, applicable: false },
    tier: { credit: tierCredit(candidate.tier), tier: candidate.tier },
  };
}
