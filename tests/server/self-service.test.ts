import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { FIRM_A, SUPPLIER, loadWorld } from './world.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let supplierUser: Session;
beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  supplierUser = await signIn(ctx, 'enterprise', { enterpriseId: w.supplier });
});
afterEach(async () => { await ctx.close(); });

const one = <T>(sql: string, ...args: unknown[]) => ctx.database.sqlite.prepare(sql).get(...args) as T;
const post = (url: string, payload: Record<string, unknown>, s: Session = supplierUser, extra: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url, headers: { ...s.headers, ...extra }, payload });

const profile = (over: Record<string, unknown> = {}) => ({
  name: '襄阳丙精密铸造有限公司', region: '襄阳高新区', address: '高新区 1 号', chains: ['汽车产业链'], products: '变速器壳体',
  processes: '压铸；CNC加工；T6热处理', materials: 'ADC12', certifications: 'IATF 16949', annual_output_wan: '25000', employees: '260',
  contact_name: '丙经理', contact_phone: '13800000003', description: '新增真空压铸产线', version: '1', ...over,
});

describe('a firm edits its own profile', () => {
  it('saves, re-derives normalised capabilities, bumps the version and audits before/after', async () => {
    const res = await post(`/enterprises/${SUPPLIER}/edit`, profile());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('已保存（版本 2）');
    const firm = one<{ annual_output_wan: number; version: number; processes: string }>('select annual_output_wan, version, processes from enterprises where id = ?', w.supplier);
    // stored as typed: full-width punctuation stays (only keys for matching are normalised)
    expect(firm).toEqual({ annual_output_wan: 25000, version: 2, processes: '压铸；CNC加工；T6热处理' });
    const concepts = (ctx.database.sqlite.prepare('select concept_id from enterprise_capabilities where enterprise_id = ?').pluck().all(w.supplier) as string[]);
    expect(concepts.some((c) => c.includes('heat_treat') || c.includes('solution') || c.includes('t6'))).toBe(true);
    const audit = one<{ before: string; after: string; actor_label: string }>(`select before, after, actor_label from audit_log where action = 'enterprise.update'`);
    expect(JSON.parse(audit.before).annualOutputWan).toBe(20000);
    expect(JSON.parse(audit.after).annualOutputWan).toBe(25000);
    expect(audit.actor_label).toMatch(/^enterprise/);
  });

  it('refuses an edit made on a stale version and keeps the other person\'s save', async () => {
    expect((await post(`/enterprises/${SUPPLIER}/edit`, profile({ employees: '300' }))).statusCode).toBe(200);
    const stale = await post(`/enterprises/${SUPPLIER}/edit`, profile({ employees: '999' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('其他人已先保存了新的内容（当前版本 2）');
    expect(one<{ employees: number }>('select employees from enterprises where id = ?', w.supplier).employees).toBe(300);
  });

  it('shows each field error beside its field and writes nothing; htmx gets the form alone', async () => {
    const res = await post(`/enterprises/${SUPPLIER}/edit`, profile({ annual_output_wan: '两万', name: '' }), supplierUser, { 'hx-request': 'true' });
    expect(res.statusCode).toBe(422);
    expect(res.body.startsWith('<form id="profile-form"')).toBe(true);
    expect(res.body).toMatch(/name="annual_output_wan"[^>]*aria-invalid="true"[\s\S]*?「两万」不是有效金额/);
    expect(res.body).toMatch(/name="name"[^>]*aria-invalid="true"[\s\S]*?必填，不能为空/);
    expect(res.body).toContain('value="两万"');
    expect(one<{ version: number }>('select version from enterprises where id = ?', w.supplier).version).toBe(1);
  });
});

describe('a firm posts and manages its listings', () => {
  it('posts a listing that then shows in the public list', async () => {
    const res = await post('/listings/new', { kind: 'supply', title: '承接真空压铸件', description: '年产能 30 万件', chain: 'auto', quantity: '300000', unit: '件', valid_until: '2027-05-31' });
    expect(res.statusCode).toBe(303);
    const ref = String(res.headers.location).replace('/listings/', '');
    const row = one<{ enterprise_id: number; title: string; region_code: string }>('select enterprise_id, title, region_code from listings where ref = ?', ref);
    expect(row).toEqual({ enterprise_id: w.supplier, title: '承接真空压铸件', region_code: '420671' });
    expect((await ctx.app.inject({ method: 'GET', url: '/listings?kind=supply' })).body).toContain('承接真空压铸件');
  });

  it('refuses a past or too distant validity and an unknown kind, beside the fields', async () => {
    const res = await post('/listings/new', { kind: 'rent', title: '出租厂房', valid_until: '2026-01-01' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('「rent」不是允许的值');
    const past = await post('/listings/new', { kind: 'supply', title: '供应', valid_until: '2026-01-01' });
    expect(past.body).toContain('有效期不能早于今天');
    const far = await post('/listings/new', { kind: 'supply', title: '供应', valid_until: '2030-01-01' });
    expect(far.body).toContain('有效期最长两年');
    expect(one<{ n: number }>('select count(*) as n from listings').n).toBe(3);
  });

  it('edits with the version check, closes, renews, and lets an expired listing leave the lists by itself', async () => {
    const edit = await post('/listings/LS/edit', { kind: 'supply', title: '承接铝合金高压铸造', valid_until: '2027-06-30', version: '1' });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('已保存（版本 2）');
    const stale = await post('/listings/LS/edit', { kind: 'supply', title: '承接压铸', valid_until: '2027-06-30', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('其他人已先保存');
    expect(one<{ title: string }>(`select title from listings where ref = 'LS'`).title).toBe('承接铝合金高压铸造');
    const close = await post('/listings/LS/close', { version: '2' });
    expect(close.statusCode).toBe(303);
    expect((await ctx.app.inject({ method: 'GET', url: '/listings' })).body).not.toContain('承接铝合金高压铸造');
    const renew = await post('/listings/LS/renew', { version: '3', valid_until: '2027-09-30' });
    expect(renew.statusCode).toBe(303);
    expect((await ctx.app.inject({ method: 'GET', url: '/listings' })).body).toContain('承接铝合金高压铸造');
    ctx.clock.set('2027-10-01T02:00:00Z');
    expect((await ctx.app.inject({ method: 'GET', url: '/listings' })).body).not.toContain('承接铝合金高压铸造');
    expect(ctx.database.sqlite.prepare(`select action from audit_log where object_type = 'listing' and action not like '%import%' order by id`).pluck().all()).toEqual(['listing.edit', 'listing.close', 'listing.renew']);
  });

  it('renews from the later of today and the current end, says the new date, and never shortens', async () => {
    // LS is valid to 2027-06-30 in the world; today (the test clock) is earlier, so renewal adds 180 days to the end
    expect((await post('/listings/LS/edit', { kind: 'supply', title: '承接压铸（铝合金，ADC12）', valid_until: '2027-06-30', version: '1' })).statusCode).toBe(200);
    const me = await ctx.app.inject({ method: 'GET', url: '/me', headers: supplierUser.headers });
    expect(me.body).toContain('续期至 2027-12-27');
    expect(me.body).toContain('承接压铸（铝合金，ADC12）');
    const shorter = await post('/listings/LS/renew', { version: '2', valid_until: '2027-06-01' });
    expect(shorter.statusCode).toBe(422);
    expect(one<{ valid_until: string }>(`select valid_until from listings where ref = 'LS'`).valid_until).toBe('2027-06-30');
    expect((await post('/listings/LS/renew', { version: '2', valid_until: '2027-12-27' })).statusCode).toBe(303);
    expect(one<{ valid_until: string; title: string }>(`select valid_until, title from listings where ref = 'LS'`)).toEqual({ valid_until: '2027-12-27', title: '承接压铸（铝合金，ADC12）' });
  });

  it('cannot touch another firm\'s listing', async () => {
    const res = await post('/listings/LA/close', { version: '1' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('只能管理本企业的信息');
    const edit = await post('/listings/LA/edit', { kind: 'demand', title: '被改', valid_until: '2027-06-30', version: '1' });
    expect(edit.statusCode).toBe(403);
    const profile = await post(`/enterprises/${FIRM_A}/edit`, { name: '冒名修改', version: '1' });
    expect(profile.statusCode).toBe(403);
    expect(one<{ status: string; title: string; version: number }>(`select status, title, version from listings where ref = 'LA'`)).toEqual({ status: 'open', title: '采购变速器壳体', version: 1 });
    expect(one<{ name: string }>('select name from enterprises where uscc = ?', FIRM_A).name).toBe('襄阳甲汽车有限公司');
    expect(one<{ n: number }>(`select count(*) as n from audit_log where object_type in ('listing', 'enterprise') and action not like '%import%'`).n).toBe(0);
  });
});
