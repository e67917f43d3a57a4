/**
 * Firms by distance walk the firms' own points (search_geo_firms), not every document's: the same
 * nearest as a brute-force sort, no listing read on the way, and the table kept equal to the firms'
 * points in search_geo by every write, by a rebuild, and by the migration that adds it to an existing index.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryDatabase } from '../helpers.ts';
import { openDatabase, type Database_ } from '../../db/client.ts';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { CandidateReader } from '../../search/embedded/candidates.ts';
import { haversineKm } from '../../search/geo.ts';
import type { SearchDocument, SearchQuery } from '../../search/search-index.ts';

const TODAY = '2026-11-27';
const ORIGIN = { lat: 32.05, lng: 112.15 };
// more firms than the candidate cap: past it the walk through the R*Tree answers (below it, the candidates sorted)
const FIRMS = 2400;
const LISTINGS = 4000;

const point = (i: number) => ({ lat: 31.9 + ((i * 37) % 300) / 1000, lng: 112.0 + ((i * 53) % 400) / 1000 });
const firm = (i: number): SearchDocument => ({
  key: `enterprise-${i}`, type: 'enterprise', ref: `E${i}`, title: i % 2 ? `襄阳机加工${i}厂` : `襄阳压铸${i}厂`, body: '加工', owner: null,
  facets: { tier: [i % 3 ? 'core' : 'specialized'] }, createdAt: i, status: i % 11 === 0 ? 'closed' : 'open', validUntil: null,
  location: i % 13 === 0 ? null : point(i * 7 + 1),
});
const listing = (i: number): SearchDocument => ({
  key: `listing-${i}`, type: 'listing', ref: `B${i}`, title: `承接加工 ${i}`, body: '批量加工', owner: `enterprise-${(i % FIRMS) + 1}`,
  facets: { kind: [i % 2 ? 'supply' : 'demand'], tier: ['core'] }, createdAt: 10_000 + i, status: 'open', validUntil: '2027-12-31',
  location: point(i),
});
// listings first, then firms: the firms' ids are the newest, as when firms are re-announced after their listings
const firms = Array.from({ length: FIRMS }, (_, i) => firm(i + 1));
const listings = Array.from({ length: LISTINGS }, (_, i) => listing(i + 1));

const firmPoints = (db: Database_) => db.sqlite.prepare('select id, min_lat, min_lng from search_geo_firms order by id').raw().all();
const firmsInGeo = (db: Database_) => db.sqlite.prepare(`select g.id, g.min_lat, g.min_lng from search_geo g join search_docs d on d.id = g.id
  where d.type = 'enterprise' order by g.id`).raw().all();
const typeOf = (db: Database_) => {
  const st = db.sqlite.prepare<[number], string>('select type from search_docs where id = ?').pluck();
  return (id: number) => st.get(id);
};

let database: Database_;
let index: EmbeddedSearchIndex;
beforeAll(() => {
  database = memoryDatabase();
  index = new EmbeddedSearchIndex(database.sqlite);
  index.upsert(listings);
  index.upsert(firms);
});
afterAll(() => { database.close(); });

const query = (text: string, extra: Partial<SearchQuery> = {}): SearchQuery =>
  ({ text, limit: 20, offset: 0, today: TODAY, types: ['enterprise'], sort: { by: 'distance', from: ORIGIN }, ...extra });

describe('firms by distance', () => {
  it.each([
    ['no words', '', {}],
    ['no words, one tier', '', { tier: ['core'] }],
    ['a word', '加工', {}],
  ])('%s: the brute-force nearest open firms, and the walk reads no listing\'s point', async (_, text, filters) => {
    const points = vi.spyOn(CandidateReader.prototype, 'points');
    const r = await index.search(query(text, { filters }));
    const read = points.mock.results.flatMap((res) => res.value as [number, number, number][]);
    points.mockRestore();
    const type = typeOf(database);
    expect(read.length).toBeGreaterThan(0);
    expect(read.every(([id]) => type(id) === 'enterprise')).toBe(true);
    const wanted = firms.filter((f) => f.status === 'open' && f.location
      && (!('tier' in filters) || f.facets.tier![0] === 'core'))
      .map((f) => ({ ref: f.ref, km: haversineKm(ORIGIN, f.location!) }))
      .sort((a, b) => a.km - b.km || Number(b.ref.slice(1)) - Number(a.ref.slice(1)));
    expect(r.hits.map((h) => h.distanceKm)).toEqual(wanted.slice(0, 20).map((w) => Math.round(w.km * 10) / 10));
    expect(r.hits.every((h) => h.type === 'enterprise')).toBe(true);
  });

  it('listings and both types still walk every point', async () => {
    const both = await index.search(query('加工', { types: [] }));
    expect(both.hits.some((h) => h.type === 'listing')).toBe(true);
  });
});

describe('search_geo_firms', () => {
  it('holds exactly the firms\' points after inserts, moves, a firm losing its place, removals and a rebuild', async () => {
    const db = memoryDatabase();
    try {
      const idx = new EmbeddedSearchIndex(db.sqlite);
      idx.upsert([...listings.slice(0, 200), ...firms.slice(0, 40)]);
      expect(firmPoints(db).length).toBe(firms.slice(0, 40).filter((f) => f.location).length);
      expect(firmPoints(db)).toEqual(firmsInGeo(db));
      idx.upsert([{ ...firms[0]!, location: { lat: 32.5, lng: 112.5 } }, { ...firms[1]!, location: null }, { ...firms[12]!, location: point(5) }]);
      expect(firmPoints(db)).toEqual(firmsInGeo(db));
      idx.remove([firms[2]!.key, firms[3]!.key]);
      expect(firmPoints(db)).toEqual(firmsInGeo(db));
      // 37 located of 40, one unlocated, one located, two removed
      expect(firmPoints(db).length).toBe(35);
      await idx.rebuild([firms.slice(10, 30), listings.slice(0, 50)]);
      expect(firmPoints(db).length).toBe(firms.slice(10, 30).filter((f) => f.location).length);
      expect(firmPoints(db)).toEqual(firmsInGeo(db));
    } finally {
      db.close();
    }
  });

  it('is filled by its migration from an index made before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-geo-firms-'));
    try {
      const file = join(dir, 'before.sqlite');
      const made = openDatabase(file);
      new EmbeddedSearchIndex(made.sqlite).upsert([...listings.slice(0, 500), ...firms]);
      const expected = firmsInGeo(made);
      const answer = await new EmbeddedSearchIndex(made.sqlite).search(query(''));
      // the database as the previous release left it: no firms' table, its migration (the newest, 0014) not applied
      made.sqlite.exec(`drop table search_geo_firms; delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)`);
      made.close();
      const migrated = openDatabase(file);
      expect(expected.length).toBeGreaterThan(200);
      expect(firmPoints(migrated)).toEqual(expected);
      expect(await new EmbeddedSearchIndex(migrated.sqlite).search(query(''))).toEqual(answer);
      migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
