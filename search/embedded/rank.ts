/**
 * Relevance for the embedded index over the capped candidate set: an exact name/title first,
 * then, term by term, found in the title as typed (40), in the title through a synonym (24), in
 * the body as typed (8); shorter documents, then newer ones, break ties.
 *
 * Title signals are read from the candidates' titles (short, streamed with them). The body
 * signal comes from the index for one-word queries and dense candidate windows (an FTS5 query
 * over the candidates' rowid window, a seek per doclist); for scattered multi-word queries,
 * whose signal queries would each walk a common word's doclist across most of the index, it is
 * read from the bodies of the best candidates only, until no other can still overtake them.
 * Both read the same tokens, so they agree. FTS5's bm25 would score every match to find the best
 * (54 ms for 加工 over 220k documents).
 */
import { containsPhrase, type PhraseMatcher } from '../text/phrase-matcher.ts';
import { termLevels, termMatcher } from '../text/highlight.ts';
import type { QueryPlan } from '../text/query-plan.ts';
import { tokenTexts } from '../text/tokenize.ts';
import type { CandidateReader, CandidateRow } from './candidates.ts';
import { bodyLiteralExpression } from './match-expression.ts';

const WEIGHT = { exactTitle: 1000, titleLiteral: 40, titleSynonym: 24, bodyLiteral: 8 } as const;
/** Rowids per candidate up to which a multi-word query's window is dense enough for index signals. */
const DENSE = 4;
/** Bodies read at a time while the best candidates are settled. */
const BODY_BATCH = 100;

interface Scored { row: CandidateRow; score: number }
const better = (a: Scored, b: Scored) => b.score - a.score || b.row.created_at - a.row.created_at || b.row.id - a.row.id;

/** What a title alone says: whether it is the query exactly, and per term, 0 absent, 1 through a synonym, 2 as typed. */
interface TitleSignals { exact: boolean; levels: Uint8Array }

function titleSignals(title: string, plan: QueryPlan, matcher: PhraseMatcher<number>): TitleSignals {
  const tokens = tokenTexts(title);
  return { exact: plan.exact !== '' && tokens.join(' ') === plan.exact, levels: termLevels(tokens, matcher, plan.terms.length) };
}

/** Candidates best first; the first `wanted` are exact, the rest follow in a good order. */
export function byRelevance(reader: CandidateReader, plan: QueryPlan, rows: readonly CandidateRow[], wanted: number): CandidateRow[] {
  if (rows.length === 0) return [];
  const matcher = termMatcher(plan);
  const n = plan.terms.length;
  // The literal counts in the body only where it is itself a match (it contains one of the term's phrases).
  const literals = plan.terms.map((t) => (t.phrases.some((p) => containsPhrase(t.literal, p)) ? t.literal : null));
  // Candidates share titles (the same 数控加工 from many firms: 232 distinct among 1,001 for 压铸 at 1M):
  // each title is tokenised and matched once, which also spares the collector its garbage.
  const signals = new Map<string, TitleSignals>();
  const scored: Scored[] = rows.map((row) => {
    let title = signals.get(row.title);
    if (!title) signals.set(row.title, (title = titleSignals(row.title, plan, matcher)));
    const { exact, levels } = title;
    let score = -Math.min(row.body_length, 600) / 300;
    if (exact) score += WEIGHT.exactTitle;
    for (let i = 0; i < n; i++) score += levels[i] === 2 ? WEIGHT.titleLiteral : levels[i] === 1 ? WEIGHT.titleSynonym : 0;
    return { row, score };
  });
  let from = Infinity;
  let to = -Infinity;
  for (const r of rows) { from = Math.min(from, r.id); to = Math.max(to, r.id); }
  if (n === 1 || (to - from + 1) / rows.length <= DENSE) {
    for (const literal of literals) {
      if (!literal) continue;
      const inBody = reader.matchingBetween(bodyLiteralExpression(literal), from, to);
      for (const s of scored) if (inBody.has(s.row.id)) s.score += WEIGHT.bodyLiteral;
    }
    return scored.sort(better).map((s) => s.row);
  }
  return settleFromBodies(reader, scored, literals, wanted).map((s) => s.row);
}

/**
 * Adds the body signal in order of what each candidate could still reach, reading bodies in
 * batches, and stops once the `wanted`-th best is ahead of every candidate not yet read.
 */
function settleFromBodies(reader: CandidateReader, scored: Scored[], literals: (string[] | null)[], wanted: number): Scored[] {
  const forms = literals.map((l) => (l ? ` ${l.join(' ')} ` : null));
  const bonus = WEIGHT.bodyLiteral * forms.filter((f) => f !== null).length;
  const pending = [...scored].sort(better);
  const settled: Scored[] = [];
  while (pending.length > 0) {
    if (settled.length >= wanted) {
      settled.sort(better);
      const last = settled[wanted - 1]!;
      if (last.score > pending[0]!.score + bonus) break;
    }
    const batch = pending.splice(0, BODY_BATCH);
    const bodies = reader.bodies(batch.map((s) => s.row.id));
    for (const s of batch) {
      const form = ` ${tokenTexts(bodies.get(s.row.id) ?? '').join(' ')} `;
      for (const f of forms) if (f && form.includes(f)) s.score += WEIGHT.bodyLiteral;
      settled.push(s);
    }
  }
  return [...settled.sort(better), ...pending];
}

export function byNewest(rows: readonly CandidateRow[]): CandidateRow[] {
  return [...rows].sort((a, b) => b.created_at - a.created_at || b.id - a.id);
}
