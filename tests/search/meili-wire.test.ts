/** The Meilisearch backend against a fake server on loopback: what it sends, and how it takes failure. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDatabase } from '../helpers.ts';
import type { Database_ } from '../../db/client.ts';
import { MeiliSearchIndex, MeiliTaskError } from '../../search/meili/meili-index.ts';
import { backoffMs } from '../../search/meili/outbox.ts';
import { SearchUnavailableError } from '../../search/search-index.ts';
import { FakeMeili } from './fake-meili.ts';
import { doc, TODAY } from './fixture.ts';

let fake: FakeMeili;
let database: Database_;
let index: MeiliSearchIndex;
let host: string;

const make = (opts: { requestTimeoutMs?: number; taskTimeoutMs?: number } = {}) => new MeiliSearchIndex(database.sqlite, {
  host, apiKey: 'secret-key', indexUid: 'test_index', pollIntervalMs: 5, pollOutboxMs: 60_000,
  backoff: { baseMs: 10, maxMs: 20 }, requestTimeoutMs: opts.requestTimeoutMs ?? 2000, taskTimeoutMs: opts.taskTimeoutMs ?? 2000,
});
const outbox = () => database.sqlite.prepare('select op, key, attempts, last_error from search_outbox order by id').all() as { op: string; key: string; attempts: number; last_error: string | null }[];

beforeEach(async () => {
  fake = new FakeMeili();
  host = await fake.start();
  database = memoryDatabase();
  index = make();
});
afterEach(async () => {
  await index.close();
  await fake.stop();
  database.close();
});

describe('Meilisearch backend on the wire', () => {
  it('creates the index and applies settings at start, awaiting each task, with the API key', async () => {
    const { rebuildNeeded } = await index.start();
    expect(rebuildNeeded).toBe(true);
    const [create] = fake.requestsTo('POST', '/indexes');
    expect(create!.body).toEqual({ uid: 'test_index', primaryKey: 'key' });
    expect(create!.authorization).toBe('Bearer secret-key');
    const [settings] = fake.requestsTo('PATCH', '/indexes/test_index/settings');
    const body = settings!.body as Record<string, unknown>;
    expect(body.searchableAttributes).toEqual(['title_tokens', 'groups', 'body_tokens']);
    expect(body.filterableAttributes).toEqual(expect.arrayContaining(['chain', 'region', 'tier', 'cert', 'kind', 'status', 'valid_until_day', '_geo']));
    expect(body.sortableAttributes).toEqual(['created_at', '_geo']);
    expect(Object.keys(body.synonyms as object).length).toBeGreaterThan(100);
    expect(fake.requestsTo('GET', '/tasks/').length).toBeGreaterThanOrEqual(2);
  });

  it('treats a failed settings task as an error with Meilisearch\'s own reason', async () => {
    fake.failNext('settingsUpdate', 'Attribute `_geo` is reserved', 'invalid_settings_filterable_attributes');
    await expect(index.start()).rejects.toThrow(MeiliTaskError);
    await expect(index.start()).resolves.toEqual({ rebuildNeeded: true });
  });

  it('accepts an existing index', async () => {
    fake.failNext('indexCreation', 'Index `test_index` already exists.', 'index_already_exists');
    await expect(index.start()).resolves.toBeDefined();
  });

  it('sends upserts and removals through the outbox, in order, and empties it', async () => {
    await index.start();
    database.sqlite.transaction(() => index.upsert([doc('enterprise-1'), doc('listing-3')]))();
    index.remove(['enterprise-2']);
    expect(outbox().map((e) => e.op)).toEqual(['upsert', 'upsert', 'remove']);
    await index.flush();
    expect(outbox()).toEqual([]);
    const [add] = fake.requestsTo('POST', '/indexes/test_index/documents');
    expect(add!.query.get('primaryKey')).toBe('key');
    const sent = add!.body as Record<string, unknown>[];
    expect(sent.map((d) => d.key)).toEqual(['enterprise-1', 'listing-3']);
    expect(sent[0]).toMatchObject({ type: 'enterprise', chain: ['auto', 'equipment'], _geo: { lat: 32.0844, lng: 112.18 }, valid_until_day: null });
    expect(sent[0]!.groups).toMatch(/^g[0-9a-f]{15}( g[0-9a-f]{15})*$/);
    expect(sent[1]).toMatchObject({ valid_until: '2026-11-26', valid_until_day: 20261126, owner: 'enterprise-1' });
    const [del] = fake.requestsTo('POST', '/indexes/test_index/documents/delete');
    expect(del!.body).toEqual({ filter: 'key IN ["enterprise-2"] OR owner IN ["enterprise-2"]' });
    expect(fake.requests.indexOf(add!)).toBeLessThan(fake.requests.indexOf(del!));
  });

  it('keeps a failed delivery with its reason and delivers it on the next attempt', async () => {
    await index.start();
    fake.failNext('documentAdditionOrUpdate', 'disk full', 'no_space_left_on_device');
    index.upsert([doc('enterprise-4')]);
    await expect(index.flush()).rejects.toThrow(/disk full/);
    expect(outbox()).toEqual([{ op: 'upsert', key: 'enterprise-4', attempts: 1, last_error: expect.stringContaining('disk full') }]);
    await index.flush();
    expect(outbox()).toEqual([]);
    expect(fake.requestsTo('POST', '/documents').length).toBe(2);
  });

  it('keeps writes while Meilisearch is down and loses nothing', async () => {
    await index.start();
    await fake.stop();
    index.upsert([doc('enterprise-5')]);
    await expect(index.flush()).rejects.toThrow();
    expect(outbox()).toHaveLength(1);
    expect(outbox()[0]!.attempts).toBe(1);
    await expect(index.search({ text: '螺栓', limit: 5, offset: 0, today: TODAY })).rejects.toThrow(SearchUnavailableError);
  });

  it('times out a search that never answers, and a task that never ends', async () => {
    await index.close();
    index = make({ requestTimeoutMs: 150, taskTimeoutMs: 150 });
    await index.start();
    fake.hang.add('/indexes/test_index/search');
    const started = Date.now();
    await expect(index.search({ text: '钢', limit: 5, offset: 0, today: TODAY })).rejects.toThrow(SearchUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
    fake.hang.add('/tasks/');
    index.upsert([doc('enterprise-6')]);
    await expect(index.flush()).rejects.toThrow(/timed? ?out|timeout/i);
    expect(outbox()).toHaveLength(1);
  });

  it('sends the query as group tokens and phrases, with filters, facets and sort', async () => {
    await index.start();
    fake.searchResponse = {
      hits: [{ key: 'enterprise-1', type: 'enterprise', ref: 'R1', title: '襄阳精铸', body: '高压铸造 ADC12', _geoDistance: 5230 }],
      estimatedTotalHits: 1, offset: 0, limit: 5, processingTimeMs: 1, query: '', facetDistribution: { chain: { auto: 1 }, tier: { specialized: 1 } },
    };
    const result = await index.search({
      text: '压铸 襄阳精铸', limit: 5, offset: 0, today: TODAY, types: ['enterprise'],
      filters: { chain: ['auto'] }, sort: { by: 'distance', from: { lat: 32.04, lng: 112.13 } },
    });
    const body = fake.requestsTo('POST', '/search')[0]!.body as Record<string, unknown>;
    expect(body.q).toMatch(/^g[0-9a-f]{15} "襄 阳 精 铸"$/);
    expect(body.filter).toEqual([
      'status = "open" AND (valid_until_day IS NULL OR valid_until_day >= 20261127)', 'type = "enterprise"', 'chain IN ["auto"]',
    ]);
    expect(body.sort).toEqual(['_geoPoint(32.04, 112.13):asc']);
    expect(body.facets).toEqual(['kind', 'chain', 'region', 'tier', 'cert']);
    expect(body.matchingStrategy).toBe('all');
    expect(result.hits[0]).toMatchObject({ key: 'enterprise-1', distanceKm: 5.2 });
    expect(result.hits[0]!.highlight).toContain('<mark>高压铸造</mark>');
    expect(result.facets).toEqual({ kind: {}, chain: { auto: 1 }, region: {}, tier: { specialized: 1 }, cert: {} });
    expect(result.totalExact).toBe(true);
  });

  it('rebuilds beside the live index, then swaps the two: searches never meet an empty index; drops the outbox entries it made redundant', async () => {
    await index.start();
    await fake.stop();
    index.upsert([doc('enterprise-1')]);
    await expect(index.flush()).rejects.toThrow();
    host = await fake.start();
    await index.close();
    index = make();
    await index.start();
    expect(await index.rebuild([[doc('enterprise-1'), doc('enterprise-2')], [doc('listing-1')]])).toBe(3);
    const rebuildCalls = fake.requests.filter((r) => r.path.includes('_rebuild') || r.path === '/swap-indexes' || (r.method === 'POST' && r.path === '/indexes'));
    expect(rebuildCalls.map((r) => `${r.method} ${r.path}`).slice(-7)).toEqual([
      'DELETE /indexes/test_index_rebuild', 'POST /indexes', 'PATCH /indexes/test_index_rebuild/settings',
      'POST /indexes/test_index_rebuild/documents', 'POST /indexes/test_index_rebuild/documents', 'POST /swap-indexes', 'DELETE /indexes/test_index_rebuild',
    ]);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/indexes').at(-1)!.body).toEqual({ uid: 'test_index_rebuild', primaryKey: 'key' });
    expect(fake.requestsTo('POST', '/indexes/test_index_rebuild/documents').map((r) => (r.body as unknown[]).length)).toEqual([2, 1]);
    expect(fake.requestsTo('POST', '/swap-indexes')[0]!.body).toEqual([{ indexes: ['test_index', 'test_index_rebuild'], rename: false }]);
    // the live index's documents are never deleted
    expect(fake.requestsTo('DELETE', '/indexes/test_index/documents')).toEqual([]);
    expect(outbox()).toEqual([]);
    expect(await index.start()).toEqual({ rebuildNeeded: false });
  });
});

describe('retry backoff', () => {
  it('doubles from the base, caps at the maximum, and jitters by at most a fifth', () => {
    const b = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((n) => backoffMs(n, b, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20, b, () => 0.5)).toBe(60_000);
    expect(backoffMs(1, b, () => 0)).toBe(800);
    expect(backoffMs(1, b, () => 1)).toBe(1200);
  });
});
