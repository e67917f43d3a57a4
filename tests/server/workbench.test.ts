import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { loadWorld, SUPPLIER } from './world.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  ctx.app.matching.queueStale();
  await ctx.app.matching.settled();
});
afterEach(async () => { await ctx.close(); });

const home = async (headers: Record<string, string> = {}) => (await ctx.app.inject({ method: 'GET', url: '/', headers })).body;

describe('home page workbench', () => {
  it('shows a buyer their parts by status and their deals, each number a link', async () => {
    const buyer = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
    await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: buyer.headers, payload: { component_ref: 'CA', supplier_uscc: SUPPLIER } });
    const body = await home(buyer.headers);
    expect(body).toContain('襄阳甲汽车有限公司');
    expect(body).toMatch(/href="\/components\?status=in_deal"><strong class="">1<\/strong> 件对接中/);
    expect(body).toMatch(/href="\/components\?status=no_local"><strong class="">0<\/strong> 件外采件暂无本地候选/);
    expect(body).toMatch(/<strong class="">1<\/strong> 个商机进行中（采购方）/);
  });

  it('shows a supplier the deals proposed to it and listings about to expire', async () => {
    const supplier = await signIn(ctx, 'enterprise', { enterpriseId: w.supplier });
    ctx.database.sqlite.prepare(`update listings set valid_until = '2026-12-10' where ref = 'LS'`).run();
    const buyer = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
    await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: buyer.headers, payload: { component_ref: 'CA', supplier_uscc: SUPPLIER } });
    const body = await home(supplier.headers);
    expect(body).toMatch(/<strong class="">1<\/strong> 个商机向本企业询价（供应方）/);
    expect(body).toMatch(/<strong class="warn-text">1<\/strong> 条将在 30 天内到期/);
  });

  it('shows nothing personal to a visitor', async () => {
    expect(await home()).not.toContain('workbench');
  });
});
