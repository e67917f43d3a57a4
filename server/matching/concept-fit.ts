/**
 * How one required concept is met by the best of a firm's capabilities. The lexicon says how
 * two concepts are related; this turns that into credit: a special case or an including
 * certificate meets the need, a generic claim or a sibling in the same family half-meets it,
 * and an umbrella (「铸造」 for 压铸) says too little. Evidence confidence scales the credit.
 * Relations are memoised per pair: thousands of firms hold the same few hundred concepts.
 */
import { getLexicon } from '../../search/lexicon.ts';
import type { MatchingConfig } from './weights.ts';
import type { HeldCapability, Relation, Requirement, RequirementFit } from './types.ts';

const relationMemo = new Map<string, Relation>();

/** The lexicon's kinship, with unknown ('~') wordings related only to the very same wording. */
export function relationOf(heldId: string, requiredId: string): Relation {
  if (heldId === requiredId) return 'same';
  if (heldId.startsWith('~') || requiredId.startsWith('~')) return 'none';
  const key = `${heldId}|${requiredId}`;
  let relation = relationMemo.get(key);
  if (relation === undefined) {
    relation = getLexicon().related(heldId, requiredId);
    if (relationMemo.size < 500_000) relationMemo.set(key, relation);
  }
  return relation;
}

/** A generic claim that is an umbrella (「铸造」, 「表面处理」) names a whole field of distinct trades. */
function isUmbrella(id: string): boolean {
  return getLexicon().concept(id)?.umbrella ?? false;
}

/** Confidence 1 keeps the full credit; weaker evidence keeps part of it. */
export function evidenceFactor(confidence: number): number {
  return 0.4 + 0.6 * Math.max(0, Math.min(1, confidence));
}

export function fitRequirement(requirement: Requirement, held: readonly HeldCapability[], config: MatchingConfig): RequirementFit {
  let best: RequirementFit = { requirement, relation: 'none', credit: 0, held: null, met: false, uncertain: false };
  for (const h of held) {
    const relation = relationOf(h.conceptId, requirement.conceptId);
    if (relation === 'none') continue;
    let base = config.relationCredit[relation];
    if (relation === 'broader' && isUmbrella(h.conceptId)) base *= 0.5;
    // A certificate is held or not: ISO 9001 does not half-meet IATF 16949, it only shows a quality system.
    if (requirement.kind === 'certification' && (relation === 'broader' || relation === 'sibling')) base = Math.min(base, 0.3);
    if (h.evidence === 'similar' || h.evidence === 'fuzzy') base = Math.min(base, config.relationCredit.similar);
    const credit = base * evidenceFactor(h.confidence) * evidenceFactor(requirement.confidence);
    if (credit > best.credit) {
      best = {
        requirement, relation, credit, held: h,
        met: credit >= config.metCredit && h.evidence !== 'implied',
        uncertain: h.evidence === 'similar' || h.evidence === 'fuzzy' || h.evidence === 'implied' || h.evidence === 'contains',
      };
    }
  }
  return best;
}
