import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { freshHeaders, view, type People } from '../problems/people.ts';
import { attractionWorld } from '../attraction/world.ts';
import { supplierKey } from '../../server/attraction/targets.ts';
import { SUPPLIER } from './world.ts';

let ctx: TestCtx;
let people: People;
const fragment = (url: string, s = people.official) => ctx.app.inject({ method: 'GET', url, headers: { ...freshHeaders(ctx, s), 'hx-request': 'true' } });

beforeEach(async () => {
  ctx = await testApp();
  people = (await attractionWorld(ctx)).people;
});
afterEach(async () => { await ctx.close(); });

describe('the dashboard what-if', () => {
  it('gives the rate if the quoting deals sign and if the top projects operate (by hand: 400000 total, 90000 local)', async () => {
    const sqlite = ctx.database.sqlite;
    sqlite.prepare(`insert into deals (component_id, buyer_id, supplier_id, stage, annual_value_wan, created_at, updated_at)
      select c.id, c.buyer_id, (select id from enterprises where uscc = ?), 'quoting', 2000, 0, 0 from components c where c.ref = 'CA'`).run(SUPPLIER);
    await ctx.app.inject({ method: 'POST', url: '/attraction/projects', headers: freshHeaders(ctx, people.official), payload: {
      title: '引进苏州嘉隆', target: supplierKey('苏州嘉隆实业有限公司'), chain: 'auto', responsible_name: '王', department: 'jxj' } });
    const res = await fragment('/dashboard/what-if?year=2026&top=1');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('<div class="n">22.5%</div><div class="l">当前近地配套率</div>');
    expect(res.body).toContain(`${((92000 / 400000) * 100).toFixed(1)}%</div><div class="l">若报价阶段的 1 个本地商机全部签约`);
    expect(res.body).toContain(`${((99000 / 400000) * 100).toFixed(1)}%</div><div class="l">若前 1 个招商项目投产运营`);
    // all six parts (13300) cannot reach 40%: said plainly
    expect(res.body).toContain(`即使本地化全部 6 个外采件，也只能达到 ${((103300 / 400000) * 100).toFixed(1)}%`);
    const page = await view(ctx, people.official, '/dashboard/what-if?year=2026');
    expect(page.body).toContain('<html');
    expect((await view(ctx, people.official, '/dashboard/what-if?top=0')).statusCode).toBe(400);
    expect((await view(ctx, people.buyerA, '/dashboard/what-if')).statusCode).toBe(403);
  });

  it('shows the fewest parts to 40% for the city and each chain, largest first', async () => {
    const sqlite = ctx.database.sqlite;
    // A: 10000 total, 1000 local; B: 20000 / 5000 → 20%; 40% needs 12000: short 6000
    sqlite.prepare(`update procurement set total_wan = 10000, local_wan = 1000 where buyer_id = (select buyer_id from components where ref = 'CA')`).run();
    sqlite.prepare(`update procurement set total_wan = 20000, local_wan = 5000 where buyer_id = (select buyer_id from components where ref = 'CB')`).run();
    const b = (await fragment('/dashboard/what-if?year=2026')).body;
    expect(b).toContain('还差本地采购额 6,000 万元：本地化以下 <strong>2</strong> 个外采件');
    expect(b.indexOf('CA5 转向节')).toBeLessThan(b.indexOf('CA6 支架'));
    expect(b).toMatch(/<a href="\/chains\/auto">汽车产业链<\/a><\/td><td>10.0%<\/td>\s*<td class="distance">3,000 万元<\/td>\s*<td>1 个外采件<\/td>/);
    expect(b).toMatch(/<a href="\/chains\/equipment">智能装备产业链<\/a><\/td><td>25.0%<\/td>\s*<td class="distance">3,000 万元<\/td>\s*<td>1 个外采件<\/td>/);
    const scoped = (await fragment('/dashboard/what-if?year=2026', people.equipmentOfficial)).body;
    expect(scoped).not.toContain('汽车产业链');
    expect(scoped).not.toContain('CA5');
  });

  it('has a slot on the dashboard that loads it', async () => {
    const page = await view(ctx, people.official, '/dashboard?year=2026');
    expect(page.body).toContain('hx-get="/dashboard/what-if?year=2026"');
  });
});
