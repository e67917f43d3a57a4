/**
 * A query plan and filters as one FTS5 MATCH expression. Phrases are built from tokens only
 * (letters, digits, ideographs — see tokenize.ts), so they can be quoted without escaping and
 * no user text is ever read as FTS5 syntax. A phrase goes to the bigram columns when its
 * ideograph runs allow (tokenize.ts, fitsBigrams), to the per-character columns otherwise. Filter values become opaque tag tokens in the
 * `tags` column, so filtering is an index intersection rather than a scan.
 */
import { FACET_FIELDS, SEARCH_TYPES, type FacetField, type FacetValues, type SearchDocument, type SearchType } from '../search-index.ts';
import type { QueryPlan } from '../text/query-plan.ts';
import { bigramForm, fitsBigrams } from '../text/tokenize.ts';

const FIELD_CODES: Record<FacetField | 'type', string> = { type: 't', kind: 'k', chain: 'c', region: 'r', tier: 'i', cert: 'z' };
/** Every document carries it, so "everything" is a MATCH too. */
export const ALL_TAG = 'xall';

/** A filter value as a token: x + field code + the value's UTF-8 in hex (any value, one token). */
export function tagToken(field: FacetField | 'type', value: string): string {
  return `x${FIELD_CODES[field]}${Buffer.from(value, 'utf8').toString('hex')}`;
}

export function documentTags(doc: Pick<SearchDocument, 'type' | 'facets'>): string {
  const tags = [ALL_TAG, tagToken('type', doc.type)];
  for (const field of FACET_FIELDS) for (const v of doc.facets[field] ?? []) tags.push(tagToken(field, v));
  return tags.join(' ');
}

const phrase = (tokens: readonly string[]) => `"${tokens.join(' ')}"`;
const anyOf = (items: string[]) => (items.length === 1 ? items[0]! : `(${items.join(' OR ')})`);

type Field = 'title' | 'body' | 'both';
const COLUMNS: Record<Field, { chars: string; pairs: string; groups: string }> = {
  title: { chars: '{title}', pairs: '{title_bigrams}', groups: '{title_groups}' },
  body: { chars: '{body}', pairs: '{body_bigrams}', groups: '{body_groups}' },
  both: { chars: '{title body}', pairs: '{title_bigrams body_bigrams}', groups: '{title_groups body_groups}' },
};

/** Whether the index carries a concept-group token (ConceptGroups.has); without it, terms go as phrases. */
export type HasGroup = (token: string) => boolean;

/** A term: its concept-group token when the index carries it (the same documents as its phrases), else its phrases. */
function termIn(term: QueryPlan['terms'][number], field: Field, hasGroup: HasGroup): string {
  return term.group && hasGroup(term.group) ? `${COLUMNS[field].groups} : ${phrase([term.group])}` : phrasesIn(term.phrases, field);
}

/** Any of these phrases in the field: in the bigram columns where they fit, the per-character ones otherwise. */
function phrasesIn(phrases: readonly string[][], field: Field): string {
  const pairs = phrases.filter(fitsBigrams).map((p) => phrase(bigramForm(p)));
  const chars = phrases.filter((p) => !fitsBigrams(p)).map(phrase);
  const parts: string[] = [];
  if (pairs.length > 0) parts.push(`${COLUMNS[field].pairs} : ${anyOf(pairs)}`);
  if (chars.length > 0) parts.push(`${COLUMNS[field].chars} : ${anyOf(chars)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** The term as typed, in the body: the one ranking signal rank.ts may ask the index for. */
export function bodyLiteralExpression(literal: string[]): string {
  return phrasesIn([literal], 'body');
}

export function textExpression(plan: QueryPlan, hasGroup: HasGroup = () => false): string | null {
  if (plan.terms.length === 0) return null;
  return plan.terms.map((t) => termIn(t, 'both', hasGroup)).join(' AND ');
}

/**
 * The same filter as matchExpression's tags, read from a document's own type and facets: a query
 * without words tests documents this way (one read of many rows) instead of one index seek each.
 */
export interface FieldFilter {
  /** the one type asked for, or null: read with the documents, so the others are never fetched */
  type: string | null;
  /** the facet filters, on a fetched document of that type */
  accepts(facets: FacetValues): boolean;
}

export function filterTest(filters: FacetValues = {}, types: readonly SearchType[] = []): FieldFilter {
  const distinctTypes = [...new Set(types)];
  const wanted = FACET_FIELDS.map((field) => [field, new Set(filters[field] ?? [])] as const).filter(([, values]) => values.size > 0);
  return {
    type: distinctTypes.length === 1 ? distinctTypes[0]! : null,
    accepts: (facets) => wanted.every(([field, values]) => (facets[field] ?? []).some((v) => values.has(v))),
  };
}

/**
 * Does the expression intersect several doclists (AND, or NOT)? Counting its matches then costs as
 * much as finding them all.
 */
export const intersects = (expression: string): boolean => expression.includes(' AND ') || expression.includes(' NOT ');

/**
 * The type most documents have (a firm posts many listings). Asked for with other conditions and read
 * newest first, it is written as "not any other type" — the same documents, as every document has
 * exactly one type — since intersecting its doclist (nearly every document) costs more than excluding
 * the short ones: 压铸 + chain + kind of listings at 1M, newest 1,001 in 4.5 ms with the listing tag,
 * 1.9 ms without. Read from the oldest, the tag stays: firms imported in a block before their listings
 * would each be passed over one by one (2 ms for chain=auto), where the tag's first rowid skips them all.
 * Were firms the many, this would be slower, never wrong.
 */
const COMMON_TYPE: SearchType = 'listing';

/** Which end of the rowids a query reads from: the candidate stream newest first, seeks for the oldest match and match sets from the oldest. */
export type ReadFrom = 'newest' | 'oldest';

export function matchExpression(plan: QueryPlan, filters: FacetValues = {}, types: readonly SearchType[] = [], hasGroup: HasGroup = () => false,
  readFrom: ReadFrom = 'newest'): string {
  const parts: string[] = [];
  const text = textExpression(plan, hasGroup);
  if (text) parts.push(text);
  for (const field of FACET_FIELDS) {
    const values = [...new Set(filters[field] ?? [])];
    if (values.length > 0) parts.push(`tags : ${anyOf(values.map((v) => phrase([tagToken(field, v)])))}`);
  }
  const distinctTypes = [...new Set(types)];
  const type = distinctTypes.length === 1 ? distinctTypes[0]! : null;
  if (type === COMMON_TYPE && parts.length > 0 && readFrom === 'newest') {
    const others = SEARCH_TYPES.filter((t) => t !== type).map((t) => phrase([tagToken('type', t)]));
    // parenthesised: NOT binds tighter than AND, and excluding from the last part alone walks its every early match
    return `(${parts.join(' AND ')}) NOT tags : ${anyOf(others)}`;
  }
  if (type) parts.splice(text ? 1 : 0, 0, `tags : ${phrase([tagToken('type', type)])}`);
  if (parts.length === 0) parts.push(`tags : ${phrase([ALL_TAG])}`);
  return parts.join(' AND ');
}
