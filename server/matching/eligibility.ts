/**
 * Hard rules applied before any scoring: the scope decides which regions count,
 * the buyer never supplies itself, and a trading house without production of its own is never
 * ranked as able to supply, however well its catalogue reads.
 */
import type { RegionKind } from '../../db/schema.ts';
import type { CandidateProfile, MatchRequest, Scope } from './types.ts';

/** local: the city; cluster: the city and the 襄十随神 cluster; all: anywhere. */
export function inScope(regionKind: RegionKind, scope: Scope): boolean {
  if (scope === 'all') return true;
  if (scope === 'cluster') return regionKind === 'local' || regionKind === 'cluster';
  return regionKind === 'local';
}

export type Ineligibility = 'out_of_scope' | 'buyer' | 'trading';

export const INELIGIBILITY_TEXT: Record<Ineligibility, string> = {
  out_of_scope: '不在所选范围内',
  buyer: '采购方本身',
  trading: '贸易/代理企业，无自有生产',
};

/** Why a firm may not be ranked for this request, or null when it may. */
export function ineligibility(request: Pick<MatchRequest, 'buyerId'>, candidate: CandidateProfile, scope: Scope): Ineligibility | null {
  if (request.buyerId !== null && candidate.enterpriseId === request.buyerId) return 'buyer';
  if (candidate.trading) return 'trading';
  if (!inScope(candidate.regionKind, scope)) return 'out_of_scope';
  return null;
}

export function isEligible(request: Pick<MatchRequest, 'buyerId'>, candidate: CandidateProfile, scope: Scope): boolean {
  return ineligibility(request, candidate, scope) === null;
}
