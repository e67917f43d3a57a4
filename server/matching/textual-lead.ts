/**
 * When the lexicon does not know what a part mainly needs (its primary process, or its name when
 * no process is asked), the grade rests on a guess: the lead need is met only where the firm happens
 * to write the buyer's very words, and firms graded on the secondary needs the lexicon does know
 * (退火, 分切, ISO 9001 …) float above the firms that plainly make the part. Then the firms' own
 * words are the best evidence there is, so they order the ranking across the unqualified grades:
 * qualified firms (ready, tight) stay on top, ordered mostly by that evidence, and below them
 * cultivate and none share one band, ordered by text evidence blended with the engine's judgement.
 * The grade itself is left as the engine found it; the reason says the order is textual.
 */
import { normalizeWording } from '../../search/lexicon/normalize.ts';
import { withoutNotes } from './profile-text.ts';
import { GRADE_BANDS, QUALIFIED_GRADES } from './score.ts';
import type { Grade, MatchRequest, Requirement } from './types.ts';

/** The requirements that lead a request: the primary process, else any process, else part, else material. */
export function leadRequirements(request: MatchRequest): Requirement[] {
  const of = (kind: Requirement['kind']) => request.requirements.filter((r) => r.kind === kind);
  const processes = of('process');
  const primary = processes.filter((r) => r.position === 0);
  if (primary.length > 0) return primary;
  for (const group of [processes, of('part'), of('material')]) if (group.length > 0) return group;
  return [];
}

/** A reading below this confidence is the lexicon's guess (a similar or fuzzy wording), not knowledge. */
const GUESSED_BELOW = 0.6;

/** A wording the lexicon did not know, or only guessed at. */
export function isGuessed(r: Requirement): boolean {
  return r.textKey !== undefined && (r.conceptId.startsWith('~') || r.confidence < GUESSED_BELOW);
}

const nameMemo = new WeakMap<MatchRequest, string | null>();
/** Figures, codes and units after the last Chinese character of a name. */
const SPEC_TAIL = /(?<=\p{Script=Han})[^\p{Script=Han}]+$/u;

/**
 * The part's own name, folded, as the words of a firm that makes it (「磷矿浮选捕收剂」, brackets and
 * their notes left out): a firm that lists 浮选捕收剂 among its products makes the part, whatever its
 * process words. Only for a component that asks for processes (without them the name already leads,
 * requirements.ts), and only a name of three characters or more.
 */
export function partNameKey(request: MatchRequest): string | null {
  let key = nameMemo.get(request);
  if (key === undefined) {
    // a size, grade or model after the name is no part of it (「工业甲醛溶液 37%」「机床电主轴 BT40 15000rpm」)
    const name = withoutNotes(request.name);
    const core = normalizeWording(name.replace(SPEC_TAIL, '') || name);
    const asksProcess = request.requirements.some((r) => r.kind === 'process');
    key = request.kind === 'component' && asksProcess && Array.from(core).length >= 3 ? core : null;
    nameMemo.set(request, key);
  }
  return key;
}

const memo = new WeakMap<MatchRequest, Requirement[] | null>();

/** The lead requirements when every one of them is a wording the lexicon did not know; else null. */
export function textualLead(request: MatchRequest): Requirement[] | null {
  let lead = memo.get(request);
  if (lead === undefined) {
    const all = leadRequirements(request);
    lead = all.length > 0 && all.every(isGuessed) ? all : null;
    memo.set(request, lead);
  }
  return lead;
}

const UNQUALIFIED_TOP = GRADE_BANDS.cultivate[1];

/**
 * The score when the lead is textual. `share` (0–1) is how much the firm's text evidence, relative
 * to the best evidence among the candidates (`textShare`), weighs against the engine's own judgement.
 */
export function textLedScore(grade: Grade, fit: number, score: number, textShare: number, share: number): number {
  const round = (x: number) => Math.round(x * 10) / 10;
  if (QUALIFIED_GRADES.has(grade)) {
    const [low, high] = GRADE_BANDS[grade];
    return round(low + (high - low) * ((1 - share) * fit + share * textShare));
  }
  const judged = Math.min(1, score / UNQUALIFIED_TOP);
  return round(UNQUALIFIED_TOP * ((1 - share) * judged + share * textShare));
}

/**
 * 「主工艺"干法复合"词库未收录：按企业自述文字与该件需求的相近程度排序（文字证据，相近度80%，待核实）」;
 * a wording the lexicon only guessed at (「管制拉丝成型」 as 拉丝) is said to be 「词库仅近似识别」.
 */
export function textLedReason(lead: Requirement[], textShare: number): string {
  const words = [...new Set(lead.map((r) => `"${r.wording}"`))].join('、');
  const what = lead[0]!.kind === 'process' ? '主工艺' : lead[0]!.kind === 'part' ? '零件' : '主要需求';
  const known = lead.every((r) => r.conceptId.startsWith('~')) ? '词库未收录' : '词库仅近似识别';
  return `${what}${words}${known}：按企业自述文字与该件需求的相近程度排序（文字证据，相近度${Math.round(textShare * 100)}%，待核实）`;
}
