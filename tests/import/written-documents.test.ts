/**
 * The importer makes the search documents of the rows it inserts from the values it wrote
 * (server/import/written-documents.ts) instead of reading them back. Those documents must be the
 * ones a read-back gives, and the index an import leaves must be the one the read-back path left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { importFiles, type ImportPath } from '../../server/import/index.ts';
import { ChangeFeed } from '../../server/changes.ts';
import { createSearchSync } from '../../server/search/sync.ts';
import { enterpriseDocuments, listingDocuments } from '../../server/search/documents.ts';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import type { SearchDocument, SearchQuery } from '../../search/search-index.ts';
import { writeScaleWorld } from '../../scripts/generate-scale.ts';
import { csv, usccFor } from '../helpers.ts';

const NOW = Date.parse('2026-11-27T02:00:00Z');

/** One database and index, fed either with the importer's documents or (as before) by reading back only. */
function side(file: string, readBackOnly: boolean) {
  const database = openDatabase(file);
  const index = new EmbeddedSearchIndex(database.sqlite);
  const sync = createSearchSync(database.sqlite, index);
  const made: SearchDocument[] = [];
  const feed = new ChangeFeed();
  feed.onWrite((changes, facts) => {
    made.push(...(facts?.documents?.values() ?? []));
    sync.recordChanges(changes, readBackOnly ? undefined : facts);
  });
  const load = (files: ImportPath[], at: number) => importFiles(database.sqlite, files, { now: at, feed });
  return { database, index, made, load };
}

const filesIn = (dir: string): ImportPath[] => readdirSync(dir).filter((n) => n.endsWith('.csv')).sort()
  .map((name) => ({ name, path: join(dir, name) }));

const QUERIES: Omit<SearchQuery, 'limit' | 'offset' | 'today'>[] = [
  { text: '加工' }, { text: '铸造', types: ['listing'] }, { text: '', types: ['enterprise'], filters: { tier: ['core'] } },
  { text: '汽车' }, { text: '上海' }, { text: '', sort: { by: 'distance', from: { lat: 32.05, lng: 112.14 } } },
];

describe('search documents made by the importer from what it wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llt-written-'));
  const world = join(dir, 'world');
  const more = join(dir, 'more');
  let made: ReturnType<typeof side>;
  let read: ReturnType<typeof side>;

  beforeAll(async () => {
    await writeScaleWorld(world, { enterprises: 300, listings: 3000, components: 40, seed: 3 });
    // a second run: new firms (no coordinates, a place outside the city, several chains), a changed firm,
    // new listings of firms from the first run (not in this run) and of the new firms, in other regions
    const firstUscc = readFileSync(join(world, 'enterprises.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    mkdirSync(more);
    writeFileSync(join(more, 'enterprises.csv'), csv([
      ['uscc', 'name', 'region', 'chains', 'tier', 'certifications', 'processes', 'lat', 'lng'],
      [usccFor(900_001), '外地甲精密机械', '上海市嘉定区', '汽车产业链、纺织服装产业链', '专精特新', 'IATF 16949、ISO 9001', '压铸、热处理', '', ''],
      [usccFor(900_002), '樊城乙加工厂', '樊城区', '', '', '', '机加工', '32.04', '112.13'],
      [firstUscc, '改名后的企业', '襄城区', '汽车产业链', '核心企业', 'ISO 9001', '铸造', '32.01', '112.13'],
    ]));
    writeFileSync(join(more, 'listings.csv'), csv([
      ['ref', 'uscc', 'kind', 'title', 'region', 'chain', 'description'],
      ['W-1', usccFor(900_001), '供应', '铝合金压铸件', '', '汽车产业链', '外地企业的供应'],
      ['W-2', usccFor(900_002), '需求', '求购热处理', '宜城市', '', ''],
      ['W-3', firstUscc, '需求', '铸造毛坯外协', '阿拉善左旗', '汽车产业链', '外地区域'],
      ['W-4', firstUscc, '供应', '机加工产能', '', '', ''],
    ]));
    made = side(join(dir, 'made.sqlite'), false);
    read = side(join(dir, 'read.sqlite'), true);
    for (const s of [made, read]) {
      expect(s.load(filesIn(world), NOW).loaded).toBe(true);
      expect(s.load(filesIn(more), NOW + 60_000).loaded).toBe(true);
    }
  }, 120_000);

  afterAll(() => {
    made.database.close();
    read.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes one for every row inserted, and none for a row updated', () => {
    const { sqlite } = made.database;
    const firms = sqlite.prepare<[], number>('select count(*) from enterprises').pluck().get()!;
    const listings = sqlite.prepare<[], number>('select count(*) from listings').pluck().get()!;
    expect(firms).toBe(302);
    expect(listings).toBe(3004);
    expect(made.made.filter((d) => d.type === 'enterprise')).toHaveLength(firms);
    expect(made.made.filter((d) => d.type === 'listing')).toHaveLength(listings);
  });

  it('makes each document exactly as reading its row back does', () => {
    const { sqlite } = made.database;
    const id = (d: SearchDocument) => Number(d.key.slice(d.key.indexOf('-') + 1));
    const firms = made.made.filter((d) => d.type === 'enterprise');
    const listings = made.made.filter((d) => d.type === 'listing');
    // the first run's firm was changed by the second: its document now is the read-back one, checked below
    const changed = new Set(enterpriseDocuments(sqlite, firms.map(id)).filter((d) => d.title === '改名后的企业').map((d) => d.key));
    expect(changed.size).toBe(1);
    const readFirms = new Map(enterpriseDocuments(sqlite, firms.map(id)).map((d) => [d.key, d]));
    for (const doc of firms) if (!changed.has(doc.key)) expect(doc).toEqual(readFirms.get(doc.key));
    const readListings = new Map(listingDocuments(sqlite, listings.map(id)).map((d) => [d.key, d]));
    const changedFirm = [...changed][0]!;
    for (const doc of listings) if (doc.owner !== changedFirm || doc.ref.startsWith('W-')) expect(doc).toEqual(readListings.get(doc.key));
    // the variety the world must hold for this to mean something
    expect(firms.some((d) => d.location === null || (d.facets.chain?.length ?? 0) > 1)).toBe(true);
    expect(firms.some((d) => (d.facets.cert?.length ?? 0) > 1)).toBe(true);
    expect(listings.some((d) => d.facets.region?.[0]?.startsWith('outside:'))).toBe(true);
  });

  it('leaves the same index as the read-back path: rows, ids and answers', async () => {
    const rows = (s: ReturnType<typeof side>) => s.database.sqlite.prepare('select * from search_docs order by id').all();
    const geo = (s: ReturnType<typeof side>) => s.database.sqlite.prepare('select * from search_geo order by id').all();
    expect(rows(made)).toEqual(rows(read));
    expect(geo(made)).toEqual(geo(read));
    for (const q of QUERIES) {
      const query: SearchQuery = { ...q, limit: 20, offset: 0, today: '2026-11-27' };
      const a = await made.index.search(query);
      expect(a.total).toBeGreaterThan(0);
      expect(a).toEqual(await read.index.search(query));
    }
  });
});
