/**
 * The ranking API. rankSuppliers scores the eligible candidates of a request and orders them;
 * matchComponent adds the answer a buyer needs when nothing local qualifies: say so plainly and
 * offer the best firms of the 襄十随神 cluster and beyond as attraction (招引) targets, explained
 * the same way. Pure functions over snapshots and the lexicon they are given; the MatchingIndex
 * only narrows the candidates (and passes its own lexicon).
 */
import type { Lexicon } from '../../search/lexicon/types.ts';
import { ineligibility } from './eligibility.ts';
import { computeFactors, type TextLikeness } from './factors.ts';
import { explain } from './reasons.ts';
import { QUALIFIED_GRADES, gradeOf, scoreOf, weightedFit } from './score.ts';
import type { CandidateMark, CandidateProfile, Factors, Grade, MatchRequest, MatchResult, RankedSupplier, Requirement, Scope, TrackRecords } from './types.ts';
import { MARK_REASON_LABEL } from '../vocabulary.ts';
import { DEFAULT_MATCHING_CONFIG, type MatchingConfig } from './weights.ts';
import { textLedReason, textLedScore, textualLead } from './textual-lead.ts';

export interface RankOptions {
  scope?: Scope;
  /** How many results to return (all when omitted). */
  limit?: number;
  config?: MatchingConfig;
  /** Supplier id → deals so far; empty until the deal pipeline feeds it. */
  trackRecords?: TrackRecords;
  /** Keep firms graded 'none' in the answer (default true: the page shows why they fall short). */
  includeUnfit?: boolean;
  /** Text likeness of a request and a firm (the MatchingIndex's): turns it on as a factor. */
  textLikeness?: TextLikeness;
  /** The buyer's 「不合适」 marks on this request's candidates (firm id → reason): those firms rank lower. */
  marks?: ReadonlyMap<number, CandidateMark>;
}

const NO_RECORDS: TrackRecords = new Map();

/** Scored but not yet explained: reasons are written only for the firms a page will show. */
interface Scored {
  candidate: CandidateProfile; factors: Factors; grade: Grade; fit: number; score: number; mark?: CandidateMark;
  /** set when the lead need is textual (textual-lead.ts): the reason that says so */
  textLed?: string;
}

/**
 * The buyer knows better than the profile: a firm marked for the wrong process or material is no
 * fit for this part; marked for another reason, at best worth cultivating.
 */
function markedGrade(grade: Grade, mark: CandidateMark): Grade {
  if (mark.reason === 'process' || mark.reason === 'material') return 'none';
  return grade === 'none' ? 'none' : 'cultivate';
}

function scored(lexicon: Lexicon, request: MatchRequest, candidate: CandidateProfile, config: MatchingConfig, trackRecords: TrackRecords, marks?: ReadonlyMap<number, CandidateMark>, textLikeness?: TextLikeness): Scored {
  const factors = computeFactors(lexicon, request, candidate, config, trackRecords, textLikeness);
  const fit = weightedFit(request, factors, config);
  const mark = marks?.get(candidate.enterpriseId);
  const grade = mark ? markedGrade(gradeOf(factors), mark) : gradeOf(factors);
  return { candidate, factors, grade, fit, score: scoreOf(grade, fit), ...(mark ? { mark } : {}) };
}

function explained(lexicon: Lexicon, s: Scored): RankedSupplier {
  const { candidate: c, factors, grade, score, mark } = s;
  const { reasons, missing } = explain(lexicon, c, factors);
  if (s.textLed) reasons.unshift(s.textLed);
  if (mark) missing.unshift(`采购方已标记不合适：${MARK_REASON_LABEL[mark.reason]}${mark.note ? `（${mark.note}）` : ''}`);
  return {
    enterpriseId: c.enterpriseId, uscc: c.uscc, name: c.name, regionName: c.regionName, regionKind: c.regionKind,
    score, grade, factors, reasons, missing, ...(mark ? { mark } : {}),
  };
}

/** Grade and score only, for deciding whether a change to a firm can move a ranking. */
export function gradeAndScore(lexicon: Lexicon, request: MatchRequest, candidate: CandidateProfile, config: MatchingConfig = DEFAULT_MATCHING_CONFIG): { grade: Grade; score: number } {
  const s = scored(lexicon, request, candidate, config, NO_RECORDS);
  return { grade: s.grade, score: s.score };
}

/** One candidate scored and explained, eligibility aside. */
export function scoreCandidate(lexicon: Lexicon, request: MatchRequest, candidate: CandidateProfile, config: MatchingConfig = DEFAULT_MATCHING_CONFIG,
  trackRecords: TrackRecords = NO_RECORDS): RankedSupplier {
  return explained(lexicon, scored(lexicon, request, candidate, config, trackRecords));
}

function byRank(a: Scored, b: Scored): number {
  return b.score - a.score
    || b.fit - a.fit
    || (a.factors.distance.km ?? Infinity) - (b.factors.distance.km ?? Infinity)
    || a.candidate.enterpriseId - b.candidate.enterpriseId;
}

/** Every admitted candidate scored and sorted, best first; nothing explained yet. */
function scoreAll(lexicon: Lexicon, request: MatchRequest, candidates: Iterable<CandidateProfile>, options: RankOptions,
  admit: (c: CandidateProfile) => boolean): Scored[] {
  const config = options.config ?? DEFAULT_MATCHING_CONFIG;
  const records = options.trackRecords ?? NO_RECORDS;
  const out: Scored[] = [];
  for (const c of candidates) {
    if (!admit(c)) continue;
    const s = scored(lexicon, request, c, config, records, options.marks, options.textLikeness);
    if (options.includeUnfit === false && s.grade === 'none') continue;
    out.push(s);
  }
  const lead = textualLead(request);
  if (lead && options.textLikeness) orderByText(request, out, lead, config, options.textLikeness);
  return out.sort(byRank);
}

/**
 * The lead need is a wording the lexicon does not know: the firms' own words, against the best of
 * them, order the ranking across the unqualified grades (textual-lead.ts).
 */
function orderByText(request: MatchRequest, all: Scored[], lead: Requirement[], config: MatchingConfig, likeness: TextLikeness): void {
  // what the part is and how it is made, in the firm's words; certificates are the grade's business
  const evidence = all.map((s) => likeness(request, s.candidate, 'work'));
  const best = Math.max(0, ...evidence);
  if (best <= 0) return;
  all.forEach((s, i) => {
    // the buyer's 「不合适」 outweighs any wording
    const share = s.mark ? 0 : evidence[i]! / best;
    s.score = textLedScore(s.grade, s.fit, s.score, share, config.textLeadShare);
    s.textLed = textLedReason(lead, share);
  });
}

const top = (lexicon: Lexicon, all: Scored[], limit: number | undefined) =>
  (limit === undefined ? all : all.slice(0, limit)).map((s) => explained(lexicon, s));

function rankWhere(lexicon: Lexicon, request: MatchRequest, candidates: Iterable<CandidateProfile>, options: RankOptions,
  admit: (c: CandidateProfile) => boolean): RankedSupplier[] {
  return top(lexicon, scoreAll(lexicon, request, candidates, options, admit), options.limit);
}

/** Eligible candidates in scope, best first. */
export function rankSuppliers(lexicon: Lexicon, request: MatchRequest, candidates: Iterable<CandidateProfile>, options: RankOptions = {}): RankedSupplier[] {
  const scope = options.scope ?? 'local';
  return rankWhere(lexicon, request, candidates, options, (c) => ineligibility(request, c, scope) === null);
}

export function isQualified(s: RankedSupplier): boolean {
  return QUALIFIED_GRADES.has(s.grade);
}

const WIDER: Record<Scope, Scope | null> = { local: 'all', cluster: 'all', all: null };
const SCOPE_TEXT: Record<Scope, string> = { local: '市内', cluster: '市内及襄十随神城市群', all: '所有地区' };

/**
 * The whole answer for a component or listing: ranked matches in scope, whether any qualifies,
 * and — when none does — attraction targets from outside the scope (cluster first, then beyond).
 */
export function matchComponent(lexicon: Lexicon, request: MatchRequest, candidates: Iterable<CandidateProfile>, options: RankOptions = {}): MatchResult {
  const scope = options.scope ?? 'local';
  const config = options.config ?? DEFAULT_MATCHING_CONFIG;
  const pool = Array.isArray(candidates) ? (candidates as CandidateProfile[]) : [...candidates];
  const all = scoreAll(lexicon, request, pool, options, (c) => ineligibility(request, c, scope) === null);
  const qualifiedCount = all.filter((s) => QUALIFIED_GRADES.has(s.grade)).length;
  const readyCount = all.filter((s) => s.grade === 'ready').length;
  const matches = top(lexicon, all, options.limit);
  let attractionTargets: RankedSupplier[] = [];
  const wider = WIDER[scope];
  if (qualifiedCount === 0 && wider) {
    attractionTargets = rankWhere(lexicon, request, pool, { ...options, limit: undefined, includeUnfit: false }, (c) =>
      ineligibility(request, c, wider) === null && ineligibility(request, c, scope) === 'out_of_scope')
      .sort((a, b) => Number(isQualified(b)) - Number(isQualified(a)) || Number(b.regionKind === 'cluster') - Number(a.regionKind === 'cluster') || b.score - a.score)
      .slice(0, config.attractionTargets);
  }
  return {
    request: { kind: request.kind, id: request.id, ref: request.ref, name: request.name },
    scope, qualifiedLocal: qualifiedCount > 0, qualifiedCount, matches, attractionTargets,
    summary: summaryText(scope, qualifiedCount, readyCount, matches, attractionTargets),
  };
}

function summaryText(scope: Scope, qualified: number, ready: number, matches: RankedSupplier[], targets: RankedSupplier[]): string {
  const where = SCOPE_TEXT[scope];
  if (qualified > 0) return `${where}有${qualified}家企业可以配套，其中${ready}家可立即供货。`;
  const nearest = matches.find((s) => s.grade === 'cultivate');
  const gap = nearest ? `最接近的是${nearest.name}（${nearest.missing.slice(0, 2).join('；')}），可重点培育。` : '';
  const attract = targets.length > 0 ? `建议招引：${targets.slice(0, 3).map((t) => `${t.name}（${t.regionName}）`).join('、')}。` : '其他地区也未找到合适企业。';
  return `${where}暂无合格配套企业。${gap}${attract}`;
}
