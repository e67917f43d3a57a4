import { afterEach, describe, expect, it } from 'vitest';
import { ReadCache } from '../../server/read-cache.ts';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { loadWorld } from './world.ts';

describe('read cache', () => {
  it('answers a repeated read from memory and evicts the least recent (no time-to-live: writes clear it)', async () => {
    const cache = new ReadCache(2);
    let computed = 0;
    const read = (key: string) => cache.get(key, () => `${key}#${++computed}`);
    expect(read('a')).toBe('a#1');
    expect(read('a')).toBe('a#1');
    read('b');
    read('a');
    read('c');
    expect(cache.size).toBe(2);
    expect(read('a')).toBe('a#1');
    expect(read('b')).toBe('b#4');
    cache.clear();
    expect(read('a')).toBe('a#5');
    expect(await cache.getAsync('x', async () => 'x1')).toBe('x1');
    await expect(cache.getAsync('y', async () => { throw new Error('down'); })).rejects.toThrow('down');
    expect(await cache.getAsync('y', async () => 'y2')).toBe('y2');
  });

  describe('in the app', () => {
    let ctx: TestCtx;
    afterEach(async () => { await ctx.close(); });

    it('is cleared by every committed write, so a new listing shows at once', async () => {
      ctx = await testApp();
      const w = loadWorld(ctx);
      expect((await ctx.app.inject({ method: 'GET', url: '/listings' })).body).not.toContain('承接缓存测试加工');
      const firm = await signIn(ctx, 'enterprise', { enterpriseId: w.supplier });
      const posted = await ctx.app.inject({ method: 'POST', url: '/listings/new', headers: firm.headers, payload: { kind: 'supply', title: '承接缓存测试加工', valid_until: '2027-06-30' } });
      expect(posted.statusCode).toBe(303);
      expect((await ctx.app.inject({ method: 'GET', url: '/listings' })).body).toContain('承接缓存测试加工');
      const search = await ctx.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('缓存测试')}` });
      expect(search.json().hits.map((h: { title: string }) => h.title)).toEqual(['承接缓存测试加工']);
    });
  });
});
