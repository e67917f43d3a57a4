/**
 * Search results as the outside sees them: the API body ({ total, hits, facets }), and for the page
 * the current details of each hit (read from the database, so a page never shows stale names)
 * and readable labels for facet values.
 */
import type Database from 'better-sqlite3';
import type { FacetCounts, FacetField, SearchHit, SearchResult } from '../../search/search-index.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { LISTING_KIND_LABEL, TIER_LABEL } from '../vocabulary.ts';
import type { Tier } from '../../db/schema.ts';

export type ApiHit =
  | { type: 'listing'; ref: string; title: string; highlight: string; distance_km?: number }
  | { type: 'enterprise'; uscc: string; name: string; highlight: string; distance_km?: number };

export interface ApiSearchResult {
  total: number;
  /** false when total is an estimate (very broad queries), as Meilisearch's estimatedTotalHits */
  total_exact: boolean;
  hits: ApiHit[];
  facets: FacetCounts;
}

export function toApiResult(r: SearchResult): ApiSearchResult {
  return {
    total: r.total,
    total_exact: r.totalExact,
    hits: r.hits.map((h): ApiHit => {
      const distance = h.distanceKm !== undefined ? { distance_km: h.distanceKm } : {};
      return h.type === 'listing'
        ? { type: 'listing', ref: h.ref, title: h.title, highlight: h.highlight, ...distance }
        : { type: 'enterprise', uscc: h.ref, name: h.title, highlight: h.highlight, ...distance };
    }),
    facets: r.facets,
  };
}

export interface HitDetails {
  kind?: 'supply' | 'demand'; firmName?: string; firmUscc?: string; tier?: Tier;
  regionName?: string | null; chainNames?: string | null; validUntil?: string | null;
}

const idOf = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));

/** Details for the page, by hit key. */
export function hitDetails(sqlite: Database.Database, hits: readonly SearchHit[]): Map<string, HitDetails> {
  const out = new Map<string, HitDetails>();
  const listingIds = hits.filter((h) => h.type === 'listing').map((h) => idOf(h.key));
  const firmIds = hits.filter((h) => h.type === 'enterprise').map((h) => idOf(h.key));
  if (listingIds.length > 0) {
    const rows = sqlite.prepare<[string], HitDetails & { id: number }>(`select l.id, l.kind, l.valid_until as validUntil, e.name as firmName, e.uscc as firmUscc,
        r.name as regionName, c.name as chainNames
      from listings l join enterprises e on e.id = l.enterprise_id left join regions r on r.code = l.region_code
      left join chains c on c.id = l.chain_id where l.id in (select value from json_each(?))`).all(JSON.stringify(listingIds));
    for (const { id, ...d } of rows) out.set(`listing-${id}`, d);
  }
  if (firmIds.length > 0) {
    const rows = sqlite.prepare<[string], HitDetails & { id: number }>(`select e.id, e.tier, r.name as regionName,
        (select group_concat(name, '、') from (select c.name from enterprise_chains ec join chains c on c.id = ec.chain_id
          where ec.enterprise_id = e.id order by c.sort_order)) as chainNames
      from enterprises e left join regions r on r.code = e.region_code where e.id in (select value from json_each(?))`).all(JSON.stringify(firmIds));
    for (const { id, ...d } of rows) out.set(`enterprise-${id}`, d);
  }
  return out;
}

/** A label for every facet value shown: chain and region names, certificate concepts from the lexicon. */
export function facetLabeler(sqlite: Database.Database): (field: FacetField, value: string) => string {
  const regions = new Map(sqlite.prepare<[], [string, string]>('select code, name from regions').raw().all());
  const chains = new Map(getLexicon().chains().map((c) => [c.id, c.name]));
  const lexicon = getLexicon();
  return (field, value) => {
    if (field === 'kind') return LISTING_KIND_LABEL[value as keyof typeof LISTING_KIND_LABEL] ?? value;
    if (field === 'tier') return TIER_LABEL[value as Tier] ?? value;
    if (field === 'chain') return chains.get(value) ?? value;
    if (field === 'region') return regions.get(value) ?? value;
    return lexicon.label(value);
  };
}
