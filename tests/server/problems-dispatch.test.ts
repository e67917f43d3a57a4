import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { readTable } from '../../server/import/read-table.ts';
import { soleSourceGaps } from '../../server/problems/dispatch.ts';
import { loadProblemStatRows, problemStats } from '../../server/problems/stats.ts';
import { move, problemWorld, raised, view, type People } from '../problems/people.ts';

let ctx: TestCtx;
let people: People;
let world: Awaited<ReturnType<typeof problemWorld>>;
const refs: Record<string, string> = {};
const deals: Record<string, number> = {};

/**
 * 汽车产业链 gets four more parts of firm A and deals on them: CA in contact (value from the part, 2000),
 * demand listing LA quoting at 3000, CA2 (5000) lost, CA4 supplying. Gaps: CA2 and CA3 (no value).
 */
function seedChain() {
  const sql = ctx.database.sqlite;
  const part = sql.prepare(`insert into components (ref, buyer_id, name, chain_id, annual_value_wan, current_supplier, current_supplier_region, created_at, updated_at)
    values (?, ?, ?, 'auto', ?, '外地供应商', '武汉市', 0, 0)`);
  part.run('CA2', world.firmA, '转向节', 5000);
  part.run('CA3', world.firmA, '密封圈', null);
  part.run('CA4', world.firmA, '支架', 100);
  const deal = sql.prepare(`insert into deals (component_id, listing_id, buyer_id, supplier_id, stage, annual_value_wan, created_at, updated_at)
    values ((select id from components where ref = ?), (select id from listings where ref = ?), ?, ?, ?, ?, 0, ?)`);
  const add = (name: string, component: string | null, listing: string | null, stage: string, value: number | null) => {
    deals[name] = Number(deal.run(component, listing, world.firmA, world.supplier, stage, value, ctx.clock.now()).lastInsertRowid);
  };
  add('ca', 'CA', null, 'contacted', null);
  add('la', null, 'LA', 'quoting', 3000);
  add('ca2', 'CA2', null, 'lost', null);
  add('ca4', 'CA4', null, 'supplying', 100);
}

beforeEach(async () => {
  ctx = await testApp({ now: '2026-10-02T02:00:00Z' });
  world = await problemWorld(ctx);
  people = world.people;
  seedChain();
  const p = people;
  refs.open = await raised(ctx, p.firmA, { title: '=HYPERLINK("http://x")', category: 'land' });
  refs.late = await raised(ctx, p.buyerA, { title: '进口件清关慢', category: 'logistics' });
  refs.closed = await raised(ctx, p.firmA, { title: '招工难', category: 'talent' });
  refs.other = await raised(ctx, p.firmB, { title: '乙的问题', category: 'finance' });
  refs.closedB = await raised(ctx, p.firmB, { title: '乙已办结', category: 'market' });
  await move(ctx, p.official, refs.late, { action: 'assign', department: 'jxj', deadline: '2026-10-10' });
  await move(ctx, p.official, refs.closed, { action: 'assign', department: 'jxj', deadline: '2026-10-30' });
  await move(ctx, p.official, refs.closedB, { action: 'assign', department: 'gdj', deadline: '2026-10-30' });
  ctx.clock.set('2026-10-12T02:00:00Z'); // ten days after raising
  await move(ctx, p.jxj, refs.closed, { action: 'answer', note: '已办' });
  await move(ctx, p.official, refs.closed, { action: 'close', note: '企业未回复，销号' });
  ctx.clock.set('2026-10-27T02:00:00Z'); // 25 days after raising
  await move(ctx, p.gdj, refs.closedB, { action: 'answer', note: '已办' });
  await move(ctx, p.firmB, refs.closedB, { action: 'confirm' });
  await move(ctx, p.official, refs.closedB, { action: 'close' });
  ctx.clock.set('2026-11-27T02:00:00Z');
});
afterEach(async () => { await ctx.close(); });

/** The n-th sheet of a workbook as a one-sheet workbook, so readTable (first sheet only) can read it. */
function sheet(xlsx: Buffer, n: number): string[][] {
  const files = unzipSync(new Uint8Array(xlsx));
  const only = zipSync({ ...files, 'xl/worksheets/sheet1.xml': files[`xl/worksheets/sheet${n}.xml`]!, 'xl/workbook.xml': strToU8(
    new TextDecoder().decode(files['xl/workbook.xml']!).replace(/<sheets>.*<\/sheets>/, '<sheets><sheet name="x" sheetId="1" r:id="rId1"/></sheets>')) });
  const t = readTable(only, 'x.xlsx');
  return t.rows; // the title row is read as the header

}

describe('the quarterly dispatch of a chain', () => {
  it('shows the chain\'s open problems, its open deals by value and its sole-source gaps by value, and nothing of other chains', async () => {
    const page = await view(ctx, people.official, '/dispatch/auto?year=2026&quarter=4');
    expect(page.statusCode).toBe(200);
    const b = page.body;
    expect(b).toContain('汽车产业链 · 2026 年第 4 季度调度');
    expect(b).toContain(refs.open);
    expect(b).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(b).toContain(refs.late);
    expect(b).not.toContain(refs.closed);
    expect(b).not.toContain(refs.other);
    expect(b.indexOf(`#${deals.la}<`)).toBeGreaterThan(-1);
    expect(b.indexOf(`#${deals.la}<`)).toBeLessThan(b.indexOf(`#${deals.ca}<`));
    expect(b).not.toContain(`#${deals.ca2}<`);
    expect(b).not.toContain(`#${deals.ca4}<`);
    expect(b.indexOf('CA2 转向节')).toBeLessThan(b.indexOf('CA3 密封圈'));
    expect(b).not.toContain('CA4 支架');
    expect(b).not.toContain('减速机壳体');
    expect(soleSourceGaps(ctx.database.sqlite, 'auto').map((g) => g.ref)).toEqual(['CA2', 'CA3']);
    expect(b).toContain('href="/dispatch/auto/export?format=xlsx&amp;year=2026&amp;quarter=4"');
  });

  it('limits the report to the official\'s counties, and the page to the chains in scope', async () => {
    expect((await view(ctx, people.equipmentOfficial, '/dispatch/auto')).statusCode).toBe(403);
    expect((await view(ctx, people.autoOfficial, '/dispatch/auto')).statusCode).toBe(200);
    expect((await view(ctx, people.official, '/dispatch/moon')).statusCode).toBe(404);
    const fancheng = (await view(ctx, people.fanchengOfficial, '/dispatch/auto')).body; // firm A is in 襄州区
    expect(fancheng).not.toContain(refs.open);
    expect(fancheng).not.toContain('CA2 转向节');
    expect(fancheng).toContain('本产业链暂无未销号问题');
    const index = (await view(ctx, people.autoOfficial, '/dispatch')).body;
    expect(index).toContain('href="/dispatch/auto"');
    expect(index).not.toContain('href="/dispatch/equipment"');
  });

  it('exports the same report as XLSX and as a CSV Excel opens in Chinese', async () => {
    const xlsx = await view(ctx, people.official, '/dispatch/auto/export?format=xlsx&year=2026&quarter=4');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('汽车产业链调度_2026Q4_20261127.xlsx')}`);
    const summary = readTable(xlsx.rawPayload, 'x.xlsx');
    expect(summary.headers).toEqual(['汽车产业链 · 2026年第4季度调度 · 概况']);
    expect(summary.rows[0]).toEqual(['项目', '数值']);
    expect(Object.fromEntries(summary.rows.slice(1).map((r) => [r[0], r[1]]))).toMatchObject({ 产业链: '汽车产业链', 未销号问题: '2', 逾期问题: '1', 本季度销号: '1', 平均办结天数: '10', 进行中商机: '2', 唯一来源缺口: '2' });
    const problems = sheet(xlsx.rawPayload, 2);
    expect(problems[0]!.slice(0, 3)).toEqual(['问题编号', '类别', '标题']);
    expect(problems.slice(1).map((r) => [r[0], r[1], r[8]])).toEqual([[refs.late, '物流', '逾期'], [refs.open, '用地', '']]);
    expect(sheet(xlsx.rawPayload, 3).slice(1).map((r) => [r[0], r[6], r[7]])).toEqual([[String(deals.la), '报价', '3000'], [String(deals.ca), '已对接', '2000']]);
    expect(sheet(xlsx.rawPayload, 4)[0]!.slice(0, 4)).toEqual(['项目编号', '项目名称', '招引对象/能力缺口', '阶段']);
    expect(sheet(xlsx.rawPayload, 5).slice(1).map((r) => r[0])).toEqual(['CA2', 'CA3']);

    const csv = await view(ctx, people.official, '/dispatch/auto/export?format=csv&year=2026&quarter=4');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = readTable(csv.rawPayload, 'x.csv');
    expect(table.encoding).toBe('utf-8-bom');
    const rows = [table.headers, ...table.rows];
    const at = (first: string) => rows.findIndex((r) => r[0] === first);
    expect(at('问题编号')).toBeGreaterThan(at('唯一来源缺口'));
    expect(rows[at('问题编号') + 2]!.slice(0, 3)).toEqual([refs.open, '用地', `'=HYPERLINK("http://x")`]);
    expect(rows[at('外采件编号') + 1]!.slice(0, 2)).toEqual(['CA2', '转向节']);
    expect((await view(ctx, people.official, '/dispatch/auto/export?format=pdf')).statusCode).toBe(400);
  });
});

describe('problem figures', () => {
  it('match an independent SQL count, overall, per chain and per county', () => {
    const sql = ctx.database.sqlite;
    const q = { year: 2026, quarter: 4 };
    const [start, end] = [Date.parse('2026-10-01T00:00:00+08:00'), Date.parse('2027-01-01T00:00:00+08:00')];
    const stats = problemStats(loadProblemStatRows(sql), q, '2026-11-27');
    const figures = (where: string, ...args: unknown[]) => sql.prepare(`select
        sum(p.status != 'closed') as open,
        sum(p.status in ('assigned','reopened') and p.deadline < '2026-11-27') as overdue,
        sum(p.created_at >= ${start} and p.created_at < ${end}) as raised,
        sum(p.status = 'closed' and p.closed_at >= ${start} and p.closed_at < ${end}) as closed,
        round(avg(case when p.status = 'closed' and p.closed_at >= ${start} and p.closed_at < ${end} then (p.closed_at - p.created_at) / 86400000.0 end), 1) as avgDaysToClose
      from problems p join enterprises e on e.id = p.enterprise_id ${where}`).get(...args);
    expect(stats.total).toEqual(figures(''));
    expect(stats.total).toEqual({ open: 3, overdue: 1, raised: 5, closed: 2, avgDaysToClose: 17.5 });
    for (const g of stats.byChain) expect(g.figures, `chain ${g.key}`).toEqual(figures('where p.chain_id = ?', g.key));
    for (const g of stats.byCounty) expect(g.figures, `county ${g.key}`).toEqual(figures('where e.region_code = ?', g.key));
    expect(stats.byChain.map((g) => g.key).sort()).toEqual(['auto', 'equipment']);
  });

  it('are shown on the stats page for what the official may see', async () => {
    const all = (await view(ctx, people.official, '/problems/stats?year=2026&quarter=4')).body;
    expect(all).toContain('问题协调统计 · 2026 年第 4 季度');
    expect(all).toMatch(/<div class="n">3<\/div><div class="l">未销号<\/div>/);
    expect(all).toMatch(/<div class="n">17.5 天<\/div><div class="l">平均办结用时<\/div>/);
    expect(all).toMatch(/<td data-label="区县">襄州区<\/td>/);
    const auto = (await view(ctx, people.autoOfficial, '/problems/stats?year=2026&quarter=4')).body;
    expect(auto).toMatch(/<div class="n">2<\/div><div class="l">未销号<\/div>/);
    expect(auto).not.toContain('智能装备产业链');
    expect((await view(ctx, people.firmA, '/problems/stats')).statusCode).toBe(403);
    expect((await view(ctx, people.official, '/problems/stats?quarter=5')).statusCode).toBe(400);
  });
});
