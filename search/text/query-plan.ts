/**
 * What the user typed, as plain data both backends translate: an AND of terms, each term an
 * OR of phrases. User input never reaches a query language: it only ever becomes tokens
 * (letters, digits, ideographs), so 'AND', '*', '"', '-钢' or 2,000 characters of junk are
 * just words or nothing.
 *
 * A term that is a known wording in the lexicon expands to every wording of its concept
 * (压铸 ≈ 高压铸造 ≈ die casting). Expansions that are a single ideograph or a bare number
 * (钢, 6061) are dropped unless typed as such: inside 钢板's expansion, 钢 would match every
 * steel firm — the same rule the lexicon applies when it scans free text.
 */
import { createHash } from 'node:crypto';
import type { Lexicon } from '../lexicon.ts';
import { containsPhrase } from './phrase-matcher.ts';
import { isShortPhrase, tokenTexts } from './tokenize.ts';

export type QueryLexicon = Pick<Lexicon, 'expandTerm'>;

export const MAX_QUERY_CHARS = 200;
export const MAX_TERMS = 8;
const MAX_PHRASES_PER_TERM = 40;
const MAX_WORDS_PER_WORDING = 4;

export interface QueryTerm {
  /** As typed (adjacent words merged when they form one wording or code). */
  text: string;
  /** Its own tokens: matches of these rank and highlight first. */
  literal: string[];
  /** Any one of these phrases satisfies the term; none contains another. */
  phrases: string[][];
  /** Every wording's phrase, longer ones included, so a highlight marks 高压铸造 whole rather than its 压铸. */
  wordings: string[][];
  /** For a known wording: the concept-group token Meilisearch documents carry (see concept-groups.ts). */
  group: string | null;
}

export interface QueryPlan {
  terms: QueryTerm[];
  /** Every literal token of the query, space-joined: a title equal to it is an exact hit. */
  exact: string;
  /** Nothing typed: browse by filters alone. */
  blank: boolean;
  /** Something typed but no searchable token in it: matches nothing. */
  void: boolean;
}

/** The phrases of a concept's wordings: tokenised, short ones dropped (except `keepShort`), minimal. */
export function expansionPhrases(wordings: readonly string[], keepShort: readonly string[] | null): string[][] {
  const seen = new Set<string>();
  const phrases: string[][] = [];
  const push = (tokens: string[]) => {
    const key = tokens.join(' ');
    if (tokens.length === 0 || seen.has(key)) return;
    seen.add(key);
    phrases.push(tokens);
  };
  if (keepShort) push([...keepShort]);
  for (const w of wordings) {
    const tokens = tokenTexts(w);
    if (!isShortPhrase(tokens)) push(tokens);
  }
  // A phrase containing another adds no match: 铝合金压铸 is found by 压铸 already.
  const minimal = phrases.filter((p, i) => !phrases.some((q, j) => j !== i && q.length < p.length && containsPhrase(p, q)));
  minimal.sort((a, b) => a.length - b.length || a.join(' ').localeCompare(b.join(' ')));
  return minimal.slice(0, MAX_PHRASES_PER_TERM);
}

/** A fixed-length, prefix-free token naming a set of phrases: same phrases, same token. */
export function groupToken(phrases: readonly string[][]): string {
  const identity = phrases.map((p) => p.join(' ')).sort().join('|');
  return `g${createHash('sha1').update(identity).digest('hex').slice(0, 15)}`;
}

/** A known wording as a term; `wordings` is what lexicon.expandTerm returned for it. */
export function knownTerm(text: string, wordings: readonly string[]): QueryTerm | null {
  const literal = tokenTexts(text);
  if (literal.length === 0) return null;
  const phrases = expansionPhrases(wordings, isShortPhrase(literal) ? literal : null);
  if (phrases.length === 0) return literalTerm(text);
  const all = wordings.slice(0, MAX_PHRASES_PER_TERM).map((w) => tokenTexts(w))
    .filter((w) => phrases.some((p) => p.length < w.length && containsPhrase(w, p)));
  return { text, literal, phrases, wordings: all, group: groupToken(phrases) };
}

function literalTerm(text: string): QueryTerm | null {
  const literal = tokenTexts(text);
  return literal.length === 0 ? null : { text, literal, phrases: [literal], wordings: [], group: null };
}

const IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/u;
const SPLIT_WORDS = /[\s,，、;；|]+/u;

/** 'GB/T' + '5782', 'IATF' + '16949': a number right after letters or a slash belongs to them. */
function mergeCodes(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const prev = out[out.length - 1];
    if (prev !== undefined && /[A-Za-zＡ-Ｚａ-ｚ/／]$/u.test(prev) && /^[0-9０-９]/u.test(w)) out[out.length - 1] = `${prev} ${w}`;
    else out.push(w);
  }
  return out;
}

/** An unknown word mixing a code and Chinese ('M8螺栓', 'ADC12压铸') is read as its parts. */
function scriptParts(word: string): string[] {
  const parts = word.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/gu) ?? [];
  return parts.length > 1 && IDEOGRAPH.test(word) ? parts : [word];
}

export function planQuery(input: string, lexicon: QueryLexicon): QueryPlan {
  const clipped = input.slice(0, MAX_QUERY_CHARS);
  if (clipped.trim() === '') return { terms: [], exact: '', blank: true, void: false };
  const words = mergeCodes(clipped.split(SPLIT_WORDS).filter((w) => w !== ''));
  const terms: QueryTerm[] = [];
  const add = (term: QueryTerm | null) => {
    if (term && !terms.some((t) => t.literal.join(' ') === term.literal.join(' '))) terms.push(term);
  };
  const expand = (text: string) => (tokenTexts(text).length === 0 ? [] : lexicon.expandTerm(text));

  for (let i = 0; i < words.length && terms.length < MAX_TERMS;) {
    let taken = 0;
    for (let n = Math.min(MAX_WORDS_PER_WORDING, words.length - i); n >= 1 && taken === 0; n--) {
      const text = words.slice(i, i + n).join(' ');
      const wordings = expand(text);
      if (wordings.length > 0) { add(knownTerm(text, wordings)); taken = n; }
    }
    if (taken === 0) {
      for (const part of scriptParts(words[i]!)) {
        const wordings = part === words[i] ? [] : expand(part);
        add(wordings.length > 0 ? knownTerm(part, wordings) : literalTerm(part));
      }
      taken = 1;
    }
    i += taken;
  }
  const kept = terms.slice(0, MAX_TERMS);
  return { terms: kept, exact: kept.flatMap((t) => t.literal).join(' '), blank: false, void: kept.length === 0 };
}
