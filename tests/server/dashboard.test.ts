import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { loadWorld, SUPPLIER } from './world.ts';
import { readTable } from '../../server/import/read-table.ts';
import { readXlsxFirstSheet } from '../../server/import/xlsx.ts';

let ctx: TestCtx;
let official: Session;
let buyer: Session;
beforeEach(async () => {
  ctx = await testApp();
  const w = loadWorld(ctx);
  ctx.app.matching.queueStale();
  await ctx.app.matching.settled();
  official = await signIn(ctx, 'official');
  buyer = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
});
afterEach(async () => { await ctx.close(); });

const get = (url: string, s: Session = official) => ctx.app.inject({ method: 'GET', url, headers: s.headers });
const sql = <T>(q: string, ...args: unknown[]) => ctx.database.sqlite.prepare(q).get(...args) as T;

async function signDeal(value: number) {
  const open = await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: buyer.headers, payload: { component_ref: 'CA', supplier_uscc: SUPPLIER } });
  const id = open.json().id;
  for (const to of ['contacted', 'sampling', 'quoting']) await ctx.app.inject({ method: 'POST', url: `/api/deals/${id}/transitions`, headers: buyer.headers, payload: { to } });
  await ctx.app.inject({ method: 'POST', url: `/api/deals/${id}/transitions`, headers: buyer.headers, payload: { to: 'signed', annual_value_wan: value } });
  return id as number;
}

/** The rate recomputed straight from the tables, independently of the metrics code. */
function independentRate(year: number) {
  const base = sql<{ total: number; local: number }>(`select sum(total_wan) as total, sum(local_wan) as local from procurement where year = ? and quarter = 0`, year);
  const localised = sql<{ v: number }>(`select coalesce(sum(v), 0) as v from (select min(d.signed_at), coalesce(d.annual_value_wan, c.annual_value_wan) as v
    from deals d join components c on c.id = d.component_id join enterprises s on s.id = d.supplier_id join regions r on r.code = s.region_code
    where d.stage in ('signed','supplying') and r.kind = 'local' group by d.component_id)`).v;
  return { total: base.total, local: base.local + localised, rate: (base.local + localised) / base.total };
}

describe('officials\' dashboard', () => {
  it('shows the near-site rate, coverage and funnel that an independent SQL recomputation gives', async () => {
    await signDeal(1800);
    const r = independentRate(2026);
    const page = await get('/dashboard?year=2026');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${(r.rate * 100).toFixed(1)}%`);
    const coverage = sql<{ n: number; cand: number; deal: number }>(`select count(*) as n, sum(coalesce(m.qualified_local,0) > 0) as cand,
      sum(exists (select 1 from deals d where d.component_id = c.id and d.stage != 'lost')) as deal
      from components c left join component_match_status m on m.component_id = c.id`);
    expect(page.body).toContain(`有合格本地候选（${coverage.cand} 件）`);
    expect(page.body).toContain(`已进入对接（${coverage.deal} 件）`);
    expect(page.body).toContain('已本地化（1 件');
    const data = JSON.parse(/<script type="application\/json" id="dashboard-data">([^<]*)<\/script>/.exec(page.body)![1]!);
    // the funnel counts deals that reached a stage: now there, or moved through it
    const reachedSigned = sql<{ n: number }>(`select count(*) as n from deals d where d.stage in ('signed','supplying')
      or exists (select 1 from deal_events e where e.deal_id = d.id and (e.to_stage in ('signed','supplying') or e.from_stage in ('signed','supplying')))`).n;
    expect(reachedSigned).toBeGreaterThan(0);
    expect(data.funnel.find((f: { name: string }) => f.name === '签约').value).toBe(reachedSigned);
    const values = data.funnel.map((f: { value: number }) => f.value);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    expect(data.funnel[0].value).toBe(sql<{ n: number }>(`select count(*) as n from deals`).n
      - sql<{ n: number }>(`select count(*) as n from deals d where d.stage = 'lost' and not exists (select 1 from deal_events e where e.deal_id = d.id and e.to_stage != 'lost')`).n);
    expect(page.body).toContain('丢单另计');
    expect(data.quarters).toHaveLength(4);
    expect(page.body).toContain('/vendor/echarts.min.js');
  });

  it('drills down from the rate to the buyers and the deal behind it', async () => {
    const id = await signDeal(1800);
    const page = await get('/dashboard/near-site?year=2026&chain=auto');
    expect(page.body).toContain('襄阳甲汽车有限公司');
    expect(page.body).toContain(`/deals/${id}`);
    expect(page.body).toContain('1,800 万元');
  });

  it('lets an official limited to one chain see that chain only', async () => {
    const scoped = await signIn(ctx, 'official', { scopeChains: ['equipment'] });
    const page = await get('/dashboard?year=2026', scoped);
    expect(page.body).toContain('智能装备产业链');
    expect(page.body).not.toContain('>汽车产业链<');
    expect(page.body).toContain(`${((30000 / 100000) * 100).toFixed(1)}%`);
    expect((await get('/dashboard', buyer)).statusCode).toBe(403);
  });
});

describe('quarterly report', () => {
  it('holds exactly the dashboard\'s numbers, as XLSX and as CSV', async () => {
    await signDeal(1800);
    const r = independentRate(2026);
    const xlsx = await get('/reports/quarterly.xlsx?year=2026');
    expect(xlsx.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('近地配套率季度报告_2026_20261127.xlsx')}`);
    const [title, ...sheet] = readXlsxFirstSheet(xlsx.rawPayload);
    expect(title).toEqual(['近地配套率季度报告 · 2026年 · 分产业链']);
    const csv = readTable((await get('/reports/quarterly.csv?year=2026')).rawPayload, 'report.csv');
    expect(csv.encoding).toBe('utf-8-bom');
    expect([csv.headers, ...csv.rows]).toEqual(sheet);
    const city = sheet[sheet.length - 1]!;
    expect(city[0]).toBe('全市（2026年）');
    expect(Number(city[1])).toBeCloseTo(r.total, 2);
    expect(Number(city[2])).toBeCloseTo(r.local, 2);
    expect(Number(city[4])).toBeCloseTo(Math.round(r.rate * 10000) / 100, 2);
    const auto = sheet.find((row) => row[0] === '汽车产业链')!;
    expect(auto.slice(6)).toEqual(['1', '1', '1', '1']);
    const q2 = await get('/reports/quarterly.csv?year=2026&quarter=2');
    expect(q2.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('近地配套率季度报告_2026Q2_20261127.csv')}`);
    expect(readTable(q2.rawPayload, 'q.csv').rows.at(-1)![0]).toBe('全市（2026年第2季度）');
  });
});

describe('live dashboard', () => {
  it('tells officials\' open pages to refresh when a deal moves', async () => {
    await ctx.app.ready();
    const ws = await ctx.app.injectWS('/ws', { headers: { cookie: official.headers.cookie, origin: 'http://localhost:80', host: 'localhost:80' } });
    const got: string[] = [];
    ws.on('message', (m) => got.push(m.toString()));
    await signDeal(100);
    await new Promise((r) => setTimeout(r, 20));
    expect(got.map((g) => JSON.parse(g))).toContainEqual({ type: 'refresh', topic: 'deals' });
    ws.terminate();
  });
});
