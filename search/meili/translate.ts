/**
 * Everything the Meilisearch backend says to and hears from the server, as pure functions:
 * documents, settings, the query string, filters, sorts, facets and the hit → result mapping.
 *
 * Chinese recall works as in the embedded index: documents carry their text pre-tokenised (one
 * token per ideograph) and literal terms are sent as quoted phrases. Meilisearch's query has no
 * OR, and it looks synonyms up only for 1–3-word terms, so lexicon expansion travels as concept
 * group tokens (search/text/concept-groups.ts): a known wording is sent as its group's token,
 * which every document containing any of the group's phrases carries.
 */
import type { SearchParams, SearchResponse, Settings, Synonyms } from 'meilisearch';
import {
  emptyFacetCounts, FACET_FIELDS, type FacetCounts, type FacetField, type SearchDocument, type SearchHit,
  type SearchQuery, type SearchResult, type SearchSort, type SearchType,
} from '../search-index.ts';
import type { ConceptGroups } from '../text/concept-groups.ts';
import { highlightFields, termMatcher } from '../text/highlight.ts';
import type { QueryPlan } from '../text/query-plan.ts';
import { indexForm, tokenTexts } from '../text/tokenize.ts';

export const PRIMARY_KEY = 'key';
/** Meilisearch ranks (and pages) this many hits at most, like the embedded index's candidate cap. */
export const MAX_TOTAL_HITS = 1000;
/** Meilisearch fetches synonyms only for terms of up to three words. */
const SYNONYM_KEY_WORDS = 3;

export interface MeiliDocument {
  key: string; type: SearchType; ref: string; title: string; body: string; owner: string | null;
  kind: string[]; chain: string[]; region: string[]; tier: string[]; cert: string[];
  created_at: number; status: 'open' | 'closed'; valid_until: string | null;
  /** YYYYMMDD as a number: Meilisearch compares numbers, not dates. */
  valid_until_day: number | null;
  title_tokens: string; body_tokens: string; groups: string;
  _geo?: { lat: number; lng: number };
}

export const dayNumber = (isoDate: string) => Number(isoDate.slice(0, 10).replaceAll('-', ''));

export function toMeiliDocument(doc: SearchDocument, groups: ConceptGroups): MeiliDocument {
  const out: MeiliDocument = {
    key: doc.key, type: doc.type, ref: doc.ref, title: doc.title, body: doc.body, owner: doc.owner,
    kind: doc.facets.kind ?? [], chain: doc.facets.chain ?? [], region: doc.facets.region ?? [],
    tier: doc.facets.tier ?? [], cert: doc.facets.cert ?? [],
    created_at: doc.createdAt, status: doc.status, valid_until: doc.validUntil,
    valid_until_day: doc.validUntil ? dayNumber(doc.validUntil) : null,
    title_tokens: indexForm(doc.title), body_tokens: indexForm(doc.body), groups: groups.tokensFor(doc.title, doc.body).join(' '),
  };
  if (doc.location) out._geo = { lat: doc.location.lat, lng: doc.location.lng };
  return out;
}

/** The lexicon's synonym groups in the indexed (pre-tokenised) form; keys longer than Meilisearch reads are left out. */
export function meiliSynonyms(groups: readonly string[][]): Synonyms {
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) {
    const forms = [...new Set(group.map((w) => tokenTexts(w).join(' ')).filter((f) => f !== ''))];
    for (const form of forms) {
      if (form.split(' ').length > SYNONYM_KEY_WORDS) continue;
      const others = forms.filter((f) => f !== form);
      if (others.length > 0) synonyms[form] = [...new Set([...(synonyms[form] ?? []), ...others])].slice(0, 50);
    }
  }
  return synonyms;
}

export function meiliSettings(synonymGroups: readonly string[][]): Settings {
  return {
    searchableAttributes: ['title_tokens', 'groups', 'body_tokens'],
    filterableAttributes: ['type', 'kind', 'chain', 'region', 'tier', 'cert', 'status', 'valid_until_day', 'key', 'owner', '_geo'],
    sortableAttributes: ['created_at', '_geo'],
    // An explicit sort (newest, distance) decides first, as it does in the embedded index.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    // Codes and group tokens must match exactly: 'ADC12' is not 'ADC14'.
    typoTolerance: { enabled: false },
    synonyms: meiliSynonyms(synonymGroups),
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: 500 },
  };
}

/** A filter value in double quotes, with the two characters Meilisearch escapes escaped. */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One query term per word: a group token for a known wording, a quoted phrase otherwise. */
export function meiliQueryString(plan: QueryPlan): string {
  return plan.terms.map((t) => t.group ?? `"${t.literal.join(' ')}"`).join(' ');
}

/** AND of these strings: visibility, type, then each facet filter as an OR (IN). */
export function meiliFilter(query: Pick<SearchQuery, 'types' | 'filters' | 'today'>): string[] {
  const out = [`status = "open" AND (valid_until_day IS NULL OR valid_until_day >= ${dayNumber(query.today)})`];
  const types = [...new Set(query.types ?? [])];
  if (types.length === 1) out.push(`type = ${quoteValue(types[0]!)}`);
  for (const field of FACET_FIELDS) {
    const values = [...new Set(query.filters?.[field] ?? [])];
    if (values.length > 0) out.push(`${field} IN [${values.map(quoteValue).join(', ')}]`);
  }
  return out;
}

export function meiliSort(sort: SearchSort | undefined, plan: QueryPlan): string[] | undefined {
  const by = sort?.by ?? (plan.terms.length > 0 ? 'relevance' : 'newest');
  if (by === 'newest') return ['created_at:desc'];
  if (sort?.by === 'distance') return [`_geoPoint(${sort.from.lat}, ${sort.from.lng}):asc`];
  return undefined;
}

export function meiliSearchParams(query: SearchQuery, plan: QueryPlan): SearchParams & { q: string } {
  const sort = meiliSort(query.sort, plan);
  return {
    q: meiliQueryString(plan),
    filter: meiliFilter(query),
    facets: [...FACET_FIELDS],
    offset: query.offset,
    limit: query.limit,
    matchingStrategy: 'all',
    attributesToRetrieve: ['key', 'type', 'ref', 'title', 'body', '_geo'],
    ...(sort ? { sort } : {}),
  };
}

/** Documents to delete with these keys: the documents themselves and those they own. */
export function removalFilter(keys: readonly string[]): string {
  const list = `[${keys.map(quoteValue).join(', ')}]`;
  return `key IN ${list} OR owner IN ${list}`;
}

type Hit = Pick<MeiliDocument, 'key' | 'type' | 'ref' | 'title' | 'body'> & { _geoDistance?: number };

export function fromMeiliResponse(res: SearchResponse<Hit>, query: SearchQuery, plan: QueryPlan): SearchResult {
  const matcher = termMatcher(plan);
  const facets: FacetCounts = emptyFacetCounts();
  for (const [field, values] of Object.entries(res.facetDistribution ?? {})) {
    if ((FACET_FIELDS as readonly string[]).includes(field)) facets[field as FacetField] = { ...values };
  }
  const total = res.estimatedTotalHits ?? res.totalHits ?? res.hits.length;
  const reachedEnd = res.hits.length < query.limit;
  const hits: SearchHit[] = res.hits.map((h) => {
    const hit: SearchHit = {
      key: h.key, type: h.type, ref: h.ref, title: h.title,
      highlight: highlightFields([h.body, h.title], plan, matcher),
    };
    if (query.sort?.by === 'distance' && typeof h._geoDistance === 'number') hit.distanceKm = Math.round(h._geoDistance / 100) / 10;
    return hit;
  });
  return {
    total, totalExact: reachedEnd && total === query.offset + res.hits.length, facetsExact: true,
    maxOffset: Math.min(total, MAX_TOTAL_HITS), hits, facets,
  };
}
