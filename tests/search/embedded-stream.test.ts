/**
 * The embedded index's counting paths against brute force on a generated world: the candidate
 * stream (one pass in slices, hidden matches counted as it goes), the facet counts over the
 * candidates, and the distance walk's held match set (searched in place).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryDatabase } from '../helpers.ts';
import type { Database_ } from '../../db/client.ts';
import { CANDIDATE_CAP, countFacets, EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { CandidateReader, isVisible } from '../../search/embedded/candidates.ts';
import { MATCH_SET_LIMIT, nearestMatches, sortedHas } from '../../search/embedded/nearest.ts';
import { emptyFacetCounts, FACET_FIELDS, type FacetCounts, type SearchDocument } from '../../search/search-index.ts';

const TODAY = '2026-11-27';
const N = 4000;
let database: Database_;
let index: EmbeddedSearchIndex;
let reader: CandidateReader;

// Hidden documents come in runs (closed or expired), so the stream needs several slices to fill up.
const hidden = (i: number) => (i % 500 < 150 && i % 3 !== 0) || i % 11 === 0;
const docs: SearchDocument[] = Array.from({ length: N }, (_, i) => ({
  key: `listing-${i + 1}`, type: i % 9 === 0 ? 'enterprise' : 'listing', ref: `B${i + 1}`,
  title: i % 4 === 0 ? `压铸件 ${i}` : `机加工 ${i}`, body: i % 6 === 0 ? '铝合金压铸，批量' : '数控加工', owner: null,
  facets: {
    kind: [i % 2 ? 'supply' : 'demand'], chain: i % 5 === 0 ? ['auto', 'rail', 'auto'] : [i % 3 ? 'auto' : 'rail'],
    region: [`4206${String(i % 7).padStart(2, '0')}`], ...(i % 13 === 0 ? { cert: ['certification.iatf16949'] } : {}),
  },
  createdAt: 10_000 + i, status: hidden(i) && i % 2 === 0 ? 'closed' : 'open', validUntil: hidden(i) && i % 2 ? '2026-01-01' : '2027-12-31',
  location: { lat: 31.9 + ((i * 37) % 300) / 1000, lng: 112.0 + ((i * 53) % 400) / 1000 },
}));
const idOf = (d: SearchDocument) => Number(d.key.slice('listing-'.length));

/** Counts as the index should: each document once per distinct value it carries. */
function bruteFacets(ds: readonly SearchDocument[]): FacetCounts {
  const counts = emptyFacetCounts();
  for (const d of ds) for (const f of FACET_FIELDS) for (const v of new Set(d.facets[f] ?? [])) counts[f][v] = (counts[f][v] ?? 0) + 1;
  return counts;
}

beforeAll(() => {
  database = memoryDatabase();
  index = new EmbeddedSearchIndex(database.sqlite);
  index.upsert(docs);
  reader = new CandidateReader(database.sqlite);
});
afterAll(() => { database.close(); });

describe('the candidate stream', () => {
  const cases: [string, (d: SearchDocument) => boolean, Parameters<EmbeddedSearchIndex['matchFor']>[0]][] = [
    ['a word', (d) => `${d.title}${d.body}`.includes('压铸'), { text: '压铸' }],
    ['a word and filters', (d) => `${d.title}${d.body}`.includes('加工') && d.type === 'listing' && d.facets.chain!.includes('auto'),
      { text: '加工', types: ['listing'], filters: { chain: ['auto'] } }],
    ['filters alone', (d) => d.facets.kind![0] === 'demand', { text: '', filters: { kind: ['demand'] } }],
    // listings are asked for as "not firms" (match-expression.ts, COMMON_TYPE); firms by their own tag
    ['listings with a filter', (d) => d.type === 'listing' && d.facets.region![0] === '420603', { text: '', types: ['listing'], filters: { region: ['420603'] } }],
    ['firms with a word', (d) => d.type === 'enterprise' && `${d.title}${d.body}`.includes('加工'), { text: '加工', types: ['enterprise'] }],
    ['listings alone', (d) => d.type === 'listing', { text: '', types: ['listing'] }],
  ];
  for (const [label, matches, query] of cases) {
    it(`${label}: the newest visible matches, and how many matches (hidden too) lie in their stretch`, () => {
      const match = index.matchFor(query)!;
      const all = docs.filter(matches).sort((a, b) => idOf(b) - idOf(a));
      const shown = all.filter((d) => isVisible({ status: d.status, valid_until: d.validUntil }, TODAY));
      for (const wanted of [7, 100, CANDIDATE_CAP + 1]) {
        const s = reader.stream(match, TODAY, wanted);
        expect(s.rows.map((r) => r.id)).toEqual(shown.slice(0, wanted).map(idOf));
        expect(s.complete).toBe(shown.length < wanted);
        const last = s.rows[s.rows.length - 1]!.id;
        expect(s.scanned).toBe(s.complete ? shown.length : all.filter((d) => idOf(d) >= last).length);
        if (wanted === 100) expect(s.scanned).toBeGreaterThan(s.rows.length); // hidden ones were passed on the way
      }
      // written for either end, the same documents
      expect(reader.matchingIds(index.matchFor(query, 'oldest')!, N)).toEqual(all.map(idOf).reverse());
      expect(reader.matchingIds(match, N)).toEqual(all.map(idOf).reverse());
    });
  }
});

describe('facet counts', () => {
  it('over the newest candidates past the cap, each value once per document', async () => {
    const r = await index.search({ text: '', limit: 20, offset: 0, today: TODAY });
    expect(r.facetsExact).toBe(false);
    const shown = docs.filter((d) => isVisible({ status: d.status, valid_until: d.validUntil }, TODAY)).sort((a, b) => idOf(b) - idOf(a));
    expect(r.facets).toEqual(bruteFacets(shown.slice(0, CANDIDATE_CAP)));
  });

  it('exact below the cap', async () => {
    const r = await index.search({ text: '压铸', limit: 20, offset: 0, today: TODAY, filters: { cert: ['certification.iatf16949'] } });
    const expected = docs.filter((d) => `${d.title}${d.body}`.includes('压铸') && d.facets.cert !== undefined
      && isVisible({ status: d.status, valid_until: d.validUntil }, TODAY));
    expect(r.facetsExact).toBe(true);
    expect(r.total).toBe(expected.length);
    expect(r.facets).toEqual(bruteFacets(expected));
  });

  it('countFacets alone: repeated values count once, missing fields count nothing', () => {
    const rows = [{ facets: '{"chain":["auto","auto","rail"]}' }, { facets: '{}' }, { facets: '{"chain":["auto"],"tier":["core"]}' }];
    expect(countFacets(rows)).toEqual({ ...emptyFacetCounts(), chain: { auto: 2, rail: 1 }, tier: { core: 1 } });
  });

  it('countFacets parses each distinct combination once: the same counts, in the same key order, as one parse a candidate', () => {
    // what countFacets did before it grouped candidates by their stored string: the reference
    const onePerRow = (rows: { facets: string }[]) => {
      const counts = emptyFacetCounts();
      for (const row of rows) {
        const facets = JSON.parse(row.facets) as Partial<Record<keyof typeof counts, string[]>>;
        for (const field of Object.keys(counts) as (keyof typeof counts)[]) {
          for (const value of new Set(facets[field] ?? [])) counts[field][value] = (counts[field][value] ?? 0) + 1;
        }
      }
      return counts;
    };
    let seed = 7;
    const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pick = (values: string[]) => Array.from({ length: next(3) }, () => values[next(values.length)]!);
    const combinations = Array.from({ length: 12 }, () => JSON.stringify({
      kind: pick(['supply', 'demand']), chain: pick(['auto', 'rail', 'equipment']), region: pick(['420607', '420683', 'x-1', '420102']), cert: pick(['c.a', 'c.b']),
    }));
    const rows = Array.from({ length: 500 }, () => ({ facets: combinations[next(combinations.length)]! }));
    expect(JSON.stringify(countFacets(rows))).toBe(JSON.stringify(onePerRow(rows)));
    // each row its own string object, as SQLite hands them over
    expect(JSON.stringify(countFacets(rows.map((r) => ({ facets: `${r.facets} `.trimEnd() }))))).toBe(JSON.stringify(onePerRow(rows)));
  });
});

describe('the distance walk\'s match set', () => {
  it('sortedHas finds exactly the members of an ascending list', () => {
    const ids = [2, 3, 5, 8, 13, 21, 34];
    for (let i = 0; i < 40; i++) expect(sortedHas(ids, i)).toBe(ids.includes(i));
    expect(sortedHas([], 1)).toBe(false);
  });

  it('held in memory, it finds the same nearest as one seek a point', () => {
    const match = index.matchFor({ text: '压铸', types: ['listing'] }, 'oldest')!;
    const walk = { match, today: TODAY, from: { lat: 32.05, lng: 112.15 }, needed: 20 };
    const held = nearestMatches(reader, { ...walk, matchCount: 10 });
    const sought = nearestMatches(reader, { ...walk, matchCount: MATCH_SET_LIMIT + 1 });
    expect(held).toHaveLength(20);
    expect(held).toEqual(sought);
  });
});
