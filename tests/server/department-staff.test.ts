/**
 * Department staff (officials bound to a city department) see the cases assigned to their
 * department and what those cases link to, nothing else — unless also given an explicit chain or
 * county scope, which makes them officials of that scope too. Official API tokens carry a scope.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, type Session, testApp, type TestCtx } from '../helpers.ts';
import { move, raised } from '../problems/people.ts';
import { SUPPLIER, loadWorld } from './world.ts';
import { openDatabase } from '../../db/client.ts';
import { runScript } from '../../scripts/reliability/server-process.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let deals: { a: number; b: number };
let caseRef: string;
let city: Session;

beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  const buyerA = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
  const buyerB = await signIn(ctx, 'procurement', { enterpriseId: w.firmB });
  const open = async (s: Session, ref: string) => (await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: s.headers, payload: { component_ref: ref, supplier_uscc: SUPPLIER } })).json().id as number;
  deals = { a: await open(buyerA, 'CA'), b: await open(buyerB, 'CB') };
  city = await signIn(ctx, 'official');
  // Firm A's buyer raises a case about component CA and its deal; the work team assigns it to 市经信局 (jxj).
  caseRef = await raised(ctx, buyerA, { title: '样件检测排期', component: 'CA', deal: String(deals.a) });
  expect((await move(ctx, city, caseRef, { action: 'assign', department: 'jxj', deadline: '2026-12-20', version: 1 })).statusCode).toBe(303);
});
afterEach(async () => { await ctx.close(); });

async function staff(department: string, scope: { scopeChains?: string[]; scopeRegions?: string[] } = {}) {
  const s = await signIn(ctx, 'official', scope);
  ctx.database.sqlite.prepare('update users set department_id = ? where id = ?').run(department, s.userId);
  return s;
}
const status = async (url: string, s: Session) => (await ctx.app.inject({ method: 'GET', url, headers: s.headers })).statusCode;
const listedDeals = async (s: Session) => [...(await ctx.app.inject({ method: 'GET', url: '/deals', headers: s.headers })).body.matchAll(/href="\/deals\/(\d+)"/g)].map((m) => Number(m[1]));

describe('department staff without an official scope', () => {
  it('see their case and what it links to, and nothing city-wide', async () => {
    const jxj = await staff('jxj');
    expect(await status(`/problems/${caseRef}`, jxj)).toBe(200);
    expect(await status('/components/CA', jxj)).toBe(200);
    expect(await status('/api/components/CA/matches', jxj)).toBe(200);
    expect(await status(`/deals/${deals.a}`, jxj)).toBe(200);
    expect(await listedDeals(jxj)).toEqual([deals.a]);
    for (const url of ['/components/CB', '/api/components/CB/matches', `/deals/${deals.b}`, `/api/deals/${deals.b}`, '/components', '/dashboard',
      '/dashboard/near-site?year=2026', '/reports/quarterly.csv', '/api/metrics/near-site?year=2026', '/dispatch/auto']) {
      expect(`${url} ${await status(url, jxj)}`).toBe(`${url} 403`);
    }
    const home = (await ctx.app.inject({ method: 'GET', url: '/', headers: jxj.headers })).body;
    expect(home).not.toContain('href="/dashboard"');
    expect(home).not.toContain('href="/components"');
    expect(home).toContain('href="/problems"');
  });

  it('another department sees none of it, and the links go when the case is handed back', async () => {
    const gdj = await staff('gdj');
    const jxj = await staff('jxj');
    for (const url of [`/problems/${caseRef}`, '/components/CA', `/deals/${deals.a}`]) expect(`${url} ${await status(url, gdj)}`).toBe(`${url} 403`);
    expect(await listedDeals(gdj)).toEqual([]);
    const version = ctx.database.sqlite.prepare('select version from problems where ref = ?').pluck().get(caseRef);
    expect((await move(ctx, jxj, caseRef, { action: 'return', note: '不属于本部门职责', version })).statusCode).toBe(303);
    expect(await status('/components/CA', jxj)).toBe(403);
    expect(await listedDeals(jxj)).toEqual([]);
  });
});

describe('department staff also given an official scope', () => {
  it('are officials of that scope as well: its dashboard, components, deals and cases', async () => {
    const both = await staff('gdj', { scopeChains: ['equipment'] });
    expect(await status('/dashboard', both)).toBe(200);
    expect(await status('/components/CB', both)).toBe(200);
    expect(await status('/components/CA', both)).toBe(403);
    expect(await listedDeals(both)).toEqual([deals.b]);
    const firmB = await signIn(ctx, 'enterprise', { enterpriseId: w.firmB });
    const equipmentCase = await raised(ctx, firmB, { title: '用电增容' });
    expect((await move(ctx, both, equipmentCase, { action: 'assign', department: 'jxj', deadline: '2026-12-20', version: 1 })).statusCode).toBe(303);
  });
});

describe('official API tokens', () => {
  it('carry a chain and county scope like official users (admin page)', async () => {
    const admin = await signIn(ctx, 'admin');
    const created = await ctx.app.inject({ method: 'POST', url: '/admin/tokens', headers: admin.headers,
      payload: { name: '装备链专班 ERP', role: 'official', scopeChains: 'equipment' } });
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatch(/装备链专班 ERP<\/td>.*?<td[^>]*>智能装备产业链<\/td>/s);
    const token = /<div class="secret">(llt_[\w-]+)<\/div>/.exec(created.body)![1]!;
    const bearer = { authorization: `Bearer ${token}` };
    const get = async (url: string) => (await ctx.app.inject({ method: 'GET', url, headers: bearer })).statusCode;
    expect(await get('/api/components/CB/matches')).toBe(200);
    expect(await get('/api/components/CA/matches')).toBe(403);
    expect(await get(`/api/deals/${deals.b}`)).toBe(200);
    expect(await get(`/api/deals/${deals.a}`)).toBe(403);
    expect(await get('/api/metrics/near-site?year=2026')).toBe(403);
    expect(await get('/api/metrics/near-site?year=2026&chain=equipment')).toBe(200);
    const bad = await ctx.app.inject({ method: 'POST', url: '/admin/tokens', headers: admin.headers, payload: { name: 'x', role: 'official', scopeChains: 'no-such-chain' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('含未知的产业链');
  });

  it('carry a scope from the command line too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-token-'));
    try {
      openDatabase(join(dir, 'lianliantong.sqlite')).close();
      const out = await runScript('scripts/token.ts', ['--role', 'official', '--name', '樊城区 数据平台', '--scope-chains', 'auto,equipment', '--scope-regions', '420606'], { DATA_DIR: dir });
      expect(out.trim().split('\n').pop()).toMatch(/^llt_/);
      const db = new Database(join(dir, 'lianliantong.sqlite'), { readonly: true });
      expect(db.prepare('select role, scope_chains as chains, scope_regions as regions from api_tokens').get()).toEqual({ role: 'official', chains: '["auto","equipment"]', regions: '["420606"]' });
      db.close();
      await expect(runScript('scripts/token.ts', ['--role', 'official', '--scope-chains', 'nope'], { DATA_DIR: dir })).rejects.toThrow(/--scope-chains: 含未知的产业链/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
