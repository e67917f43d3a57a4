import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { freshHeaders, view, type People } from '../problems/people.ts';
import { attractionWorld } from '../attraction/world.ts';
import { supplierKey } from '../../server/attraction/targets.ts';
import { readTable } from '../../server/import/read-table.ts';

let ctx: TestCtx;
let people: People;
let ref: string;
beforeEach(async () => {
  ctx = await testApp({ now: '2026-11-27T02:00:00Z' });
  people = (await attractionWorld(ctx)).people;
  const res = await ctx.app.inject({ method: 'POST', url: '/attraction/projects', headers: freshHeaders(ctx, people.official), payload: {
    title: '引进苏州嘉隆在襄设厂', target: supplierKey('苏州嘉隆实业有限公司'), chain: 'auto', components: ['CA5', 'CA6'], responsible_name: '王副市长', department: 'jxj',
    planned_investment_wan: '50000', planned_sign_date: '2026-10-31' } });
  ref = String(res.headers.location).replace('/attraction/projects/', '');
});
afterEach(async () => { await ctx.close(); });

function sheetRows(xlsx: Buffer, n: number): string[][] {
  const files = unzipSync(new Uint8Array(xlsx));
  const only = zipSync({ ...files, 'xl/worksheets/sheet1.xml': files[`xl/worksheets/sheet${n}.xml`]!, 'xl/workbook.xml': strToU8(
    new TextDecoder().decode(files['xl/workbook.xml']!).replace(/<sheets>.*<\/sheets>/, '<sheets><sheet name="x" sheetId="1" r:id="rId1"/></sheets>')) });
  return readTable(only, 'x.xlsx').rows;
}

describe('projects in the quarterly dispatch', () => {
  it('appear on their chain\'s page with the overdue flag, and leave the gaps list', async () => {
    const page = (await view(ctx, people.official, '/dispatch/auto?year=2026&quarter=4')).body;
    expect(page).toContain(`${ref}</a> 引进苏州嘉隆在襄设厂`);
    expect(page).toContain('逾期：计划签约 2026-10-31');
    expect(page).toContain('招商项目（1，');
    expect(page).not.toContain('CA5 转向节</td>'); // in a project: no longer a gap nobody works on
    const rate = (await view(ctx, people.official, '/api/metrics/near-site?year=2026&quarter=4&chain=auto')).json();
    expect(page).toContain(`近地配套率 ${(rate.rate * 100).toFixed(1)}%`);
    expect((await view(ctx, people.official, '/dispatch/equipment?year=2026&quarter=4')).body).not.toContain(ref);
  });

  it('and in its export, with the chain\'s near-site rate', async () => {
    const xlsx = (await view(ctx, people.official, '/dispatch/auto/export?format=xlsx&year=2026&quarter=4')).rawPayload;
    const summary = Object.fromEntries(sheetRows(xlsx, 1).slice(1).map((r) => [r[0], r[1]]));
    const rate = (await view(ctx, people.official, '/api/metrics/near-site?year=2026&quarter=4&chain=auto')).json();
    expect(Number(summary['近地配套率（%）'])).toBeCloseTo(Math.round(rate.rate * 10_000) / 100, 2);
    expect(summary).toMatchObject({ 招商项目: '1', 其中逾期项目: '1', '链主采购总额（万元）': String(rate.total_wan) });
    const projects = sheetRows(xlsx, 4);
    expect(projects[0]).toContain('包保责任人');
    expect(projects[1]!.slice(0, 5)).toEqual([ref, '引进苏州嘉隆在襄设厂', '苏州嘉隆实业有限公司', '策划', '逾期（计划签约 2026-10-31）']);
    expect(projects[1]![9]).toBe('6000');
    const csv = readTable((await view(ctx, people.official, '/dispatch/auto/export?format=csv&year=2026&quarter=4')).rawPayload, 'x.csv');
    expect(csv.rows.some((r) => r[0] === ref && r[3] === '策划')).toBe(true);
  });
});
