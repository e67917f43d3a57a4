import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, signIn, testApp, usccFor, type Session, type TestCtx } from '../helpers.ts';
import { importFiles } from '../../server/import/index.ts';
import { withUsccCheck } from '../../server/domain/uscc.ts';
import { FIRM_A, SUPPLIER, loadWorld } from './world.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let buyer: Session;
beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  buyer = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
  ctx.app.matching.queueStale();
  await ctx.app.matching.settled();
});
afterEach(async () => { await ctx.close(); });

const get = (url: string, s: Session = buyer) => ctx.app.inject({ method: 'GET', url, headers: s.headers });
const post = (url: string, payload: Record<string, unknown>, s: Session = buyer) => ctx.app.inject({ method: 'POST', url, headers: s.headers, payload });
const status = (ref: string) => ctx.database.sqlite.prepare(`select m.qualified_local as n, m.qualified_local_ids as ids from component_match_status m
  join components c on c.id = m.component_id where c.ref = ?`).get(ref) as { n: number; ids: string } | undefined;

function importFirms(rows: string[][]) {
  const text = csv([['uscc', 'name', 'region', 'chains', 'tier', 'processes', 'materials', 'certifications', 'annual_output_wan', 'description'], ...rows]);
  const report = importFiles(ctx.database.sqlite, [{ name: 'enterprises.csv', bytes: Buffer.from(text) }], { now: ctx.clock.now(), feed: ctx.app.deps.feed });
  expect(report.loaded).toBe(true);
}

describe('the sole-source register and its rankings', () => {
  it('ranks the local supplier for the buyer\'s component with reasons in plain Chinese', async () => {
    const res = await get('/api/components/CA/matches');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.component).toEqual({ ref: 'CA', name: '变速器壳体' });
    expect(body.qualified_local).toBe(true);
    expect(body.matches[0]).toMatchObject({ uscc: SUPPLIER, name: '襄阳丙精密铸造有限公司', region: '襄阳高新区', grade: 'ready' });
    expect(body.matches[0].reasons.join('；')).toMatch(/具备压铸、CNC加工/);
    expect(body.matches[0].reasons.join('；')).toMatch(/IATF 16949/);
    expect(body.matches[0].reasons.join('；')).toMatch(/年产值约为该件年采购额的10倍/);
    expect(body.matches.map((m: { uscc: string }) => m.uscc)).not.toContain(FIRM_A);
    const page = await get('/components/CA');
    expect(page.body).toContain('襄阳丙精密铸造有限公司');
    expect(page.body).toContain('发起对接');
    expect(status('CA')!.n).toBe(1);
  });

  it('says plainly when no local firm fits, and names attraction targets outside the city', async () => {
    importFirms([[withUsccCheck('91310000000000201'), '上海精铸航空科技有限公司', '上海市', '航空航天产业链', '核心企业', '熔模铸造;数控加工', 'TC4钛合金', 'AS9100D', '80000', '']]);
    const created = await post('/components/new', { name: '钛合金叶片', chain: 'aerospace', processes: '熔模铸造;数控加工', materials: 'TC4钛合金', certifications_required: 'AS9100', annual_value_wan: '3000', criticality: '高' });
    expect(created.statusCode).toBe(303);
    const ref = decodeURIComponent(String(created.headers.location).replace('/components/', ''));
    await ctx.app.matching.settled();
    const body = (await get(`/api/components/${encodeURIComponent(ref)}/matches`)).json();
    expect(body.qualified_local).toBe(false);
    expect(body.summary).toContain('暂无合格配套企业');
    expect(body.attraction_targets[0]).toMatchObject({ name: '上海精铸航空科技有限公司', region: '上海市', region_kind: 'outside' });
    expect(body.attraction_targets[0].reasons.join('；')).toContain('AS9100');
    expect((await get(`/api/components/${encodeURIComponent(ref)}/matches?scope=all`)).json().matches[0].name).toBe('上海精铸航空科技有限公司');
    const register = await get('/components?status=no_local');
    expect(register.body).toContain('钛合金叶片');
  });

  it('re-ranks when a new firm is imported and tells the buyer of the new qualified local candidate', async () => {
    expect(status('CB')!.n).toBe(1);
    const before = ctx.database.sqlite.prepare('select count(*) from notifications').pluck().get();
    importFirms([[usccFor(202), '襄阳新铸压铸有限公司', '谷城县', '智能装备产业链', '中小企业', '高压铸造', 'ADC12', 'ISO 9001', '5000', '']]);
    await ctx.app.matching.settled();
    expect(status('CB')!.n).toBe(2);
    // firm B has no procurement user: nobody to tell; firm A's component CA needs IATF 16949, which the new firm lacks
    expect(ctx.database.sqlite.prepare('select count(*) from notifications').pluck().get()).toBe(before);
    const buyerB = await signIn(ctx, 'procurement', { enterpriseId: w.firmB });
    importFirms([[usccFor(203), '襄阳又一压铸有限公司', '宜城市', '智能装备产业链', '中小企业', '压铸', 'ADC12', 'ISO9001', '6000', '']]);
    await ctx.app.matching.settled();
    const inbox = await get('/inbox', buyerB);
    expect(inbox.body).toContain('「减速机壳体」出现新的本地合格供应商');
    expect(inbox.body).toContain('襄阳又一压铸有限公司');
  });

  it('re-ranks when a firm edits its capabilities', async () => {
    const supplierUser = await signIn(ctx, 'enterprise', { enterpriseId: w.supplier });
    const res = await post(`/enterprises/${SUPPLIER}/edit`, {
      name: '襄阳丙精密铸造有限公司', region: '襄阳高新区', processes: '注塑', materials: 'PA66', certifications: 'IATF 16949',
      annual_output_wan: '20000', version: '1',
    }, supplierUser);
    expect(res.statusCode).toBe(200);
    await ctx.app.matching.settled();
    expect(status('CA')!.n).toBe(0);
    expect((await get('/components/CA')).body).toContain('暂无');
  });

  it('opens a deal from a match and moves it on the deal page; a stale form is refused', async () => {
    const opened = await post('/components/CA/deals', { supplier_uscc: SUPPLIER, score: '95' });
    expect(opened.statusCode).toBe(303);
    const url = String(opened.headers.location);
    const page = await get(url);
    expect(page.body).toContain('变速器壳体');
    expect(page.body).toContain('襄阳丙精密铸造有限公司');
    // both parties' contacts, the next stage as one button, 丢单 apart with a required reason
    expect(page.body).toContain('联系人 丙经理 · <a href="tel:13800000003">13800000003</a>');
    expect(page.body).toContain('联系人 甲经理');
    expect(page.body).toContain('推进到「已对接」');
    expect(page.body).toMatch(/<summary>丢单…<\/summary>[\s\S]*?name="reason" maxlength="500" required/);
    expect((await post(`${url}/move`, { to: 'contacted', note: '已电话联系', version: '1' })).statusCode).toBe(303);
    const stale = await post(`${url}/move`, { to: 'lost', reason: '重复', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('其他人已先更新了此商机');
    const after = await get(url);
    expect(after.body).toContain('已电话联系');
    expect((await get('/components/CA')).body).toContain('已在对接中');
    expect((await get('/components')).body).toMatch(/变速器壳体[\s\S]*?对接中/);
  });

  it('lets procurement staff import their own firm\'s components, and refuses another buyer\'s rows and other files', async () => {
    const boundary = '----llt-components';
    const body = (name: string, text: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${buyer.csrf}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`);
    const upload = (name: string, text: string) => ctx.app.inject({ method: 'POST', url: '/components/import',
      headers: { cookie: buyer.headers.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body(name, text) });
    const header = 'ref,buyer_uscc,name,chain,processes,materials,certifications_required,annual_value_wan\r\n';
    const own = await upload('components.csv', `${header}CA9,${FIRM_A},后桥壳体,汽车产业链,压铸,ADC12,IATF16949,900\r\n`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('唯一来源外采件：新增 1');
    const foreign = await upload('components.csv', `${header}CB9,${usccFor(102)},别家的件,智能装备产业链,压铸,ADC12,ISO9001,100\r\n`);
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('只能导入本企业');
    const firms = await upload('enterprises.csv', `uscc,name\r\n${usccFor(555)},襄阳不该进来有限公司\r\n`);
    expect(firms.statusCode).toBe(422);
    expect(firms.body).toContain('只能导入唯一来源外采件文件');
    expect(ctx.database.sqlite.prepare(`select ref from components where ref in ('CA9', 'CB9')`).pluck().all()).toEqual(['CA9']);
    expect(ctx.database.sqlite.prepare('select count(*) from enterprises where uscc = ?').pluck().get(usccFor(555))).toBe(0);
    // a buyer's upload is capped at 20,000 rows, read off the event loop, refused whole above it
    const rows = Array.from({ length: 20_001 }, (_, i) => `CX${i},${FIRM_A},件${i},汽车产业链,压铸,ADC12,IATF16949,1`).join('\r\n');
    const big = await upload('components.csv', `${header}${rows}\r\n`);
    expect(big.statusCode).toBe(422);
    expect(big.body).toContain('文件行数超过本账号单次导入上限 20,000 行');
    expect(ctx.database.sqlite.prepare(`select count(*) from components where ref like 'CX%'`).pluck().get()).toBe(0);
  });
});
