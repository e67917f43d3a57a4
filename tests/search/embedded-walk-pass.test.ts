/**
 * Distance searches past the candidate cap, tested against brute force: the walk's points tested in one
 * pass over the word's doclist in SQLite (matchesAmong) where the first box with points should end the
 * walk, the match set read otherwise, seeks past MATCH_SET_LIMIT, an intersection never passed over;
 * and the candidate streams (ranking and placing columns, read as arrays) against the rows themselves.
 * Each answer — ids in order, total, facets — must be the one a sort of every matching document gives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryDatabase } from '../helpers.ts';
import type { Database_ } from '../../db/client.ts';
import { CANDIDATE_CAP, EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { CandidateReader, isVisible } from '../../search/embedded/candidates.ts';
import { MATCH_SET_LIMIT } from '../../search/embedded/nearest.ts';
import { haversineKm } from '../../search/geo.ts';
import { emptyFacetCounts, FACET_FIELDS, type FacetCounts, type SearchDocument, type SearchQuery } from '../../search/search-index.ts';

const TODAY = '2026-11-27';
const N = 4000;
/** A quarter of the documents at one point (a firm's yard with its listings), the rest spread ~40 km. */
const HUB = { lat: 32.0103, lng: 112.1342 };
const SPARSE = { lat: 32.2, lng: 112.38 };
const point = (i: number) => (i % 4 === 0 ? HUB
  : i % 4 === 1 ? { lat: HUB.lat + (i % 9) * 0.0002, lng: HUB.lng - (i % 5) * 0.0003 }
    : { lat: 31.9 + ((i * 37) % 300) / 1000, lng: 112.0 + ((i * 53) % 400) / 1000 });
const matchesWord = (i: number) => i % 3 !== 0;
const docs: SearchDocument[] = Array.from({ length: N }, (_, i) => ({
  key: `listing-${i + 1}`, type: i % 10 === 0 ? 'enterprise' : 'listing', ref: `B${i + 1}`,
  title: matchesWord(i) ? `热处理 ${i}` : `机加工 ${i}`, body: i % 5 === 0 ? '淬火、回火，批量' : '数控车床', owner: null,
  facets: { kind: [i % 2 ? 'supply' : 'demand'], chain: [i % 6 ? 'auto' : 'rail'], region: [`4206${String(i % 4).padStart(2, '0')}`] },
  createdAt: 10_000 + i, status: i % 7 === 0 ? 'closed' : 'open', validUntil: i % 11 === 0 ? '2026-01-01' : '2027-12-31',
  location: i % 17 === 0 ? null : point(i),
}));
const idOf = (d: SearchDocument) => Number(d.key.slice('listing-'.length));
const shown = (d: SearchDocument) => isVisible({ status: d.status, valid_until: d.validUntil }, TODAY);

let database: Database_;
let index: EmbeddedSearchIndex;
beforeAll(() => {
  database = memoryDatabase();
  index = new EmbeddedSearchIndex(database.sqlite);
  index.upsert(docs); // ids 1..N in this order: a document's id is idOf
});
afterAll(() => { database.close(); });
afterEach(() => { vi.restoreAllMocks(); });

function bruteFacets(ds: readonly SearchDocument[]): FacetCounts {
  const counts = emptyFacetCounts();
  for (const d of ds) for (const f of FACET_FIELDS) for (const v of new Set(d.facets[f] ?? [])) counts[f][v] = (counts[f][v] ?? 0) + 1;
  return counts;
}

/** The page a sort of every visible match gives: nearest first, the newest among equals, unlocated ones last. */
function bruteNearest(matching: (d: SearchDocument) => boolean, from: { lat: number; lng: number }, offset: number, limit: number) {
  const all = docs.filter((d) => matching(d) && shown(d));
  const located = all.filter((d) => d.location).map((d) => ({ d, km: haversineKm(from, d.location!) }))
    .sort((a, b) => a.km - b.km || idOf(b.d) - idOf(a.d));
  return { all, page: located.slice(offset, offset + limit).map((x) => ({ key: x.d.key, km: Math.round(x.km * 10) / 10 })) };
}

const byDistance = (text: string, from: { lat: number; lng: number }, extra: Partial<SearchQuery> = {}): SearchQuery =>
  ({ text, limit: 20, offset: 0, today: TODAY, sort: { by: 'distance', from }, ...extra });
const word = (d: SearchDocument) => d.title.startsWith('热处理');

describe('distance past the candidate cap', () => {
  it.each([
    ['at the hub, first page', HUB, 0, 20],
    ['at the hub, second page', HUB, 20, 20],
    ['at the hub, a long page', HUB, 180, 60],
  ])('%s: one pass over the doclist for the box, no match set read, the brute-force nearest', async (_, from, offset, limit) => {
    const pass = vi.spyOn(CandidateReader.prototype, 'matchesAmong');
    const held = vi.spyOn(CandidateReader.prototype, 'matchingIds');
    const r = await index.search(byDistance('热处理', from, { offset, limit }));
    expect(pass).toHaveBeenCalledTimes(1);
    expect(held).not.toHaveBeenCalled();
    const { all, page } = bruteNearest(word, from, offset, limit);
    expect(all.length).toBeGreaterThan(CANDIDATE_CAP);
    expect(r.totalExact).toBe(false);
    expect(r.hits.map((h) => ({ key: h.key, km: h.distanceKm }))).toEqual(page);
    // facets over the newest CANDIDATE_CAP visible matches, as for any order
    expect(r.facets).toEqual(bruteFacets([...all].sort((a, b) => idOf(b) - idOf(a)).slice(0, CANDIDATE_CAP)));
  });

  it('where the first box should not end the walk, the match set is read instead, and the answer is the same', async () => {
    const pass = vi.spyOn(CandidateReader.prototype, 'matchesAmong');
    const held = vi.spyOn(CandidateReader.prototype, 'matchingIds');
    const r = await index.search(byDistance('热处理', SPARSE));
    expect(pass).not.toHaveBeenCalled();
    expect(held).toHaveBeenCalledTimes(1);
    expect(r.hits.map((h) => ({ key: h.key, km: h.distanceKm }))).toEqual(bruteNearest(word, SPARSE, 0, 20).page);
  });

  it('the same answers, total and facets whichever way the points are tested (pass, set, seeks)', async () => {
    for (const from of [HUB, SPARSE, { lat: 32.05, lng: 112.15 }]) {
      const q = byDistance('热处理', from, { offset: 20, limit: 30 });
      const passed = await index.search(q);
      // a pass that finds more matches than a set may hold turns the walk to one seek a point
      const among = CandidateReader.prototype.matchesAmong;
      vi.spyOn(CandidateReader.prototype, 'matchesAmong').mockImplementation(function (this: CandidateReader, m, ids) {
        return { ...among.call(this, m, ids), count: MATCH_SET_LIMIT + 1 };
      });
      const seeks = vi.spyOn(CandidateReader.prototype, 'matches');
      const sought = await index.search(q);
      vi.restoreAllMocks();
      // and never a pass: the set held in memory (what every walk did before the pass)
      vi.spyOn(CandidateReader.prototype, 'documentsUpTo').mockReturnValue(Number.MAX_SAFE_INTEGER);
      const held = await index.search(q);
      vi.restoreAllMocks();
      expect(passed).toEqual(held);
      if (from === HUB) expect(seeks).toHaveBeenCalled();
      expect(sought).toEqual(held);
      expect(held.hits.map((h) => h.key)).toEqual(bruteNearest(word, from, 20, 30).page.map((p) => p.key));
    }
  });

  it('an intersection (a word with a filter) is never passed over: the set is read, and the answer is the brute-force one', async () => {
    const pass = vi.spyOn(CandidateReader.prototype, 'matchesAmong');
    const r = await index.search(byDistance('热处理', HUB, { filters: { kind: ['supply'] } }));
    expect(pass).not.toHaveBeenCalled();
    const { all, page } = bruteNearest((d) => word(d) && d.facets.kind![0] === 'supply', HUB, 0, 20);
    expect(all.length).toBeGreaterThan(CANDIDATE_CAP);
    expect(r.hits.map((h) => ({ key: h.key, km: h.distanceKm }))).toEqual(page);
  });

  it('under the cap, every match sorted: exact total and facets', async () => {
    const r = await index.search(byDistance('淬火', SPARSE));
    const { all, page } = bruteNearest((d) => d.body.includes('淬火'), SPARSE, 0, 20);
    expect(all.length).toBeLessThanOrEqual(CANDIDATE_CAP);
    expect(r.totalExact).toBe(true);
    expect(r.total).toBe(all.length);
    expect(r.facets).toEqual(bruteFacets(all));
    expect(r.hits.map((h) => ({ key: h.key, km: h.distanceKm }))).toEqual(page);
  });
});

describe('matchesAmong', () => {
  it('finds exactly the matches among the ids it is given, and counts every match', () => {
    const reader = new CandidateReader(database.sqlite);
    const match = index.matchFor({ text: '热处理' }, 'oldest')!;
    const matching = new Set(docs.filter(word).map(idOf));
    let seed = 11;
    const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (const size of [0, 1, 50, 700]) {
      const ids = Array.from({ length: size }, () => next(N + 50) + 1); // some repeated, some past the last id
      const r = reader.matchesAmong(match, ids);
      expect(r.count).toBe(matching.size);
      expect([...r.matching].sort((a, b) => a - b)).toEqual([...new Set(ids.filter((id) => matching.has(id)))].sort((a, b) => a - b));
    }
  });
});

describe('the candidate streams, read as arrays', () => {
  it('the ranking and placing columns are the rows\' own, the same candidates and counts either way', () => {
    const reader = new CandidateReader(database.sqlite);
    const row = database.sqlite.prepare<[number], { title: string; facets: string; created_at: number; lat: number | null; lng: number | null; body_length: number }>(
      'select title, facets, created_at, lat, lng, length(body) as body_length from search_docs where id = ?');
    for (const text of ['热处理', '淬火']) {
      const match = index.matchFor({ text })!;
      for (const wanted of [5, CANDIDATE_CAP + 1]) {
        const ranking = reader.stream(match, TODAY, wanted);
        const placing = reader.streamPlaced(match, TODAY, wanted);
        expect(placing.scanned).toBe(ranking.scanned);
        expect(placing.complete).toBe(ranking.complete);
        expect(placing.rows).toEqual(ranking.rows.map(({ id, facets, lat, lng }) => ({ id, facets, lat, lng })));
        for (const r of ranking.rows) expect(r).toEqual({ id: r.id, ...row.get(r.id) });
      }
    }
  });
});
