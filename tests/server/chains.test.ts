import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { freshHeaders, view, type People } from '../problems/people.ts';
import { attractionWorld } from '../attraction/world.ts';

let ctx: TestCtx;
let people: People;
beforeEach(async () => {
  ctx = await testApp();
  const w = await attractionWorld(ctx);
  people = w.people;
  // A part no local firm can make (precision grinding of 20CrMnTi gears), then attracted by a project.
  ctx.database.sqlite.prepare(`insert into components (ref, buyer_id, name, chain_id, materials, processes, certifications_required, annual_value_wan,
      current_supplier, current_supplier_region, created_at, updated_at) values ('CB5', ?, '减速机齿轮', 'equipment', '20CrMnTi', '磨齿', 'ISO9001', 4000, '青岛泰恒实业有限公司', '青岛市', 0, 0)`).run(w.firmB);
  ctx.app.deps.feed.committed({ enterprises: [], listings: [], components: [ctx.database.sqlite.prepare(`select id from components where ref = 'CB5'`).pluck().get() as number] });
  await ctx.app.matching.settled();
});
afterEach(async () => { await ctx.close(); });

const mapData = (body: string) => JSON.parse(/<script type="application\/json" id="chain-map-data">([^<]*)<\/script>/.exec(body)![1]!) as {
  nodes: { key: string; level: number; label: string; value: number; coverage: string; count: number }[]; links: { source: string; target: string; weight: number; coverage: string }[];
};

describe('one chain, one map', () => {
  it('draws materials → parts → assemblies → leaders, each node coloured by local coverage', async () => {
    const page = await view(ctx, people.official, '/chains/equipment');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/vendor/echarts.min.js');
    expect(page.body).toContain('/static/chain-map.js');
    expect(page.body).not.toMatch(/<script>(?!<)/); // no inline script (the JSON block is data)
    const data = mapData(page.body);
    const node = (label: string) => data.nodes.find((n) => n.label === label)!;
    expect(node('襄阳乙装备有限公司')).toMatchObject({ level: 3, value: 3000 + 1500 + 800 + 4000, count: 4 });
    expect(node('齿轮')).toMatchObject({ level: 1, coverage: 'gap', value: 4000 });
    expect(node('轴承座').coverage).toBe('cultivation'); // 丙 lacks only AS9100
    expect(data.links.filter((l) => l.target.startsWith('l:')).reduce((s, l) => s + l.weight, 0)).toBe(3000 + 1500 + 800 + 4000);
    expect(page.body).toContain('唯一来源缺口：1 件，4,000 万元');

    // a project for the gap turns it to 招商中
    const open = await ctx.app.inject({ method: 'POST', url: '/attraction/projects', headers: freshHeaders(ctx, people.official), payload: {
      title: '引进精密齿轮', chain: 'equipment', components: 'CB5', responsible_name: '李', department: 'jxj', gap_description: '缺磨齿' } });
    expect(open.statusCode).toBe(303);
    expect(mapData((await view(ctx, people.official, '/chains/equipment')).body).nodes.find((n) => n.label === '齿轮')!.coverage).toBe('attraction');
  });

  it('shows the parts and firms behind a node, links them, and refuses an unknown node', async () => {
    const data = mapData((await view(ctx, people.official, '/chains/equipment')).body);
    const bearing = data.nodes.find((n) => n.label === '轴承座')!;
    const page = await view(ctx, people.official, `/chains/equipment?node=${encodeURIComponent(bearing.key)}`);
    expect(page.body).toContain('零部件：轴承座');
    expect(page.body).toContain('<a href="/components/CB4">CB4 轴承座</a>');
    expect(page.body).toMatch(/培育：<a href="\/enterprises\/[0-9A-Z]+">襄阳丙精密铸造有限公司<\/a>（取得AS9100）/);
    const leader = await view(ctx, people.official, `/chains/equipment?node=${encodeURIComponent(data.nodes.find((n) => n.level === 3)!.key)}`);
    expect(leader.body).toContain('CB3 减速机箱体');
    expect(leader.body).toContain('现供应商：青岛泰恒实业有限公司（青岛市）');
    expect((await view(ctx, people.official, '/chains/equipment?node=p%3Anothing')).statusCode).toBe(404);
    expect((await view(ctx, people.official, '/chains/moon')).statusCode).toBe(404);
  });

  it('keeps to what the viewer may see: a buyer its own parts, an official its chains', async () => {
    expect((await view(ctx, people.autoOfficial, '/chains/equipment')).statusCode).toBe(403);
    const index = (await view(ctx, people.autoOfficial, '/chains')).body;
    expect(index).toContain('href="/chains/auto"');
    expect(index).not.toContain('href="/chains/equipment"');
    const buyerMap = (await view(ctx, people.buyerA, '/chains/auto')).body;
    expect(mapData(buyerMap).nodes.filter((n) => n.level === 3).map((n) => n.label)).toEqual(['襄阳甲汽车有限公司']);
    expect((await view(ctx, people.buyerA, '/chains/equipment')).body).toContain('本产业链暂无可查看的唯一来源外采件');
    expect((await view(ctx, people.buyerA, '/chains')).body).not.toContain('href="/chains/equipment"');
    const fancheng = (await view(ctx, people.fanchengOfficial, '/chains/auto')).body; // firm A (the auto buyer) is in 襄州区
    expect(fancheng).toContain('本产业链暂无可查看的唯一来源外采件');
    expect(fancheng).not.toContain('转向节');
    expect((await view(ctx, people.firmA, '/chains/auto')).statusCode).toBe(403);
  });
});
