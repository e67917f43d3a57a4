/**
 * Where a query's terms occur in a document's own text: for ranking (which terms, literally
 * or through a synonym, in the title or the body) and for the highlighted snippet. Works on
 * the same tokens as the index, so what is marked is what matched.
 */
import { escapeHtml } from './escape-html.ts';
import { containsPhrase, PhraseMatcher } from './phrase-matcher.ts';
import type { QueryPlan } from './query-plan.ts';
import { tokenize, type Token } from './tokenize.ts';

/** Values are term index × 2, plus 1 for the term's own (literal) wording. */
export function termMatcher(plan: QueryPlan): PhraseMatcher<number> {
  const matcher = new PhraseMatcher<number>();
  plan.terms.forEach((term, i) => {
    // The literal counts only where it is itself a match (it contains one of the phrases), so a
    // hit of this matcher is always a hit of the index.
    if (term.phrases.some((p) => containsPhrase(term.literal, p))) matcher.add(term.literal, i * 2 + 1);
    for (const p of term.phrases) matcher.add(p, i * 2);
    // Longer wordings contain a phrase, so they only widen the marked span, never add a match.
    for (const w of term.wordings) matcher.add(w, i * 2);
  });
  return matcher;
}

/** Per term: 0 not found in these tokens, 1 found through a synonym, 2 found as typed. */
export function termLevels(tokens: readonly string[], matcher: PhraseMatcher<number>, termCount: number): Uint8Array {
  const levels = new Uint8Array(termCount);
  matcher.visit(tokens, (_start, _end, values) => {
    for (const v of values) {
      const level = (v & 1) === 1 ? 2 : 1;
      if (levels[v >> 1]! < level) levels[v >> 1] = level;
    }
  });
  return levels;
}

export interface FieldMatches {
  /** Per term: 0 none, 1 through a synonym, 2 literally. */
  terms: Uint8Array;
  spans: [number, number][];
  tokens: Token[];
}

export function fieldMatches(text: string, matcher: PhraseMatcher<number>, termCount: number): FieldMatches {
  const tokens = tokenize(text);
  const terms = new Uint8Array(termCount);
  const spans: [number, number][] = [];
  for (const hit of matcher.scan(tokens.map((t) => t.text))) {
    for (const v of hit.values) {
      const term = v >> 1;
      const level = (v & 1) === 1 ? 2 : 1;
      if (terms[term]! < level) terms[term] = level;
    }
    spans.push([tokens[hit.start]!.start, tokens[hit.end - 1]!.end]);
  }
  return { terms, spans: mergeSpans(spans), tokens };
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

const SNIPPET_CHARS = 90;
const LEAD_CHARS = 18;

function clean(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' '));
}

function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

/** The text around its first match, matches in <mark>; null when nothing in it matched. */
export function snippet(text: string, spans: readonly [number, number][], maxChars = SNIPPET_CHARS): string | null {
  const first = spans[0];
  if (!first) return null;
  let from = Math.max(0, first[0] - LEAD_CHARS);
  if (text.length - from < maxChars) from = Math.max(0, text.length - maxChars);
  from = Math.max(0, safeCut(text, from));
  const to = Math.min(text.length, safeCut(text, from + maxChars));
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const [s, e] of spans) {
    if (e <= from || s >= to) continue;
    const start = Math.max(s, from);
    const end = Math.min(e, to);
    out += `${clean(text.slice(at, start))}<mark>${clean(text.slice(start, end))}</mark>`;
    at = end;
  }
  out += clean(text.slice(at, to));
  return (to < text.length ? `${out}…` : out).trim();
}

/** The highlight of a hit: the first field (in the order given) with a match, else the first non-empty field, plain. */
export function highlightFields(fields: readonly string[], plan: QueryPlan, matcher = termMatcher(plan)): string {
  for (const field of fields) {
    if (!field) continue;
    const found = snippet(field, fieldMatches(field, matcher, plan.terms.length).spans);
    if (found) return found;
  }
  const plain = fields.find((f) => f.trim() !== '') ?? '';
  const cut = safeCut(plain, SNIPPET_CHARS);
  return clean(plain.slice(0, cut)).trim() + (plain.length > cut ? '…' : '');
}
