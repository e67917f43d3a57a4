import { afterEach, describe, expect, it } from 'vitest';
import { ReadCache } from '../../server/read-cache.ts';
import { testApp, type TestCtx } from '../helpers.ts';
import { expectNewListingSeen, loadWorld } from './world.ts';

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
      await expectNewListingSeen(ctx, ctx, w.supplier, '承接缓存测试加工', '缓存测试');
    });
  });
});
