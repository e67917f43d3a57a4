import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { FIRM_A, FIRM_B, SUPPLIER, loadWorld } from './world.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let tokens: Record<'buyerA' | 'buyerB' | 'official' | 'supplier' | 'admin', string>;

beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  const make = (role: 'procurement' | 'official' | 'enterprise' | 'admin', enterpriseId: number | null) =>
    ctx.app.accounts.createApiToken({ name: role, role, enterpriseId, createdBy: null }, ctx.clock.now()).token;
  tokens = { buyerA: make('procurement', w.firmA), buyerB: make('procurement', w.firmB), official: make('official', null), supplier: make('enterprise', w.supplier), admin: make('admin', null) };
});
afterEach(async () => { await ctx.close(); });

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method, url, payload: payload as Record<string, unknown>, headers: { authorization: `Bearer ${token}`, ...headers } });

async function open(token = tokens.buyerA) {
  const res = await api('POST', '/api/deals', token, { component_ref: 'CA', supplier_uscc: SUPPLIER });
  return { res, id: res.json().id as number };
}

describe('deals API', () => {
  it('opens a deal at recommended for the buyer\'s own component, and refuses another firm\'s', async () => {
    const { res } = await open();
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ stage: 'recommended', version: 1 });
    const other = await api('POST', '/api/deals', tokens.buyerB, { component_ref: 'CA', supplier_uscc: SUPPLIER });
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toBe('forbidden');
    const self = await api('POST', '/api/deals', tokens.buyerA, { component_ref: 'CA', supplier_uscc: FIRM_A });
    expect(self.statusCode).toBe(422);
    const twice = await api('POST', '/api/deals', tokens.buyerA, { component_ref: 'CA', supplier_uscc: SUPPLIER });
    expect(twice.statusCode).toBe(409);
    const bad = await api('POST', '/api/deals', tokens.buyerA, { component_ref: 'CA', listing_ref: 'LA', supplier_uscc: SUPPLIER });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0]).toMatchObject({ field: 'component_ref' });
  });

  it('moves through every stage with who and when; a forbidden move is 409', async () => {
    const { id } = await open();
    for (const [i, to] of ['contacted', 'sampling', 'quoting', 'signed', 'supplying'].entries()) {
      const res = await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to, note: `第${i + 1}步` });
      expect(res.statusCode, to).toBe(200);
      expect(res.json()).toMatchObject({ stage: to, version: i + 2 });
    }
    const back = await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'quoting' });
    expect(back.statusCode).toBe(409);
    expect(back.json().error).toBe('forbidden_move');
    const detail = (await api('GET', `/api/deals/${id}`, tokens.official)).json();
    expect(detail.events.map((e: { to: string }) => e.to)).toEqual(['recommended', 'contacted', 'sampling', 'quoting', 'signed', 'supplying']);
    expect(detail.events[4]).toMatchObject({ from: 'quoting', note: '第4步', by: '令牌:procurement' });
    expect(detail.annual_value_wan).toBe(2000);
  });

  it('skipping a stage is 409; lost needs a reason; only the buyer side moves a deal', async () => {
    const { id } = await open();
    expect((await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'quoting' })).statusCode).toBe(409);
    expect((await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'lost' })).statusCode).toBe(422);
    expect((await api('POST', `/api/deals/${id}/transitions`, tokens.supplier, { to: 'contacted' })).statusCode).toBe(403);
    expect((await api('GET', `/api/deals/${id}`, tokens.supplier)).statusCode).toBe(200);
    expect((await api('GET', `/api/deals/${id}`, tokens.buyerB)).statusCode).toBe(403);
    const lost = await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'lost', reason: '供应商产能不足' });
    expect(lost.statusCode).toBe(200);
    expect((await api('GET', `/api/deals/${id}`, tokens.admin)).json().lost_reason).toBe('供应商产能不足');
  });

  it('a retry with the same Idempotency-Key returns the first answer and changes nothing', async () => {
    const { id } = await open();
    const key = { 'idempotency-key': 'move-1' };
    const first = await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'contacted' }, key);
    const retry = await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'contacted' }, key);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(ctx.database.sqlite.prepare('select count(*) from deal_events where deal_id = ?').pluck().get(id)).toBe(2);
    expect(ctx.database.sqlite.prepare('select version from deals where id = ?').pluck().get(id)).toBe(2);
    const reused = await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'lost', reason: 'x' }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error).toBe('idempotency_key_reused');
    // the same key from another client is its own key
    const admin = await api('POST', `/api/deals/${id}/transitions`, tokens.admin, { to: 'sampling' }, key);
    expect(admin.json()).toMatchObject({ stage: 'sampling', version: 3 });
  });

  it('two people moving the same deal: the second, on a stale version, gets 409 and overwrites nothing', async () => {
    const { id } = await open();
    const one = await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'contacted', version: 1 });
    expect(one.statusCode).toBe(200);
    const two = await api('POST', `/api/deals/${id}/transitions`, tokens.admin, { to: 'lost', reason: '重复', version: 1 });
    expect(two.statusCode).toBe(409);
    expect(two.json().error).toBe('version_conflict');
    const ifMatch = await api('POST', `/api/deals/${id}/transitions`, tokens.admin, { to: 'lost', reason: '重复' }, { 'if-match': '"1"' });
    expect(ifMatch.statusCode).toBe(409);
    expect(ctx.database.sqlite.prepare('select stage from deals where id = ?').pluck().get(id)).toBe('contacted');
  });

  it('401 without or with a bad token', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: '/api/deals', payload: { component_ref: 'CA', supplier_uscc: SUPPLIER } })).statusCode).toBe(401);
    expect((await api('GET', '/api/deals/1', 'llt_bogus')).statusCode).toBe(401);
    expect((await api('GET', '/api/deals/1', 'llt_bogus')).json()).toEqual({ error: 'unauthenticated', message: 'API 令牌缺失、无效或已吊销' });
  });
});

describe('near-site API', () => {
  const rate = async (token: string, query: string) => (await api('GET', `/api/metrics/near-site?${query}`, token));

  it('moves when a local deal is signed, counts a component once, and drops a lost deal', async () => {
    const before = (await rate(tokens.official, 'year=2026')).json();
    expect(before).toMatchObject({ total_wan: 400000, local_wan: 90000, target: 0.4 });
    const { id } = await open();
    for (const to of ['contacted', 'sampling', 'quoting']) await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to });
    await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'signed', annual_value_wan: 1800 });
    const after = (await rate(tokens.official, 'year=2026')).json();
    expect(after.local_wan).toBe(90000 + 1800);
    expect(after.rate).toBeCloseTo(91800 / 400000, 4);
    // a second local supplier signed for the same component changes nothing
    ctx.database.sqlite.prepare(`insert into deals (component_id, buyer_id, supplier_id, stage, annual_value_wan, signed_at, created_at, updated_at)
      values ((select id from components where ref = 'CA'), ?, ?, 'supplying', 999, ?, ?, ?)`).run(w.firmA, w.firmB, ctx.clock.now() + 1, ctx.clock.now(), ctx.clock.now());
    expect((await rate(tokens.official, 'year=2026')).json().local_wan).toBe(91800);
    await api('POST', `/api/deals/${id}/transitions`, tokens.buyerA, { to: 'lost', reason: '试产失败' });
    // the other deal (firm B is local) now localises the component
    expect((await rate(tokens.official, 'year=2026')).json().local_wan).toBe(90000 + 999);
    expect((await rate(tokens.official, 'year=2026&chain=auto')).json()).toMatchObject({ total_wan: 300000, local_wan: 60999 });
  });

  it('lets procurement staff see only their own firm, and refuses enterprise users', async () => {
    expect((await rate(tokens.buyerA, `year=2026&buyer_uscc=${FIRM_A}`)).json()).toMatchObject({ total_wan: 300000, local_wan: 60000 });
    expect((await rate(tokens.buyerA, `year=2026&buyer_uscc=${FIRM_B}`)).statusCode).toBe(403);
    expect((await rate(tokens.buyerA, 'year=2026')).statusCode).toBe(403);
    expect((await rate(tokens.supplier, 'year=2026')).statusCode).toBe(403);
    expect((await rate(tokens.official, 'quarter=5')).statusCode).toBe(400);
  });
});
