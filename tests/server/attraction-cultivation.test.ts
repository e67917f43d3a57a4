import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { view, type People } from '../problems/people.ts';
import { attractionWorld } from '../attraction/world.ts';
import { readXlsxFirstSheet } from '../../server/import/xlsx.ts';

/**
 * Beyond the attraction world, parts the local 丙 (压铸, CNC加工, ADC12, IATF 16949, output 20000) is one step from:
 *  CA7 needs 电镀 as well (a secondary process), 2600; CA8 is 50000 a year (丙's output is 0.4 of it: capacity short);
 *  CB4 needs AS9100 (a certificate), 1500; CA9 needs 电镀 and AS9100 (two steps: not listed).
 */
let ctx: TestCtx;
let people: People;
let firm: Session;
let otherFirm: Session;
beforeEach(async () => {
  ctx = await testApp();
  const w = await attractionWorld(ctx);
  people = w.people;
  const part = ctx.database.sqlite.prepare(`insert into components (ref, buyer_id, name, chain_id, materials, processes, certifications_required, annual_value_wan,
      current_supplier, current_supplier_region, created_at, updated_at) values (?, ?, ?, 'auto', 'ADC12', ?, ?, ?, '武汉信恒实业有限公司', '武汉市', 0, 0)`);
  part.run('CA7', w.firmA, '镀锌支架', '压铸;电镀', 'IATF16949', 2600);
  part.run('CA8', w.firmA, '副车架', '压铸;CNC加工', 'IATF16949', 50000);
  part.run('CA9', w.firmA, '航空接头', '压铸;电镀', 'AS9100', 900);
  // announced as a write would, so the live engine reads the new parts
  const ids = ctx.database.sqlite.prepare(`select id from components where ref in ('CA7', 'CA8', 'CA9')`).pluck().all() as number[];
  ctx.app.deps.feed.committed({ enterprises: [], listings: [], components: ids });
  await ctx.app.matching.settled();
  firm = people.supplier;
  otherFirm = people.firmB;
});
afterEach(async () => { await ctx.close(); });

describe('the cultivation list', () => {
  it('names the local firm one step from each high-value part, by step, with the value it unlocks', async () => {
    const page = await view(ctx, people.official, '/attraction/cultivation');
    expect(page.statusCode).toBe(200);
    const b = page.body;
    expect(b).toContain('襄阳丙精密铸造有限公司');
    expect(b).toContain('扩大产能后可配套1个外采件，年采购额约5亿元');
    expect(b).toContain('补齐电镀工艺后可配套1个外采件，年采购额约2,600万元');
    expect(b).toContain('取得AS9100后可配套1个外采件，年采购额约1,500万元');
    expect(b).not.toContain('CA9 航空接头');
    expect(b.indexOf('扩大产能')).toBeLessThan(b.indexOf('补齐电镀'));
    expect(b).toContain('可带动 3 个外采件，年采购额 5.41 亿元');
  });

  it('shows an official only the parts of its chains, and exports the list as XLSX', async () => {
    const equipment = (await view(ctx, people.equipmentOfficial, '/attraction/cultivation')).body;
    expect(equipment).toContain('取得AS9100后可配套1个外采件');
    expect(equipment).not.toContain('补齐电镀工艺');
    const xlsx = await view(ctx, people.official, '/attraction/cultivation.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('培育清单_20261127.xlsx')}`);
    const [title, header, ...rows] = readXlsxFirstSheet(xlsx.rawPayload);
    expect(title![0]).toContain('培育清单');
    expect(header!.slice(0, 7)).toEqual(['企业', '统一社会信用代码', '所在区县', '差一步', '说明', '可配套外采件数', '年采购额（万元）']);
    expect(rows.map((r) => [r[0], r[3], r[5], r[6], r[8]])).toEqual([
      ['襄阳丙精密铸造有限公司', '扩大产能', '1', '50000', 'CA8 副车架'],
      ['襄阳丙精密铸造有限公司', '补齐电镀工艺', '1', '2600', 'CA7 镀锌支架'],
      ['襄阳丙精密铸造有限公司', '取得AS9100', '1', '1500', 'CB4 轴承座'],
    ]);
    expect(rows[0]![2]).toBe('襄阳高新区');
    expect((await view(ctx, people.buyerA, '/attraction/cultivation')).statusCode).toBe(403);
    expect((await view(ctx, firm, '/attraction/cultivation.xlsx')).statusCode).toBe(403);
  });

  it('tells a firm its own steps on its workbench, in words, without buyers, parts or suppliers', async () => {
    const home = (await view(ctx, firm, '/')).body;
    expect(home).toContain('配套机会：差一步即可为链主企业供货');
    expect(home).toContain('取得AS9100后可配套1个外采件，年采购额约1,500万元');
    expect(home).toContain('补齐电镀工艺后可配套1个外采件，年采购额约2,600万元');
    for (const secret of ['轴承座', 'CB4', '副车架', '襄阳甲汽车有限公司', '襄阳乙装备有限公司', '上海襄丰实业有限公司', '武汉信恒']) expect(home, secret).not.toContain(secret);
    expect((await view(ctx, otherFirm, '/')).body).not.toContain('配套机会');
    const admin = await signIn(ctx, 'admin');
    expect((await view(ctx, admin, '/')).body).not.toContain('配套机会');
  });
});
