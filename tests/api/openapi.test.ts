import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { documentPath, documentProblems, fetchDocument, responseChecker, type Document } from './openapi.ts';

let ctx: TestCtx;
let doc: Document;
beforeAll(async () => {
  ctx = await testApp();
  doc = await fetchDocument(ctx);
});
afterAll(() => ctx.close());

/** Every registered /api route as [METHOD, url], HEAD left out. */
function apiRoutes(): [string, string][] {
  return ctx.app.registeredRoutes.filter((r) => r.url.startsWith('/api/'))
    .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m): [string, string] => [m, r.url]));
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and valid against the official schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(documentProblems(doc)).toEqual([]);
  });

  it('a broken document is caught by the same check', () => {
    const broken = structuredClone(doc) as Record<string, unknown>;
    delete broken.info;
    expect(documentProblems(broken).length).toBeGreaterThan(0);
  });

  it('describes every registered /api route, and nothing else', () => {
    const registered = apiRoutes();
    expect(registered.length).toBeGreaterThan(8);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(documented).toEqual(registered.map(([m, url]) => `${m} ${documentPath(url)}`).sort());
  });

  it('gives every /api route a schema for its input and every JSON answer', () => {
    const missing = ctx.app.registeredRoutes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .filter((r) => !(r as { schema?: { response?: unknown } }).schema?.response).map((r) => `${String(r.method)} ${r.url}`);
    expect(missing).toEqual([]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const statuses = Object.keys(op.responses);
        if (path !== '/api/docs' && path !== '/api/openapi.json') expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '401', '403', '429']));
      }
    }
  });

  it('is served with the bearer scheme, and public routes say they need none', () => {
    const raw = doc as unknown as { components: { securitySchemes: Record<string, { scheme: string }> }; paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(raw.components.securitySchemes.bearer?.scheme).toBe('bearer');
    expect(raw.paths['/api/search']?.get?.security).toEqual([]);
    expect(raw.paths['/api/deals']?.post?.security).toBeUndefined();
  });

  it('the response checker refuses a body that breaks the documented shape', () => {
    const check = responseChecker(doc);
    expect(check('GET', '/api/deals/:id', 404, { error: 'not_found', message: '商机 #9 不存在' })).toEqual([]);
    expect(check('GET', '/api/deals/:id', 404, { error: 404 })).not.toEqual([]);
  });
});

describe('validation errors', () => {
  it('name the field and the rule, in Chinese', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/search?limit=500&sort=fast' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('invalid_request');
    expect(body.details).toEqual(expect.arrayContaining([
      { field: 'limit', rule: 'too_big', message: 'limit 须在 1 到 100 之间' },
      { field: 'sort', rule: 'invalid_value', message: '排序须为 relevance、newest 或 distance' },
    ]));
    expect(body.message).toContain('limit: limit 须在 1 到 100 之间');
    expect(responseChecker(doc)('GET', '/api/search', 400, body)).toEqual([]);
  });

  it('a rule without its own message still gets a Chinese one', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: { authorization: `Bearer ${ctx.app.accounts.createApiToken({ name: 'v', role: 'admin', enterpriseId: null, createdBy: null }, ctx.clock.now()).token}` },
      payload: { component_ref: 'CA', supplier_uscc: 'x', note: 7 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([{ field: 'note', rule: 'invalid_type', message: '须为文本（收到 number）' }]);
  });
});

describe('the reference page', () => {
  it('serves Swagger UI from this server, with no inline script or style', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/<style|\sstyle=/);
    const assets = [...page.body.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!).filter((u) => !u.startsWith('/api/openapi') && u !== '/');
    expect(assets).toEqual(expect.arrayContaining(['/vendor/swagger-ui-bundle.js', '/vendor/swagger-ui.css', '/static/api-docs.js']));
    for (const url of assets) expect((await ctx.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
  });
});
