/**
 * Every registered route (from app.registeredRoutes, as the authorization matrix enumerates
 * them) under hostile parameters, queries, bodies and headers, sent by an admin, a firm user
 * and an anonymous visitor, each with valid credentials and CSRF token so the input reaches
 * the handler: never a 5xx, never a stack trace or file path in the body, and a refused
 * request (4xx) leaves every table as it was.
 * Fixed seed in CI; `npm run fuzz` (FUZZ_RUNS, FUZZ_SEED) runs more.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { body, headers, query, segment } from './arbitraries.ts';
import { changedTables, credentials, hostileWorld, leak, realUrl, RUNS, SEED, tableChecksums, type Who } from './fixture.ts';

const world = await hostileWorld();
afterAll(() => world.ctx.close());

/** The pattern's URL with each parameter either real or replaced. */
function urlWith(pattern: string, replacements: (string | null)[]): string {
  const real = realUrl(pattern, world).split('/');
  return pattern.split('/').map((part, i) => {
    if (!part.startsWith(':') && part !== '*') return real[i];
    return replacements[i] ?? real[i];
  }).join('/');
}

describe('hostile input on every route', () => {
  it('reaches every registered route', () => {
    expect(world.routes.length).toBeGreaterThan(50);
    for (const r of world.routes) expect(() => realUrl(r.pattern, world)).not.toThrow();
  });

  for (const { method, pattern } of world.routes) {
    it(`${method} ${pattern}`, async () => {
      const segments = pattern.split('/').length;
      await fc.assert(fc.asyncProperty(
        fc.constantFrom<Who>('admin', 'enterprise', 'anonymous'), fc.array(segment, { minLength: segments, maxLength: segments }), query, body, headers,
        async (who, replacements, q, b, extraHeaders) => {
          const url = urlWith(pattern, replacements) + q;
          const auth = credentials(world, who);
          const before = tableChecksums(world);
          const res = await world.ctx.app.inject({
            method: method as 'GET', url,
            headers: { ...auth, ...extraHeaders, ...(b.contentType ? { 'content-type': b.contentType } : {}) },
            ...(method === 'GET' ? {} : { payload: b.payload as string }),
          });
          const where = `${who} ${method} ${url.slice(0, 200)} → ${res.statusCode}`;
          expect(res.statusCode, where).toBeLessThan(500);
          expect(leak(res.body), `${where}: body leaks`).toBeNull();
          if (res.statusCode >= 400) expect(changedTables(before, tableChecksums(world)), `${where}: refused, yet wrote`).toEqual([]);
        },
      ), { seed: SEED, numRuns: RUNS });
    });
  }
});
