import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { fetchDocument, responseChecker } from './openapi.ts';

let ctx: TestCtx;
beforeEach(async () => { ctx = await testApp({ config: { apiRateLimit: 3 } }); });
afterEach(async () => { await ctx.close(); });

const token = (name: string) => ctx.app.accounts.createApiToken({ name, role: 'official', enterpriseId: null, createdBy: null }, ctx.clock.now()).token;
const get = (url: string, bearer?: string) => ctx.app.inject({ method: 'GET', url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

describe('per-token rate limits on /api', () => {
  it('answers 429 with Retry-After and the API error body once a token used its minute, and counts each token apart', async () => {
    const a = token('erp-a');
    const b = token('erp-b');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/api/deals', a)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await get('/api/deals', a);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^请求过于频繁：每分钟最多 3 次，请 \d+ 秒后重试$/) });
    expect(responseChecker(await fetchDocument(ctx))('GET', '/api/deals', 429, limited.json())).toEqual([]);
    expect((await get('/api/deals', b)).statusCode).toBe(200);
  });

  it('limits anonymous calls by address, and never the pages', async () => {
    for (let i = 0; i < 3; i++) expect((await get('/api/search?q=压铸')).statusCode).toBe(200);
    expect((await get('/api/search?q=压铸')).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) expect((await get('/listings')).statusCode).toBe(200);
  });

  it('is off when API_RATE_LIMIT is 0', async () => {
    const off = await testApp({ config: { apiRateLimit: 0 } });
    try {
      for (let i = 0; i < 10; i++) expect((await off.app.inject({ method: 'GET', url: '/api/search?q=x' })).statusCode).toBe(200);
    } finally {
      await off.close();
    }
  });
});
