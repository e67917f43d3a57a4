/**
 * From factors to a grade and a 0–100 score. The grade follows the labelling rules one by one
 * (3 can supply now / 2 capacity tight / 1 worth cultivating / 0 no fit), so a buyer can trust that a
 * 'ready' firm really has every process, the material, the certificate and the capacity. The
 * score puts each grade in its own band and lets the weighted factors order firms within it:
 * a firm lacking a certificate never outranks one that can deliver today, however close it is.
 * One exception, textual-lead.ts: when the lexicon does not know the part's lead need, cultivate and
 * none share one band below the qualified grades, ordered by the firms' own words.
 */
import type { Factors, Grade, MatchRequest } from './types.ts';
import { weightsFor, type FactorWeights, type MatchingConfig } from './weights.ts';

export const GRADE_BANDS: Record<Grade, [number, number]> = {
  ready: [75, 100], tight: [55, 75], cultivate: [30, 55], none: [0, 30],
};
export const QUALIFIED_GRADES: ReadonlySet<Grade> = new Set<Grade>(['ready', 'tight']);

const allMet = (fits: { met: boolean }[]) => fits.every((f) => f.met);

/** The requirements that decide whether the firm does the work at all. */
function leadFits(factors: Factors) {
  if (factors.process.primary.length > 0) return factors.process.primary;
  if (factors.process.secondary.length > 0) return factors.process.secondary;
  return factors.product.fits;
}

export function gradeOf(factors: Factors): Grade {
  const lead = leadFits(factors);
  if (lead.length === 0 || !lead.some((f) => f.met)) return 'none';
  // Materials listed together are alternatives: working one of them is working the material.
  const materialUnknown = factors.material.fits.length > 0 && !factors.material.stated;
  if (factors.material.fits.length > 0 && factors.material.stated && !factors.material.fits.some((f) => f.met)) return 'none';
  if (factors.capacity.band === 'too_small') return 'none';
  // a routine finishing step (切割, 分切复卷, 检验) the firm does not name is asked about, not held against it
  const processes = allMet([...factors.process.primary, ...factors.process.secondary.filter((f) => !f.requirement.auxiliary)]) && (factors.process.primary.length > 0 || allMet(factors.product.fits));
  const certificates = allMet(factors.certification.fits);
  // an unknown material never makes a firm 'ready': the buyer confirms it first
  if (processes && certificates) return (factors.capacity.band === 'comfortable' || factors.capacity.band === 'not_applicable') && !materialUnknown ? 'ready' : 'tight';
  return processes || certificates ? 'cultivate' : 'none';
}

type Applicable = Record<keyof FactorWeights, boolean>;
const applicableMemo = new WeakMap<MatchRequest, Applicable>();

/** Which factors the request says something about (distance also needs the firm's location). */
export function applicableFactors(request: MatchRequest, factors: Factors): Applicable {
  let base = applicableMemo.get(request);
  if (!base) {
    const has = (kind: string) => request.requirements.some((r) => r.kind === kind);
    base = {
      process: has('process'), material: has('material'), certification: has('certification'), product: has('part'),
      capacity: request.annualValueWan !== null, distance: request.buyerLocation !== null, trackRecord: true, tier: true, text: true,
    };
    applicableMemo.set(request, base);
  }
  const distance = !(base.distance && factors.distance.km === null);
  return distance && factors.text.applicable ? base : { ...base, distance: distance && base.distance, text: factors.text.applicable };
}

const FACTOR_KEYS = ['process', 'material', 'certification', 'product', 'capacity', 'distance', 'trackRecord', 'tier', 'text'] as const;

/** Weighted mean of the applicable factor credits, 0–1. */
export function weightedFit(request: MatchRequest, factors: Factors, config: MatchingConfig): number {
  const weights = weightsFor(config, request.chainId);
  const applicable = applicableFactors(request, factors);
  let total = 0;
  let sum = 0;
  for (const key of FACTOR_KEYS) {
    if (!applicable[key]) continue;
    total += weights[key];
    sum += weights[key] * factors[key].credit;
  }
  return total > 0 ? sum / total : 0;
}

export function scoreOf(grade: Grade, fit: number): number {
  const [low, high] = GRADE_BANDS[grade];
  return Math.round((low + (high - low) * Math.max(0, Math.min(1, fit))) * 10) / 10;
}
