/** The pure translation between the SearchIndex interface and Meilisearch. */
import { describe, expect, it } from 'vitest';
import type { SearchResponse } from 'meilisearch';
import {
  dayNumber, fromMeiliResponse, meiliFilter, meiliQueryString, meiliSearchParams, meiliSettings, meiliSort, meiliSynonyms,
  quoteValue, removalFilter, toMeiliDocument, type MeiliDocument,
} from '../../search/meili/translate.ts';
import { conceptGroupsFor } from '../../search/text/concept-groups.ts';
import { planQuery } from '../../search/text/query-plan.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { doc, TODAY } from './fixture.ts';

const lexicon = getLexicon();
const plan = (q: string) => planQuery(q, lexicon);
const groups = conceptGroupsFor(lexicon);

describe('filters', () => {
  it('always hides closed and expired listings by the query day, then ANDs type and facet filters', () => {
    expect(meiliFilter({ today: '2026-11-27' })).toEqual(['status = "open" AND (valid_until_day IS NULL OR valid_until_day >= 20261127)']);
    expect(meiliFilter({ today: TODAY, types: ['listing'], filters: { chain: ['auto', 'rail'], region: ['420602'], cert: [] } }).slice(1))
      .toEqual(['type = "listing"', 'chain IN ["auto", "rail"]', 'region IN ["420602"]']);
    expect(meiliFilter({ today: TODAY, types: ['listing', 'enterprise'] })).toHaveLength(1);
  });

  it('quotes values so no value can break out of its string', () => {
    expect(quoteValue('a"b')).toBe('"a\\"b"');
    expect(quoteValue('a\\" OR type = "x')).toBe('"a\\\\\\" OR type = \\"x"');
    expect(meiliFilter({ today: TODAY, filters: { region: ['x") OR (1 = 1'] } })[1]).toBe('region IN ["x\\") OR (1 = 1"]');
    expect(removalFilter(['enterprise-1', 'listing-"2'])).toBe('key IN ["enterprise-1", "listing-\\"2"] OR owner IN ["enterprise-1", "listing-\\"2"]');
  });
});

describe('sorts', () => {
  it('relevance is the ranking rules; newest and distance are explicit sorts', () => {
    expect(meiliSort({ by: 'relevance' }, plan('钢'))).toBeUndefined();
    expect(meiliSort(undefined, plan('钢'))).toBeUndefined();
    expect(meiliSort(undefined, plan(''))).toEqual(['created_at:desc']);
    expect(meiliSort({ by: 'newest' }, plan('钢'))).toEqual(['created_at:desc']);
    expect(meiliSort({ by: 'distance', from: { lat: 32.01, lng: 112.13 } }, plan('钢'))).toEqual(['_geoPoint(32.01, 112.13):asc']);
  });
});

describe('query string', () => {
  it('sends a known wording as its concept-group token and anything else as a quoted phrase', () => {
    const p = plan('压铸 襄阳精铸 GB/T 5782');
    expect(meiliQueryString(p)).toMatch(/^g[0-9a-f]{15} "襄 阳 精 铸" "gb t 5782"$/);
    expect(meiliQueryString(plan('压铸'))).toBe(meiliQueryString(plan('die casting')));
    expect(meiliQueryString(plan('"AND*'))).toBe('"and"');
  });

  it('asks for facets on every field and every term', () => {
    const params = meiliSearchParams({ text: '钢', limit: 7, offset: 14, today: TODAY }, plan('钢'));
    expect(params).toMatchObject({ limit: 7, offset: 14, matchingStrategy: 'all', facets: ['kind', 'chain', 'region', 'tier', 'cert'] });
    expect(params.sort).toBeUndefined();
  });
});

describe('documents', () => {
  it('carry pre-tokenised text, concept-group tokens, a numeric day and _geo only when located', () => {
    const d = toMeiliDocument(doc('listing-3'), groups);
    expect(d).toMatchObject({ key: 'listing-3', kind: ['demand'], chain: ['auto'], valid_until_day: 20261126, status: 'open', owner: 'enterprise-1' });
    expect(d.title_tokens).toBe('采 购 压 铸 件');
    expect(d.groups.split(' ')).toContain(meiliQueryString(plan('压铸')));
    expect(d._geo).toEqual({ lat: 32.0844, lng: 112.18 });
    expect(toMeiliDocument(doc('enterprise-7'), groups)._geo).toBeUndefined();
    expect(dayNumber('2027-01-05')).toBe(20270105);
  });

  it('a document carries a group exactly when it contains one of the group\'s phrases', () => {
    const steel = meiliQueryString(plan('钢板'));
    expect(toMeiliDocument(doc('enterprise-4'), groups).groups.split(' ')).toContain(steel);
    expect(toMeiliDocument(doc('enterprise-7'), groups).groups.split(' ')).not.toContain(steel);
    const mould = meiliQueryString(plan('模具'));
    expect(toMeiliDocument(doc('enterprise-2'), groups).groups.split(' ')).toContain(mould);
  });
});

describe('settings', () => {
  it('searchable, filterable, sortable attributes, geo, exact matching and the lexicon as synonyms', () => {
    const s = meiliSettings([['压铸', '高压铸造', 'die casting'], ['IATF 16949', '汽车质量管理体系认证']]);
    expect(s.searchableAttributes).toEqual(['title_tokens', 'groups', 'body_tokens']);
    expect(s.filterableAttributes).toEqual(expect.arrayContaining(['type', 'kind', 'chain', 'region', 'tier', 'cert', 'status', 'valid_until_day', 'owner', 'key', '_geo']));
    expect(s.sortableAttributes).toEqual(['created_at', '_geo']);
    expect(s.rankingRules![0]).toBe('sort');
    expect(s.typoTolerance).toEqual({ enabled: false });
    expect(s.synonyms).toEqual({
      '压 铸': ['高 压 铸 造', 'die casting'],
      'die casting': ['压 铸', '高 压 铸 造'],
      'iatf 16949': ['汽 车 质 量 管 理 体 系 认 证'],
    });
  });

  it('covers the whole lexicon without keys Meilisearch would never read', () => {
    const synonyms = meiliSynonyms(lexicon.synonymGroups()) as Record<string, string[]>;
    expect(Object.keys(synonyms).every((k) => k.split(' ').length <= 3)).toBe(true);
    expect(synonyms['压 铸']).toEqual(expect.arrayContaining(['die casting']));
  });
});

describe('responses', () => {
  const response = (over: Partial<SearchResponse<MeiliDocument>>) => ({
    hits: [], processingTimeMs: 1, query: '', offset: 0, limit: 2, estimatedTotalHits: 0, ...over,
  }) as unknown as SearchResponse<MeiliDocument>;

  it('map hits, highlight them, convert metres and keep facet counts', () => {
    const r = fromMeiliResponse(response({
      hits: [{ ...toMeiliDocument(doc('listing-1'), groups), _geoDistance: 1234 } as never],
      estimatedTotalHits: 1, facetDistribution: { chain: { equipment: 1 }, kind: { supply: 1 } },
    }), { text: '钢板', limit: 2, offset: 0, today: TODAY, sort: { by: 'distance', from: { lat: 32, lng: 112 } } }, plan('钢板'));
    expect(r.hits).toEqual([{ key: 'listing-1', type: 'listing', ref: 'L-1', title: '供应热轧钢板', distanceKm: 1.2, highlight: expect.stringContaining('<mark>') }]);
    expect(r.facets).toEqual({ kind: { supply: 1 }, chain: { equipment: 1 }, region: {}, tier: {}, cert: {} });
    expect(r).toMatchObject({ total: 1, totalExact: true, maxOffset: 1 });
  });

  it('report an estimated total as not exact and cap paging at maxTotalHits', () => {
    const hits = [toMeiliDocument(doc('enterprise-1'), groups), toMeiliDocument(doc('enterprise-2'), groups)];
    const r = fromMeiliResponse(response({ hits: hits as never, estimatedTotalHits: 5400 }), { text: '', limit: 2, offset: 0, today: TODAY }, plan(''));
    expect(r).toMatchObject({ total: 5400, totalExact: false, maxOffset: 1000 });
  });
});
