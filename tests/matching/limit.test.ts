/**
 * The list a buyer sees never depends on how long it is: for every component of the dev world
 * (the demo city) and scope (local, all), the top 20 is the first 20 of the top 100 and of the whole list.
 */
import { describe, expect, it } from 'vitest';
import { withDemoIndex } from './fixtures.ts';

describe('ranking is independent of the page size', () => {
  it('top 20 = first 20 of top 100 = first 20 of all, for every dev-world component and scope', () => {
    withDemoIndex((index) => {
      const ids = index.componentIds();
      expect(ids.length).toBeGreaterThan(50);
      let compared = 0;
      for (const id of ids) {
        const request = index.component(id)!;
        for (const scope of ['local', 'all'] as const) {
          const key = (limit?: number) => index.rank(request, { scope, limit }).map((s) => `${s.uscc}:${s.score}`);
          const all = key();
          expect(key(20), `${request.ref} ${scope}`).toEqual(all.slice(0, 20));
          expect(key(100).slice(0, 20), `${request.ref} ${scope}`).toEqual(all.slice(0, 20));
          if (all.length > 20) compared++;
        }
      }
      // the property is only worth something where lists are longer than a page
      expect(compared).toBeGreaterThan(20);
    });
  });
});
