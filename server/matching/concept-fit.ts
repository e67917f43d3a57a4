/**
 * How one required concept is met by the best of a firm's capabilities. The lexicon says how
 * two concepts are related; this turns that into credit and a verdict:
 *  - the very concept or a special case of it (热模锻 for 锻造, IATF 16949 for ISO 9001) meets it;
 *  - a sibling in one family (镀铬 for 镀锌, Q235 for 40Cr) meets it with partial credit;
 *  - a generic claim (锻造 for 热模锻) meets it with partial credit, fading with each level; an
 *    umbrella claim (「机械加工」 for 滚齿, 「铸造」 for 壳型铸造) is too vague beyond its own children;
 *  - for a certificate only holding it or an including one counts: ISO 9001 is no IATF 16949.
 * Evidence confidence scales the credit; implied materials never meet a need on their own.
 * Relations and depths are memoised per pair and per lexicon: thousands of firms hold the same few
 * hundred concepts.
 */
import type { Lexicon } from '../../search/lexicon/types.ts';
import { perLexicon } from './per-lexicon.ts';
import type { MatchingConfig } from './weights.ts';
import { certificateQualifiers, classVerdict } from './certificate-class.ts';
import type { HeldCapability, Relation, Requirement, RequirementFit } from './types.ts';

interface KinshipMemo {
  /** required id → held id → relation; nested so the hot loop builds no key strings. */
  relation: Map<string, Map<string, Relation>>;
  depth: Map<string, number>;
  family: Map<string, boolean>;
}
const memoOf = perLexicon<KinshipMemo>(() => ({ relation: new Map(), depth: new Map(), family: new Map() }));

/** The remembered relations of held concepts to one required concept. */
function relationsTo(lexicon: Lexicon, requiredId: string): Map<string, Relation> {
  const memo = memoOf(lexicon).relation;
  let forRequired = memo.get(requiredId);
  if (!forRequired) {
    forRequired = new Map();
    memo.set(requiredId, forRequired);
  }
  return forRequired;
}

/** The lexicon's kinship, with unknown ('~') wordings related only to the very same wording. */
export function relationOf(lexicon: Lexicon, heldId: string, requiredId: string, known?: Map<string, Relation>): Relation {
  if (heldId === requiredId) return 'same';
  const forRequired = known ?? relationsTo(lexicon, requiredId);
  let relation = forRequired.get(heldId);
  if (relation === undefined) {
    relation = heldId.startsWith('~') || requiredId.startsWith('~') ? 'none' : lexicon.related(heldId, requiredId);
    forRequired.set(heldId, relation);
  }
  return relation;
}

/** Fewest 'broader' steps from a concept up to one of its ancestors (1 = direct parent). */
export function levelsBetween(lexicon: Lexicon, narrowId: string, broadId: string): number {
  const depthMemo = memoOf(lexicon).depth;
  const key = `${narrowId}|${broadId}`;
  const known = depthMemo.get(key);
  if (known !== undefined) return known;
  let frontier = [narrowId];
  const seen = new Set(frontier);
  let depth = 0;
  let found = Infinity;
  while (frontier.length > 0 && found === Infinity && depth < 12) {
    depth++;
    const next: string[] = [];
    for (const id of frontier) {
      for (const parent of lexicon.concept(id)?.broader ?? []) {
        if (parent === broadId) found = depth;
        if (!seen.has(parent)) { seen.add(parent); next.push(parent); }
      }
    }
    frontier = next;
  }
  if (depthMemo.size < 500_000) depthMemo.set(key, found);
  return found;
}

function isUmbrella(lexicon: Lexicon, id: string): boolean {
  return lexicon.concept(id)?.umbrella ?? false;
}

/** Confidence 1 keeps the full credit; weaker evidence keeps part of it. */
export function evidenceFactor(confidence: number): number {
  return 0.4 + 0.6 * Math.max(0, Math.min(1, confidence));
}

/**
 * How many levels down an umbrella claim still meets a need (with low credit, flagged as loose):
 * 「挤压成型」 covers 铝型材挤压 and a firm writing 「钢」 works Q235, but 「机械加工」-style claims
 * say nothing of a specialist trade two levels down.
 */
const UMBRELLA_REACH = { process: 1, part: 1, material: 3, certification: 0 } as const;
const MIN_CONFIDENCE_TO_MEET = 0.3;

/** What a material of a related family (a cousin, not a sibling) keeps of the sibling credit. */
const RELATED_FAMILY_SHARE = 0.55;

/** Both concepts sit directly under one shared (non-umbrella) parent: one family of grades. */
export function sameFamily(lexicon: Lexicon, heldId: string, requiredId: string): boolean {
  const familyMemo = memoOf(lexicon).family;
  const key = `${heldId}|${requiredId}`;
  let known = familyMemo.get(key);
  if (known === undefined) {
    const heldParents = new Set(lexicon.concept(heldId)?.broader ?? []);
    known = (lexicon.concept(requiredId)?.broader ?? []).some((p) => heldParents.has(p) && !lexicon.concept(p)?.umbrella);
    if (familyMemo.size < 100_000) familyMemo.set(key, known);
  }
  return known;
}

interface Judged { credit: number; met: boolean; classVerdict?: 'different' | 'unstated' }
const NO_FIT: Judged = { credit: 0, met: false };

const heldQualifiers = (held: HeldCapability) => held.qualifiers ?? certificateQualifiers(held.wording);

function judge(lexicon: Lexicon, relation: Relation, held: HeldCapability, requirement: Requirement, config: MatchingConfig): Judged {
  if (relation === 'none') return NO_FIT;
  let credit = config.relationCredit[relation];
  let met = true;
  if (relation === 'broader') {
    const levels = levelsBetween(lexicon, requirement.conceptId, held.conceptId);
    credit *= levels <= 1 ? 1 : levels === 2 ? 0.85 : 0.7;
    if (isUmbrella(lexicon, held.conceptId)) {
      credit *= 0.6;
      met = levels <= UMBRELLA_REACH[requirement.kind];
    }
  }
  // Materials are graded: the grade (or an equivalent, one concept) > the same family (Q235 for Q275,
  // both 碳钢) > a related family (HT250 for QT450: grey and ductile iron, both 铸铁), which still
  // works the material by the labels' rule but ranks below and is named as such in the reasons.
  if (requirement.kind === 'material' && relation === 'sibling' && !sameFamily(lexicon, held.conceptId, requirement.conceptId)) credit *= RELATED_FAMILY_SHARE;
  if (requirement.kind === 'certification' && (relation === 'broader' || relation === 'sibling')) {
    credit = Math.min(credit, 0.3);
    met = false;
  }
  if (held.evidence === 'similar' || held.evidence === 'fuzzy') credit = Math.min(credit, config.relationCredit.similar);
  credit *= evidenceFactor(held.confidence) * evidenceFactor(requirement.confidence);
  met &&= held.evidence !== 'implied' && held.confidence >= MIN_CONFIDENCE_TO_MEET;
  // a licence asked in a class (A2, CL1, 压力容器) is met only by that class; one held without a class is to be asked
  if (requirement.kind === 'certification' && met) {
    const verdict = classVerdict(requirement.qualifiers ?? [], heldQualifiers(held));
    if (verdict === 'different') return { credit: Math.min(credit, 0.3), met: false, classVerdict: verdict };
    if (verdict === 'unstated') return { credit: credit * 0.6, met: false, classVerdict: verdict };
  }
  return { credit, met };
}

export function fitRequirement(lexicon: Lexicon, requirement: Requirement, held: readonly HeldCapability[], config: MatchingConfig): RequirementFit {
  // Hot loop (thousands of firms per request): track the best in locals, allocate one result.
  let bestHeld: HeldCapability | null = null;
  let bestRelation: Relation = 'none';
  let bestCredit = 0;
  let bestMet = false;
  let bestVerdict: Judged['classVerdict'];
  const known = relationsTo(lexicon, requirement.conceptId);
  for (const h of held) {
    const relation = relationOf(lexicon, h.conceptId, requirement.conceptId, known);
    if (relation === 'none') continue;
    const { credit, met, classVerdict: verdict } = judge(lexicon, relation, h, requirement, config);
    if (Number(met) > Number(bestMet) || (met === bestMet && credit > bestCredit)) {
      bestHeld = h; bestRelation = relation; bestCredit = credit; bestMet = met; bestVerdict = verdict;
    }
  }
  const uncertain = bestHeld !== null && (bestHeld.evidence === 'similar' || bestHeld.evidence === 'fuzzy' || bestHeld.evidence === 'implied'
    || bestHeld.evidence === 'contains' || (bestRelation === 'broader' && isUmbrella(lexicon, bestHeld.conceptId)));
  return { requirement, relation: bestRelation, credit: bestCredit, held: bestHeld, met: bestMet, uncertain, ...(bestVerdict ? { classVerdict: bestVerdict } : {}) };
}
