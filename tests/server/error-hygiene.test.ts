/** Redirect targets after login, and error responses: the same headers and a Chinese page (or the contract's JSON) whatever failed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { loadWorld } from './world.ts';

let ctx: TestCtx;
beforeAll(async () => {
  ctx = await testApp();
  loadWorld(ctx);
  await ctx.app.accounts.createUser({ username: 'zhang.official', displayName: '张', role: 'official', enterpriseId: null, password: 'a long enough passphrase' }, ctx.clock.now());
});
afterAll(async () => { await ctx.close(); });

async function login(next: string, remoteAddress: string) {
  const page = await ctx.app.inject({ method: 'GET', url: '/login' });
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return ctx.app.inject({ method: 'POST', url: '/login', remoteAddress, headers: { cookie },
    payload: { username: 'zhang.official', password: 'a long enough passphrase', _csrf: token, next } });
}

const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'permissions-policy'];

describe('the page after login', () => {
  const hostile = ['/\t/evil.example/x', '/\n/evil.example', '/\\evil.example', '/ /evil.example', '/x\r\nSet-Cookie: a=b', '/\u0000/evil.example', '//evil.example', 'https://evil.example/'];
  hostile.forEach((next, i) => {
    it(`refuses ${JSON.stringify(next)} and sends the user home instead`, async () => {
      const res = await login(next, `198.51.100.${i + 1}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    });
  });

  it('keeps an ordinary path, percent-encoded characters included', async () => {
    const res = await login('/search?q=%E5%8E%8B%E9%93%B8%20CNC', '198.51.100.99');
    expect(res.headers.location).toBe('/search?q=%E5%8E%8B%E9%93%B8%20CNC');
  });

  it('does not carry a hostile next into the login form', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/login?next=/%09/evil.example/x' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/"');
  });
});

describe('error responses', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`GET /vendor/${name} is a plain 404`, async () => {
      const res = await ctx.app.inject({ method: 'GET', url: `/vendor/${name}` });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('<h1>页面不存在</h1>');
      expect(res.headers['cache-control']).toBe('no-store');
    });
  }

  it('a URL that does not decode gets the Chinese error page with every security header', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/components/%ff' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('网址格式无效');
    expect(res.body).not.toContain('FST_ERR');
    for (const h of SECURITY) expect(res.headers[h], h).toBeTruthy();
  });

  it('answers the same on the API, and to a client that asks for JSON, with the contract error', async () => {
    for (const req of [{ url: '/api/components/%ff/matches' }, { url: '/components/%ff', headers: { accept: 'application/json' } }]) {
      const res = await ctx.app.inject({ method: 'GET', ...req });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_request', message: '网址格式无效' });
      for (const h of SECURITY) expect(res.headers[h], h).toBeTruthy();
    }
  });

  it('every error carries the same security headers as a page', async () => {
    const official = await signIn(ctx, 'official', { scopeChains: ['equipment'] });
    const page = await ctx.app.inject({ method: 'GET', url: '/' });
    const errors = await Promise.all([
      ctx.app.inject({ method: 'GET', url: '/no/such/page' }),
      ctx.app.inject({ method: 'GET', url: '/components/%ff' }),
      ctx.app.inject({ method: 'GET', url: '/vendor/constructor' }),
      ctx.app.inject({ method: 'GET', url: '/api/components/CA/matches' }),
      ctx.app.inject({ method: 'GET', url: '/components/CA', headers: official.headers }),
      ctx.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: '{broken' }),
      ctx.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'text/x-unknown' }, payload: 'x' }),
      ctx.app.inject({ method: 'GET', url: '/admin/audit', headers: { authorization: 'Bearer nope' } }),
    ]);
    expect(errors.map((e) => e.statusCode)).toEqual([404, 400, 404, 401, 403, 400, 415, 401]);
    for (const e of errors) {
      for (const h of SECURITY) expect(e.headers[h], `${h} on ${e.statusCode}`).toBe(page.headers[h]);
      expect(e.headers['cache-control']).toBe('no-store');
    }
  });

  it('heads a refusal as one: 「无权访问」, not 「请求有误」', async () => {
    const official = await signIn(ctx, 'official', { scopeChains: ['equipment'] });
    const res = await ctx.app.inject({ method: 'GET', url: '/components/CA', headers: official.headers });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>无权访问</h1>');
    expect(res.body).not.toContain('请求有误');
  });
});
