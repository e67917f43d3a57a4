/**
 * The one behaviour suite every search backend must pass (embedded always; Meilisearch when a
 * server is configured). It speaks only the SearchIndex interface.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SearchIndex, SearchQuery } from '../../search/search-index.ts';
import { haversineKm } from '../../search/geo.ts';
import { CENTRE, doc, DOCS, TODAY, VISIBLE } from './fixture.ts';

export interface Backend { index: SearchIndex; dispose(): Promise<void> }
export type BackendFactory = () => Promise<Backend>;

export function searchBehaviour(name: string, factory: BackendFactory): void {
  describe(`${name}: reading`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await factory();
      backend.index.upsert(DOCS.map((d) => structuredClone(d)));
      await backend.index.flush();
    });
    afterAll(async () => { await backend?.dispose(); });

    const search = (text: string, extra: Partial<SearchQuery> = {}) =>
      backend.index.search({ text, limit: 50, offset: 0, today: TODAY, ...extra });
    const keys = async (text: string, extra: Partial<SearchQuery> = {}) => (await search(text, extra)).hits.map((h) => h.key).sort();

    it('finds Chinese words of one, two and three characters, inside compounds too', async () => {
      expect(await keys('铜')).toEqual(['enterprise-7']);
      expect(await keys('钢板')).toEqual(expect.arrayContaining(['enterprise-4', 'listing-1', 'enterprise-8']));
      expect(await keys('模具')).toEqual(expect.arrayContaining(['enterprise-2', 'listing-2']));
      expect(await keys('不锈钢')).toEqual(['enterprise-8']);
      expect(await keys('热轧钢板')).toEqual(['enterprise-4', 'listing-1']);
      expect(await keys('注塑模具')).toEqual(expect.arrayContaining(['enterprise-2', 'listing-2']));
    });

    it('expands a known wording to every wording of its concept', async () => {
      expect(await keys('压铸')).toEqual(['enterprise-1', 'enterprise-6']);
      expect(await keys('高压铸造')).toEqual(['enterprise-1', 'enterprise-6']);
      expect(await keys('die casting')).toEqual(['enterprise-1', 'enterprise-6']);
      expect(await keys('数控加工')).toEqual(['enterprise-1', 'enterprise-3', 'listing-5']);
      expect(await keys('CNC加工')).toEqual(['enterprise-1', 'enterprise-3', 'listing-5']);
      expect(await keys('GB/T 19001')).toEqual(['enterprise-2', 'enterprise-3']);
      expect(await keys('ISO 9001')).toEqual(['enterprise-2', 'enterprise-3']);
    });

    it('matches grade codes and standards as they are typed', async () => {
      expect(await keys('IATF16949')).toEqual(['enterprise-1', 'enterprise-6']);
      expect(await keys('IATF 16949')).toEqual(['enterprise-1', 'enterprise-6']);
      expect(await keys('6061-T6')).toEqual(['enterprise-3']);
      expect(await keys('ADC12')).toEqual(['enterprise-1']);
      expect(await keys('M8')).toEqual(['enterprise-5', 'listing-6']);
      expect(await keys('GB/T 5782')).toEqual(['enterprise-5', 'listing-6']);
      expect(await keys('M8螺栓')).toEqual(['enterprise-5', 'listing-6']);
    });

    it('requires every term (AND)', async () => {
      expect(await keys('压铸 ADC12')).toEqual(['enterprise-1']);
      expect(await keys('压铸 宁波')).toEqual([]);
    });

    it('never fails on hostile input: it is searched as words or matches nothing', async () => {
      const hostile = ['AND', 'OR', 'NOT', 'NEAR', 'NEAR(钢 板)', '*', '钢*', '-钢', '"', "'", '(', ')', ':', '^', '{title}:钢', 'title:钢',
        '"钢" OR "铝"', '\\', '%', '_', '', '   ', 'ｘ'.repeat(2000), '钢'.repeat(2000), `${'(("'.repeat(300)}`, '\u0000\u200b\ud800', '<script>'];
      for (const q of hostile) {
        const result = await search(q);
        expect(result.total, q.slice(0, 20)).toBeGreaterThanOrEqual(0);
      }
      expect((await search('"')).total).toBe(0);
      expect((await search('OR')).total).toBe(0);
      expect(await keys('-钢')).toEqual(await keys('钢'));
      expect(await keys('NEAR(钢 板)')).toEqual([]);
    });

    it('hides closed and expired listings, judged on the day of the query', async () => {
      const all = await keys('');
      expect(all).toEqual([...VISIBLE].sort());
      expect(await keys('压铸件')).toEqual([]);
      expect(await keys('压铸件', { today: '2026-11-26' })).toEqual(['listing-3']);
    });

    it('counts facets over the results', async () => {
      const result = await search('', { limit: 1 });
      const visible = DOCS.filter((d) => VISIBLE.includes(d.key));
      const expected = (field: 'chain' | 'tier' | 'kind') => {
        const counts: Record<string, number> = {};
        for (const d of visible) for (const v of d.facets[field] ?? []) counts[v] = (counts[v] ?? 0) + 1;
        return counts;
      };
      expect(result.total).toBe(visible.length);
      expect(result.facets.chain).toEqual(expected('chain'));
      expect(result.facets.tier).toEqual(expected('tier'));
      expect(result.facets.kind).toEqual(expected('kind'));
      expect(result.facets.cert).toEqual({ 'certification.iatf16949': 2, 'certification.iso9001': 2 });
    });

    it('filters: OR within a field, AND across fields and types', async () => {
      expect(await keys('', { types: ['enterprise'], filters: { chain: ['auto'] } })).toEqual(['enterprise-1', 'enterprise-2', 'enterprise-5', 'enterprise-6']);
      expect(await keys('', { filters: { chain: ['auto'], kind: ['supply'] } })).toEqual(['listing-6']);
      expect(await keys('', { filters: { region: ['420602', '420607'] } })).toEqual(['enterprise-3', 'enterprise-4', 'listing-1', 'listing-5']);
      expect(await keys('', { filters: { cert: ['certification.iatf16949'], tier: ['specialized'] } })).toEqual(['enterprise-1']);
      expect(await keys('压铸', { filters: { chain: ['equipment'] } })).toEqual(['enterprise-1']);
      const filtered = await search('', { types: ['listing'], limit: 1 });
      expect(filtered.facets.tier).toEqual({});
      expect(filtered.facets.kind).toEqual({ supply: 3, demand: 1 });
    });

    it('sorts by distance from a point, unlocated documents last', async () => {
      const result = await search('', { sort: { by: 'distance', from: CENTRE } });
      const order = result.hits.map((h) => h.key);
      const located = VISIBLE.map((k) => doc(k)).filter((d) => d.location)
        .map((d) => ({ key: d.key, km: haversineKm(CENTRE, d.location!) }));
      const distances = result.hits.filter((h) => h.distanceKm !== undefined).map((h) => h.distanceKm!);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(order[0]).toMatch(/^(enterprise-2|listing-2)$/);
      expect(order.slice(-1)).toEqual(['enterprise-7']);
      const farthest = located.sort((a, b) => b.km - a.km)[0]!;
      expect(order.indexOf(farthest.key)).toBeGreaterThanOrEqual(order.length - 3);
      expect(result.hits.find((h) => h.key === 'enterprise-5')!.distanceKm).toBeCloseTo(haversineKm(CENTRE, { lat: 29.87, lng: 121.54 }), 0);
    });

    it('sorts by newest', async () => {
      const order = (await search('', { sort: { by: 'newest' } })).hits.map((h) => h.key);
      expect(order.slice(0, 3)).toEqual(['listing-6', 'listing-5', 'listing-2']);
      expect(order.at(-1)).toBe('enterprise-1');
    });

    it('pages through the same order', async () => {
      const all = (await search('', { sort: { by: 'newest' } })).hits.map((h) => h.key);
      const page2 = (await search('', { sort: { by: 'newest' }, limit: 3, offset: 3 })).hits.map((h) => h.key);
      expect(page2).toEqual(all.slice(3, 6));
    });

    it('puts an exact name first and marks matches in an escaped snippet', async () => {
      const result = await search('襄阳注塑科技');
      expect(result.hits[0]!.key).toBe('enterprise-2');
      const steel = await search('不锈钢');
      // The longest wording found is marked whole: 不锈钢板 is one of 不锈钢's.
      expect(steel.hits[0]!.highlight).toMatch(/^304<mark>不锈钢(板)?<\/mark>/);
      expect(steel.hits[0]!.highlight).toContain('&lt;script&gt;');
      expect(steel.hits[0]!.highlight).not.toContain('<script>');
      const code = await search('IATF16949', { types: ['enterprise'] });
      expect(code.hits.map((h) => h.highlight).join(' ')).toMatch(/<mark>IATF ?16949/);
    });
  });

  describe(`${name}: keeping in step`, () => {
    let backend: Backend | undefined;
    afterEach(async () => { await backend?.dispose(); backend = undefined; });

    it('replaces a document on upsert and forgets its old words', async () => {
      backend = await factory();
      backend.index.upsert([doc('enterprise-4')]);
      await backend.index.flush();
      const changed = { ...doc('enterprise-4'), body: '冷轧薄板、镀锌卷' };
      backend.index.upsert([changed]);
      await backend.index.flush();
      const search = (text: string) => backend!.index.search({ text, limit: 10, offset: 0, today: TODAY });
      expect((await search('热轧钢板')).total).toBe(0);
      expect((await search('镀锌')).hits.map((h) => h.key)).toEqual(['enterprise-4']);
    });

    it('removes a document with everything it owns', async () => {
      backend = await factory();
      backend.index.upsert([doc('enterprise-2'), doc('listing-2'), doc('enterprise-4'), doc('listing-1')]);
      await backend.index.flush();
      backend.index.remove(['enterprise-2']);
      await backend.index.flush();
      const all = await backend.index.search({ text: '', limit: 10, offset: 0, today: TODAY });
      expect(all.hits.map((h) => h.key).sort()).toEqual(['enterprise-4', 'listing-1']);
      expect((await backend.index.stats()).documents).toBe(2);
    });

    it('rebuilds from scratch', async () => {
      backend = await factory();
      backend.index.upsert([doc('enterprise-7')]);
      await backend.index.flush();
      expect(await backend.index.rebuild([[doc('enterprise-1')], [doc('enterprise-3')]])).toBe(2);
      const all = await backend.index.search({ text: '', limit: 10, offset: 0, today: TODAY });
      expect(all.hits.map((h) => h.key).sort()).toEqual(['enterprise-1', 'enterprise-3']);
    });
  });
}
