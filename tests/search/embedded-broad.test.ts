/** The embedded index past its candidate cap: estimated totals, the R*Tree walk, ranking signals. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryDatabase } from '../helpers.ts';
import type { Database_ } from '../../db/client.ts';
import { CANDIDATE_CAP, EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { CandidateReader } from '../../search/embedded/candidates.ts';
import { MATCH_SET_LIMIT, nearestMatches } from '../../search/embedded/nearest.ts';
import { filterTest } from '../../search/embedded/match-expression.ts';
import { haversineKm } from '../../search/geo.ts';
import type { SearchDocument } from '../../search/search-index.ts';

const TODAY = '2026-11-27';
const N = 3000;
const ORIGIN = { lat: 32.05, lng: 112.15 };
let database: Database_;
let index: EmbeddedSearchIndex;

// A deterministic spread of points within ~40 km, some shared (firms at their region's centre).
const point = (i: number) => (i % 7 === 0 ? { lat: 32.0103, lng: 112.1342 } : { lat: 31.9 + ((i * 37) % 300) / 1000, lng: 112.0 + ((i * 53) % 400) / 1000 });
const docs: SearchDocument[] = Array.from({ length: N }, (_, i) => ({
  key: `listing-${i + 1}`, type: 'listing', ref: `B${i + 1}`, title: i % 3 === 0 ? `供应钢材 ${i}` : `承接加工 ${i}`,
  body: `批量加工业务，编号 ${i}`, owner: null, facets: { kind: [i % 2 ? 'supply' : 'demand'], chain: [i % 4 ? 'auto' : 'rail'] },
  createdAt: 10_000 + i, status: 'open', validUntil: i % 5 === 0 ? '2026-01-01' : '2027-12-31', location: point(i),
}));
const visible = docs.filter((d) => d.validUntil! >= TODAY);

beforeAll(() => {
  database = memoryDatabase();
  index = new EmbeddedSearchIndex(database.sqlite);
  index.upsert(docs);
  index.upsert([
    { ...docs[0]!, key: 'enterprise-1', type: 'enterprise', ref: 'X1', title: '襄阳压铸件供应有限公司', body: '汽车零部件', location: null, validUntil: null, facets: {} },
    { ...docs[0]!, key: 'enterprise-2', type: 'enterprise', ref: 'X2', title: '湖北 Die Casting 工厂', body: '汽车零部件', location: null, validUntil: null, facets: {} },
    { ...docs[0]!, key: 'enterprise-3', type: 'enterprise', ref: 'X3', title: '襄阳汽配有限公司', body: '主营压铸、机加工', location: null, validUntil: null, facets: {} },
    { ...docs[0]!, key: 'enterprise-4', type: 'enterprise', ref: 'X4', title: '压铸', body: '', location: null, validUntil: null, facets: {}, createdAt: 1 },
  ]);
});
afterAll(() => { database.close(); });

const search = (text: string, extra = {}) => index.search({ text, limit: 20, offset: 0, today: TODAY, types: ['listing'], ...extra });

describe('a query broader than the candidate cap', () => {
  it('estimates the total, flags it, and pages only through the ranked candidates', async () => {
    const r = await search('加工');
    expect(r.totalExact).toBe(false);
    expect(r.facetsExact).toBe(false);
    expect(Math.abs(r.total - visible.length) / visible.length).toBeLessThan(0.1);
    expect(r.maxOffset).toBe(CANDIDATE_CAP);
    expect(Object.values(r.facets.kind).reduce((a, b) => a + b, 0)).toBe(CANDIDATE_CAP);
    expect((await search('加工', { offset: CANDIDATE_CAP })).hits).toEqual([]);
  });

  it('counts one term\'s matches up to the cap, but estimates an intersection from its newest matches (no count over every match)', async () => {
    const count = vi.spyOn(CandidateReader.prototype, 'countUpTo');
    const single = await index.search({ text: '加工', limit: 20, offset: 0, today: TODAY });
    expect(count).toHaveBeenCalledTimes(1);
    expect(single.totalExact).toBe(false);
    // 加工 is in every listing's body and in one firm's: the visible ones, within 10%
    expect(Math.abs(single.total - (visible.length + 1)) / visible.length).toBeLessThan(0.1);
    count.mockClear();
    const both = await search('加工', { filters: { chain: ['auto'] } });
    expect(count).not.toHaveBeenCalled();
    const auto = visible.filter((d) => d.facets.chain![0] === 'auto').length;
    expect(both.totalExact).toBe(false);
    expect(Math.abs(both.total - auto) / auto).toBeLessThan(0.1);
    count.mockRestore();
  });

  it('a distance search without words judges the points by their documents\' own type and facets: the same nearest as one index seek each would give', () => {
    const reader = new CandidateReader(database.sqlite);
    const seeks = vi.spyOn(CandidateReader.prototype, 'matches');
    const match = index.matchFor({ text: '', types: ['listing'], filters: { kind: ['demand'] } }, 'oldest')!;
    const walk = { match, today: TODAY, from: ORIGIN, needed: 20, matchCount: 1500 };
    const byFields = nearestMatches(reader, { ...walk, byFields: filterTest({ kind: ['demand'] }, ['listing']) });
    expect(seeks).not.toHaveBeenCalled();
    const bySeeks = nearestMatches(reader, { ...walk, matchCount: MATCH_SET_LIMIT + 1 });
    expect(seeks.mock.calls.length).toBeGreaterThan(20);
    seeks.mockRestore();
    expect(byFields).toHaveLength(20);
    expect(byFields).toEqual(bySeeks);
    // every one a visible demand listing, nearest first
    const byKey = new Map(docs.map((d, i) => [i + 1, d]));
    expect(byFields!.every((p) => byKey.get(p.id)!.facets.kind![0] === 'demand' && byKey.get(p.id)!.validUntil! >= TODAY)).toBe(true);
    expect(byFields!.map((p) => p.distanceKm)).toEqual([...byFields!.map((p) => p.distanceKm)].sort((a, b) => a! - b!));
  });

  it('estimates an intersection right when its documents were loaded in a block long before the newest ones (firms, then listings)', async () => {
    const db = memoryDatabase();
    try {
      const blocks = new EmbeddedSearchIndex(db.sqlite);
      const firm = (i: number): SearchDocument => ({ key: `enterprise-${i}`, type: 'enterprise', ref: `E${i}`, title: `襄阳机加工${i}厂`, body: '', owner: null,
        facets: { chain: [i % 3 ? 'auto' : 'rail'] }, createdAt: i, status: 'open', validUntil: null, location: null });
      blocks.upsert(Array.from({ length: 2400 }, (_, i) => firm(i + 1)));
      blocks.upsert(docs.map((d) => ({ ...d, key: `later-${d.key}` })));
      const r = await blocks.search({ text: '', limit: 20, offset: 0, today: TODAY, types: ['enterprise'], filters: { chain: ['auto'] } });
      expect(r.totalExact).toBe(false);
      expect(Math.abs(r.total - 1600) / 1600).toBeLessThan(0.1);
    } finally {
      db.close();
    }
  });

  it('stays exact below the cap', async () => {
    const r = await search('钢材', { filters: { chain: ['rail'] } });
    const expected = visible.filter((d) => d.title.includes('钢材') && d.facets.chain![0] === 'rail').length;
    expect(expected).toBeLessThan(CANDIDATE_CAP);
    expect(r).toMatchObject({ total: expected, totalExact: true, facetsExact: true });
  });

  it('finds the nearest matches through the R*Tree without reading every point', async () => {
    const reader = vi.spyOn(CandidateReader.prototype, 'points');
    const r = await search('加工', { sort: { by: 'distance', from: ORIGIN }, limit: 20 });
    const read = reader.mock.results.reduce((n, res) => n + (res.value as unknown[]).length, 0);
    reader.mockRestore();
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(N / 2);
    const brute = visible.filter((d) => d.title.includes('加工') || d.body.includes('加工'))
      .map((d) => ({ ref: d.ref, km: haversineKm(ORIGIN, d.location!) })).sort((a, b) => a.km - b.km);
    expect(r.hits.map((h) => h.distanceKm)).toEqual(brute.slice(0, 20).map((b) => Math.round(b.km * 10) / 10));
  });

  it('ranks an exact title, then the term as typed in a title, then a synonym in a title, then the body', async () => {
    const r = await index.search({ text: '压铸', limit: 4, offset: 0, today: TODAY, types: ['enterprise'] });
    expect(r.hits.map((h) => h.ref)).toEqual(['X4', 'X1', 'X2', 'X3']);
  });
});
