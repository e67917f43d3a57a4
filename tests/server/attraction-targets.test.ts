import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { view, type People } from '../problems/people.ts';
import { attractionWorld } from '../attraction/world.ts';
import { FIRM_A, FIRM_B, SUPPLIER } from './world.ts';
import { apiClient } from '../api/client.ts';

let ctx: TestCtx;
let people: People;
beforeEach(async () => {
  ctx = await testApp();
  people = (await attractionWorld(ctx)).people;
});
afterEach(async () => { await ctx.close(); });

const api = async (who: keyof People, query = '') => {
  const res = await view(ctx, people[who], `/api/attraction/targets${query}`);
  return { status: res.statusCode, body: res.json() };
};

describe('GET /api/attraction/targets', () => {
  it('ranks outside single sources by annual value, in the shape CONTRACT.md gives', async () => {
    const { status, body } = await api('official');
    expect(status).toBe(200);
    expect(body.targets.map((t: { supplier: string; annual_value_wan: number }) => [t.supplier, t.annual_value_wan])).toEqual([
      ['苏州嘉隆实业有限公司', 9000], ['宁波凤檀实业有限公司', 2000], ['上海襄丰实业有限公司', 1500],
    ]);
    const top = body.targets[0];
    expect(Object.keys(top)).toEqual(expect.arrayContaining(['supplier', 'region', 'annual_value_wan', 'components', 'buyers', 'chains']));
    expect(top).toMatchObject({ region: '苏州市', components: ['CA5', 'CB3', 'CA6'], buyers: [FIRM_A, FIRM_B], chains: ['auto', 'equipment'] });
    // 9000 of the city's 400000 total: +2.25 points
    expect(top.rate_gain_points).toBeCloseTo((9000 / 400000) * 100, 2);
  });

  it('answers with a Bearer token, as its OpenAPI document says (every body checked against it)', async () => {
    const client = await apiClient(ctx);
    const official = await client.call('GET', '/api/attraction/targets?chain=auto', client.token('official'));
    expect(official.statusCode).toBe(200);
    expect(official.json().targets.map((t: { supplier: string }) => t.supplier)).toEqual(['苏州嘉隆实业有限公司', '宁波凤檀实业有限公司']);
    expect((await client.call('GET', '/api/attraction/targets', client.token('enterprise', ctx.database.sqlite.prepare('select id from enterprises where uscc = ?').pluck().get(SUPPLIER) as number))).statusCode).toBe(403);
    expect((await client.call('GET', '/api/attraction/targets?region=' + 'x'.repeat(81), client.token('admin'))).statusCode).toBe(400);
  });

  it('leaves out a part localised by a signed local deal, and lists it apart', async () => {
    const sqlite = ctx.database.sqlite;
    sqlite.prepare(`insert into deals (component_id, buyer_id, supplier_id, stage, annual_value_wan, signed_at, created_at, updated_at)
      select c.id, c.buyer_id, (select id from enterprises where uscc = ?), 'signed', 5000, ?, 0, 0 from components c where c.ref = 'CA5'`).run(SUPPLIER, ctx.clock.now());
    const { body } = await api('official');
    expect(body.targets[0]).toMatchObject({ supplier: '苏州嘉隆实业有限公司', annual_value_wan: 4000, components: ['CB3', 'CA6'] });
    expect(body.left_out).toEqual([{ ref: 'CA5', supplier: '苏州嘉隆实业有限公司', reason: 'localised' }]);
  });

  it('shows a buyer only its own parts, an official only its chains and counties', async () => {
    const buyer = (await api('buyerA')).body;
    expect(buyer.targets.map((t: { supplier: string; annual_value_wan: number; components: string[] }) => [t.supplier, t.annual_value_wan, t.components]))
      .toEqual([['苏州嘉隆实业有限公司', 6000, ['CA5', 'CA6']], ['宁波凤檀实业有限公司', 2000, ['CA']]]);
    expect(JSON.stringify(buyer)).not.toContain(FIRM_B);
    expect(JSON.stringify(buyer)).not.toContain('CB3');
    const equipment = (await api('equipmentOfficial')).body;
    expect(equipment.targets.map((t: { components: string[] }) => t.components)).toEqual([['CB3'], ['CB4']]);
    const fancheng = (await api('fanchengOfficial')).body; // firm B's county
    expect(fancheng.targets.flatMap((t: { buyers: string[] }) => t.buyers)).toEqual([FIRM_B, FIRM_B]);
    expect((await api('firmA')).status).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/attraction/targets' })).statusCode).toBe(401);
  });

  it('filters by chain (id or name), by the buyers\' county, or by where the supplier is', async () => {
    expect((await api('official', '?chain=equipment')).body.targets.map((t: { components: string[] }) => t.components)).toEqual([['CB3'], ['CB4']]);
    expect((await api('official', `?chain=${encodeURIComponent('智能装备产业链')}`)).body.targets).toHaveLength(2);
    expect((await api('official', `?region=${encodeURIComponent('襄州区')}`)).body.targets.map((t: { annual_value_wan: number }) => t.annual_value_wan)).toEqual([6000, 2000]);
    expect((await api('official', '?region=420607')).body.targets).toHaveLength(2);
    expect((await api('official', `?region=${encodeURIComponent('苏州市')}`)).body.targets.map((t: { supplier: string }) => t.supplier)).toEqual(['苏州嘉隆实业有限公司']);
    const bad = await api('official', '?chain=moon');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('未知的产业链「moon」');
  });
});

describe('the targets page', () => {
  it('shows the largest target first with its parts, buyers, the rate gained, the closest local firm and a way to start a project', async () => {
    const page = await view(ctx, people.official, '/attraction');
    expect(page.statusCode).toBe(200);
    const b = page.body;
    expect(b.indexOf('苏州嘉隆实业有限公司')).toBeLessThan(b.indexOf('宁波凤檀实业有限公司'));
    expect(b).toContain('9,000 万元');
    expect(b).toContain('+2.25 个百分点');
    expect(b).toContain('襄阳甲汽车有限公司、襄阳乙装备有限公司');
    // 丙 can make the 苏州 parts today; for 上海's 轴承座 it lacks AS9100
    // the part named is the one the firm scores best on (any of the target's parts it qualifies for)
    expect(b).toMatch(/本地已有合格企业：<a href="\/enterprises\/[0-9A-Z]+">襄阳丙精密铸造有限公司<\/a>（[^）]+）等，3 个外采件有本地合格候选/);
    expect(b).toMatch(/最接近的本地企业：<a[^>]*>襄阳丙精密铸造有限公司<\/a>（轴承座）——缺少AS9100/);
    expect(b).toContain(`/attraction/projects/new?target=`);
    expect(b).toContain('未列明现供应商的外采件（1）');
  });

  it('lets a buyer see its own targets without the project button, and refuses a firm', async () => {
    const page = await view(ctx, people.buyerA, '/attraction');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('减速机箱体');
    expect(page.body).not.toContain('发起招商项目');
    expect((await view(ctx, people.firmA, '/attraction')).statusCode).toBe(403);
  });
});
