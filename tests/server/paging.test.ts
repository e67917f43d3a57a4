/** Long lists come in pages of 50 that keep their filters, and the counts above them are over every row. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';

let ctx: TestCtx;
let official: Session;
beforeAll(async () => {
  ctx = await testApp({ demo: true });
  official = await signIn(ctx, 'official');
  ctx.app.matching.queueStale();
  await ctx.app.matching.settled();
});
afterAll(async () => { await ctx.close(); });

const refsOn = (body: string) => [...body.matchAll(/href="\/components\/(C\d{4})"/g)].map((m) => m[1]);

describe('paging the component register', () => {
  it('shows 50 parts a page, the rest on the next, and counts all of them', async () => {
    const total = ctx.database.sqlite.prepare('select count(*) from components').pluck().get() as number;
    expect(total).toBeGreaterThan(50);
    const first = await ctx.app.inject({ method: 'GET', url: '/components', headers: official.headers });
    const second = await ctx.app.inject({ method: 'GET', url: '/components?page=2', headers: official.headers });
    expect(first.body).toContain(`第 1 / ${Math.ceil(total / 50)} 页`);
    expect(first.body).toContain('href="/components?page=2"');
    const a = refsOn(first.body);
    const b = refsOn(second.body);
    expect(a).toHaveLength(50);
    expect(b).toHaveLength(total - 50);
    expect(a.filter((r) => b.includes(r))).toEqual([]);
    // the status counts above the table are over every part, on either page
    const counts = (body: string) => [...body.matchAll(/<div class="n">(\d+)<\/div>/g)].map((m) => Number(m[1]));
    expect(counts(first.body).reduce((x, y) => x + y, 0)).toBe(total);
    expect(counts(second.body)).toEqual(counts(first.body));
  });

  it('refuses a page that is not a page number, by name', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/components?page=0', headers: official.headers });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('页码从 1 开始');
  });
});
