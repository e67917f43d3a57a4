import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { freshHeaders, view, type People } from '../problems/people.ts';
import { EXE, multipart, PDF } from '../problems/files.ts';
import { attractionWorld } from '../attraction/world.ts';
import { supplierKey } from '../../server/attraction/targets.ts';

let ctx: TestCtx;
let people: People;
beforeEach(async () => {
  ctx = await testApp();
  people = (await attractionWorld(ctx)).people;
});
afterEach(async () => { await ctx.close(); });

const post = (s: Session, url: string, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url, headers: freshHeaders(ctx, s), payload });
const SUZHOU = supplierKey('苏州嘉隆实业有限公司');

async function open(s: Session = people.official, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await post(s, '/attraction/projects', {
    title: '引进苏州嘉隆在襄设厂', target: SUZHOU, chain: 'auto', responsible_name: '王副市长', department: 'jxj', site_region: '420607',
    planned_investment_wan: '50000', planned_sign_date: '2026-12-31', planned_start_date: '2027-03-31', planned_operation_date: '2027-12-31', note: '首次对接', ...extra,
  });
  if (res.statusCode !== 303) throw new Error(`open failed: ${res.statusCode} ${res.body.slice(0, 400)}`);
  return String(res.headers.location).replace('/attraction/projects/', '');
}

const moveTo = (ref: string, to: string, extra: Record<string, unknown> = {}, s: Session = people.official) => post(s, `/attraction/projects/${ref}/transitions`, { to, ...extra });
const rate = async () => (await view(ctx, people.official, '/api/metrics/near-site?year=2026')).json() as { total_wan: number; local_wan: number; rate: number };

describe('attraction projects', () => {
  it('open on a target with its parts, move stage by stage, and at 投产运营 put the parts\' value into the rate', async () => {
    const ref = await open();
    expect(ref).toBe('ZS-2026-0001');
    const page = await view(ctx, people.official, `/attraction/projects/${ref}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('苏州嘉隆实业有限公司（苏州市）');
    expect(page.body).toContain('涉及的外采件（3，年采购额 9,000 万元）');
    expect(page.body).toContain('王副市长');
    expect(page.body).toContain('市经济和信息化局');
    expect(page.body).toContain('首次对接');
    const before = await rate();
    for (const to of ['negotiating', 'signed', 'construction']) expect((await moveTo(ref, to)).statusCode).toBe(303);
    expect((await rate()).local_wan).toBe(before.local_wan);
    // the buyer's part grew meanwhile: the value taken is the one the target holds at operation
    ctx.database.sqlite.prepare(`update components set annual_value_wan = 5200 where ref = 'CA5'`).run();
    expect((await moveTo(ref, 'operating', { note: '首条产线投产' })).statusCode).toBe(303);
    const after = await rate();
    expect(after.total_wan).toBe(before.total_wan);
    expect(after.local_wan).toBe(before.local_wan + 5200 + 1000 + 3000);
    expect(after.rate).toBeCloseTo((before.local_wan + 9200) / before.total_wan, 4);
    const api = (await view(ctx, people.official, '/api/attraction/targets')).json();
    expect(api.targets.map((t: { supplier: string }) => t.supplier)).not.toContain('苏州嘉隆实业有限公司');
    expect(api.left_out.map((p: { ref: string }) => p.ref).sort()).toEqual(['CA5', 'CA6', 'CB3']);
    const register = (await view(ctx, people.official, '/components?status=localised')).body;
    expect(register).toContain('CA5');
    const audit = ctx.database.sqlite.prepare(`select action from audit_log where object_type = 'attraction_project' order by id`).pluck().all();
    expect(audit).toEqual(['project.open', 'project.negotiating', 'project.signed', 'project.construction', 'project.operating']);
    expect((await moveTo(ref, 'terminated', { reason: '太晚了' })).statusCode).toBe(409);
  });

  it('refuse a skipped stage, a termination without reason, a stale version, and name the field', async () => {
    const ref = await open();
    const skip = await moveTo(ref, 'signed');
    expect(skip.statusCode).toBe(409);
    expect(skip.body).toContain('不能从「策划」转到「签约」');
    const noReason = await moveTo(ref, 'terminated', { reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('终止项目时必须填写原因');
    expect((await moveTo(ref, 'negotiating', { version: 1 })).statusCode).toBe(303);
    const stale = await moveTo(ref, 'signed', { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('其他人已先更新了此项目');
    expect((await moveTo(ref, 'terminated', { reason: '企业投资计划取消' })).statusCode).toBe(303);
    expect((await view(ctx, people.official, `/attraction/projects/${ref}`)).body).toContain('企业投资计划取消');
    expect(ctx.database.sqlite.prepare('select stage from attraction_projects where ref = ?').pluck().get(ref)).toBe('terminated');
  });

  it('validate the form: a gap project needs its gap, dates in order, a known department, parts one may see', async () => {
    const gap = await post(people.official, '/attraction/projects', { title: '引进电镀产能', chain: 'auto', responsible_name: '赵科长', department: 'jxj' });
    expect(gap.statusCode).toBe(422);
    expect(gap.body).toContain('没有具体招引企业时，须说明要补齐的能力缺口');
    const dates = await post(people.official, '/attraction/projects', { title: 'x', target: SUZHOU, chain: 'auto', responsible_name: '王', department: 'nope',
      planned_sign_date: '2027-05-01', planned_start_date: '2027-01-01', planned_investment_wan: '-5' });
    expect(dates.statusCode).toBe(422);
    expect(dates.body).toContain('计划开工日期不能早于计划签约日期');
    expect(dates.body).toContain('不能为负数');
    const parts = await post(people.autoOfficial, '/attraction/projects', { title: 'x', chain: 'auto', responsible_name: '王', department: 'jxj', gap_description: '缺电镀', components: 'CA5, CB3' });
    expect(parts.statusCode).toBe(422);
    expect(parts.body).toContain('外采件 CB3 不存在或无权查看');
    expect(ctx.database.sqlite.prepare('select count(*) from attraction_projects').pluck().get()).toBe(0);
    const ok = await post(people.autoOfficial, '/attraction/projects', { title: '引进电镀产能', chain: 'auto', responsible_name: '赵科长', department: 'jxj', gap_description: '缺汽车级电镀', components: 'CA5；CA6' });
    expect(ok.statusCode).toBe(303);
    expect(ctx.database.sqlite.prepare(`select group_concat(c.ref) from attraction_project_parts pp join components c on c.id = pp.component_id`).pluck().get()).toBe('CA5,CA6');
  });

  it('are the work team\'s of their chain and the responsible department\'s, nobody else\'s', async () => {
    const ref = await open();
    expect((await view(ctx, people.autoOfficial, `/attraction/projects/${ref}`)).statusCode).toBe(200);
    expect((await view(ctx, people.equipmentOfficial, `/attraction/projects/${ref}`)).statusCode).toBe(403);
    expect((await view(ctx, people.equipmentOfficial, '/attraction/projects')).body).not.toContain(ref);
    expect((await view(ctx, people.jxj, `/attraction/projects/${ref}`)).statusCode).toBe(200);
    expect((await view(ctx, people.gdj, `/attraction/projects/${ref}`)).statusCode).toBe(403);
    expect((await moveTo(ref, 'negotiating', {}, people.gdj)).statusCode).toBe(403);
    expect((await moveTo(ref, 'negotiating', {}, people.jxj)).statusCode).toBe(303);
    expect((await post(people.equipmentOfficial, '/attraction/projects', { title: 'x', chain: 'auto', responsible_name: '王', department: 'jxj', gap_description: 'y' })).statusCode).toBe(403);
    expect((await view(ctx, people.buyerA, `/attraction/projects/${ref}`)).statusCode).toBe(403);
    expect((await view(ctx, people.firmA, '/attraction/projects')).statusCode).toBe(403);
  });

  it('flag a project past the planned date of its next milestone, by the app\'s clock', async () => {
    const ref = await open();
    expect((await view(ctx, people.official, '/attraction/projects')).body).not.toContain('逾期：计划签约');
    ctx.clock.set('2027-01-02T02:00:00Z');
    const list = (await view(ctx, people.official, '/attraction/projects')).body;
    expect(list).toContain('逾期：计划签约 2026-12-31');
    expect((await view(ctx, people.official, '/attraction/projects?overdue=1')).body).toContain(ref);
    for (const to of ['negotiating', 'signed']) await moveTo(ref, to);
    expect((await view(ctx, people.official, '/attraction/projects?overdue=1')).body).not.toContain(`${ref}</a>`);
  });

  it('keep notes and documents, refusing a file that is not what it claims', async () => {
    const ref = await open();
    expect((await post(people.official, `/attraction/projects/${ref}/notes`, { note: '企业高层来襄考察' })).statusCode).toBe(303);
    const empty = await post(people.official, `/attraction/projects/${ref}/notes`, { note: ' ' });
    expect(empty.statusCode).toBe(422);
    const s = people.official;
    const h = freshHeaders(ctx, s);
    const good = multipart({ _csrf: h['x-csrf-token']! }, [{ name: '投资协议.pdf', bytes: PDF }]);
    const up = await ctx.app.inject({ method: 'POST', url: `/attraction/projects/${ref}/attachments`, headers: { cookie: h.cookie!, ...good.headers }, payload: good.payload });
    expect(up.statusCode).toBe(303);
    const bad = multipart({ _csrf: h['x-csrf-token']! }, [{ name: '方案.pdf', bytes: EXE }]);
    const refused = await ctx.app.inject({ method: 'POST', url: `/attraction/projects/${ref}/attachments`, headers: { cookie: h.cookie!, ...bad.headers }, payload: bad.payload });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('不是允许的文件类型');
    const page = (await view(ctx, s, `/attraction/projects/${ref}`)).body;
    expect(page).toContain('企业高层来襄考察');
    const id = /\/attachments\/(\d+)">投资协议\.pdf/.exec(page)![1];
    const file = await view(ctx, s, `/attraction/projects/${ref}/attachments/${id}`);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect((await view(ctx, people.equipmentOfficial, `/attraction/projects/${ref}/attachments/${id}`)).statusCode).toBe(403);
  });
});

describe('the project form', () => {
  it('opens on a target with its parts ticked and the chain of its largest part chosen', async () => {
    const page = await view(ctx, people.official, `/attraction/projects/new?target=${encodeURIComponent(SUZHOU)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('发起招商项目：苏州嘉隆实业有限公司');
    expect(page.body).toContain('value="引进苏州嘉隆实业有限公司在襄设厂配套"');
    expect(page.body.match(/name="components" value="[A-Z0-9]+" checked/g)).toHaveLength(3);
    expect(page.body).toMatch(/<option value="auto" selected>/);
    expect((await view(ctx, people.official, '/attraction/projects/new?target=nobody')).statusCode).toBe(404);
    const admin = await signIn(ctx, 'admin');
    expect((await view(ctx, admin, '/attraction/projects/new')).statusCode).toBe(200);
  });
});
