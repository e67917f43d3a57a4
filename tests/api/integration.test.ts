/**
 * The integration API with Bearer tokens: enterprises, listings, components, problems, metrics.
 * Every answer is checked against the OpenAPI document (client.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { FIRM_A, FIRM_B, SUPPLIER, loadWorld } from '../server/world.ts';
import { apiClient } from './client.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let api: Awaited<ReturnType<typeof apiClient>>;
let t: Record<'buyerA' | 'buyerB' | 'supplier' | 'official' | 'admin', string>;

beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  api = await apiClient(ctx);
  t = {
    buyerA: api.token('procurement', w.firmA), buyerB: api.token('procurement', w.firmB), supplier: api.token('enterprise', w.supplier),
    official: api.token('official'), admin: api.token('admin'),
  };
});
afterEach(async () => { await ctx.close(); });

const one = <T>(sql: string, ...args: unknown[]) => ctx.database.sqlite.prepare(sql).get(...args) as T;

describe('enterprises', () => {
  it('lists the directory a page at a time in a stable order, contacts only for callers with a token', async () => {
    const first = await api.call('GET', '/api/enterprises?limit=2', null);
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((e: { uscc: string }) => e.uscc)).toEqual([FIRM_A, FIRM_B]);
    expect(first.json().items[0].contact).toBeNull();
    const second = await api.call('GET', `/api/enterprises?limit=2&cursor=${first.json().next}`, null);
    expect(second.json().items.map((e: { uscc: string }) => e.uscc)).toEqual([SUPPLIER]);
    expect(second.json().next).toBeNull();
    const signed = await api.call('GET', `/api/enterprises/${SUPPLIER}`, t.official);
    expect(signed.json()).toMatchObject({ name: '襄阳丙精密铸造有限公司', tier: 'specialized', contact: { name: '丙经理', phone: '13800000003' }, chains: [{ id: 'auto' }] });
    const filtered = await api.call('GET', '/api/enterprises?tier=chain_leader&chain=equipment', null);
    expect(filtered.json().items.map((e: { uscc: string }) => e.uscc)).toEqual([FIRM_B]);
  });

  it('refuses a cursor used with other filters, and a forged one', async () => {
    const first = await api.call('GET', '/api/enterprises?limit=1&tier=chain_leader', null);
    const mixed = await api.call('GET', `/api/enterprises?limit=1&cursor=${first.json().next}`, null);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().details).toEqual([{ field: 'cursor', rule: 'invalid_cursor', message: '游标属于另一组查询条件，请用相同的筛选条件翻页' }]);
    expect((await api.call('GET', '/api/enterprises?cursor=bm90LWpzb24', null)).statusCode).toBe(400);
  });

  it('lets a firm update its own profile with a version check, and keeps the fields it left out', async () => {
    const res = await api.call('PATCH', `/api/enterprises/${SUPPLIER}`, t.supplier, { version: 1, annual_output_wan: 26000, processes: '压铸;CNC加工;T6热处理' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, annual_output_wan: 26000, processes: '压铸;CNC加工;T6热处理', materials: 'ADC12', name: '襄阳丙精密铸造有限公司', chains: [{ id: 'auto' }] });
    const stale = await api.call('PATCH', `/api/enterprises/${SUPPLIER}`, t.supplier, { version: 1, employees: 9 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe('version_conflict');
    const other = await api.call('PATCH', `/api/enterprises/${FIRM_A}`, t.supplier, { version: 1, name: '改名' });
    expect(other.statusCode).toBe(403);
    const tier = await api.call('PATCH', `/api/enterprises/${SUPPLIER}`, t.supplier, { version: 2, tier: 'chain_leader' });
    expect(tier.statusCode).toBe(400);
    expect(tier.json().details[0]).toMatchObject({ field: '(body)', rule: 'unrecognized_keys', message: '不允许的字段：tier' });
    const rule = await api.call('PATCH', `/api/enterprises/${SUPPLIER}`, t.supplier, { version: 2, name: '' });
    expect(rule.statusCode).toBe(422);
    expect(rule.json().details).toEqual([{ field: 'name', message: '必填，不能为空' }]);
    const region = await api.call('PATCH', `/api/enterprises/${SUPPLIER}`, t.supplier, { version: 2, region: '火星' });
    expect(region.json().details).toEqual([{ field: 'region', message: '未知区域「火星」' }]);
    expect(one<{ version: number; employees: number | null }>('select version, employees from enterprises where uscc = ?', SUPPLIER)).toEqual({ version: 2, employees: null });
  });
});

describe('listings', () => {
  it('posts, edits, closes and renews its own listing, each with the version it read', async () => {
    const created = await api.call('POST', '/api/listings', t.supplier, { kind: 'supply', title: '承接真空压铸件', chain: '汽车产业链', quantity: 300000, unit: '件', valid_until: '2027-05-31' });
    expect(created.statusCode).toBe(201);
    const ref = created.json().ref as string;
    expect(created.json()).toMatchObject({ owner: { uscc: SUPPLIER }, kind: 'supply', chain: { id: 'auto' }, quantity: 300000, status: 'open', version: 1 });
    const edited = await api.call('PATCH', `/api/listings/${ref}`, t.supplier, { version: 1, title: '承接铝合金真空压铸件' });
    expect(edited.json()).toMatchObject({ title: '承接铝合金真空压铸件', quantity: 300000, unit: '件', valid_until: '2027-05-31', version: 2 });
    expect((await api.call('POST', `/api/listings/${ref}/close`, t.supplier, { version: 2 })).json()).toMatchObject({ status: 'closed', version: 3 });
    expect((await api.call('POST', `/api/listings/${ref}/close`, t.supplier, { version: 2 })).statusCode).toBe(409);
    const renewed = await api.call('POST', `/api/listings/${ref}/renew`, t.supplier, { version: 3, valid_until: '2027-09-30' });
    expect(renewed.json()).toMatchObject({ status: 'open', valid_until: '2027-09-30', version: 4 });
    expect(ctx.database.sqlite.prepare(`select action from audit_log where object_type = 'listing' and action not like '%import%' order by id`).pluck().all())
      .toEqual(['listing.create', 'listing.edit', 'listing.close', 'listing.renew']);
  });

  it('applies the form\'s rules and names the field', async () => {
    const res = await api.call('POST', '/api/listings', t.supplier, { kind: 'supply', title: '供应', valid_until: '2030-01-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ field: 'valid_until', message: expect.stringContaining('有效期最长两年') }]);
    const kind = await api.call('POST', '/api/listings', t.supplier, { kind: 'rent', title: '出租', valid_until: '2027-01-01' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().details).toEqual([{ field: 'kind', rule: 'invalid_value', message: 'kind 须为 supply 或 demand' }]);
    expect(one<{ n: number }>('select count(*) as n from listings').n).toBe(3);
  });

  it('never lets a firm post for, or change, another firm\'s listing; an admin names the firm', async () => {
    expect((await api.call('POST', '/api/listings', t.supplier, { uscc: FIRM_A, kind: 'supply', title: '冒名', valid_until: '2027-01-01' })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/listings/LA/close', t.supplier, { version: 1 })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/listings', t.admin, { kind: 'supply', title: '代发', valid_until: '2027-01-01' })).statusCode).toBe(422);
    const byAdmin = await api.call('POST', '/api/listings', t.admin, { uscc: FIRM_A, kind: 'demand', title: '代发需求', valid_until: '2027-01-01' });
    expect(byAdmin.json().owner.uscc).toBe(FIRM_A);
    expect(one<{ status: string }>(`select status from listings where ref = 'LA'`).status).toBe('open');
  });

  it('shows a firm all its listings and others only the open ones', async () => {
    await api.call('POST', '/api/listings/LS/close', t.supplier, { version: 1 });
    const own = await api.call('GET', `/api/enterprises/${SUPPLIER}/listings`, t.supplier);
    expect(own.json().items.map((l: { ref: string; status: string }) => `${l.ref}:${l.status}`)).toEqual(['LS:closed']);
    expect((await api.call('GET', `/api/enterprises/${SUPPLIER}/listings`, null)).json().items).toEqual([]);
    expect((await api.call('GET', '/api/listings/LS', null)).json()).toMatchObject({ ref: 'LS', status: 'closed' });
  });
});

describe('components', () => {
  it('are visible to the buyer\'s staff, officials and admins only', async () => {
    const list = await api.call('GET', `/api/enterprises/${FIRM_A}/components`, t.buyerA);
    expect(list.json().items.map((c: { ref: string }) => c.ref)).toEqual(['CA']);
    expect(list.json().items[0]).toMatchObject({ buyer: { uscc: FIRM_A }, annual_value_wan: 2000, match_status: expect.any(String) });
    expect((await api.call('GET', `/api/enterprises/${FIRM_A}/components`, t.buyerB)).statusCode).toBe(403);
    expect((await api.call('GET', `/api/enterprises/${FIRM_A}/components`, t.supplier)).statusCode).toBe(403);
    expect((await api.call('GET', '/api/components/CA', t.buyerB)).statusCode).toBe(403);
    expect((await api.call('GET', '/api/components/CA', t.official)).json()).toMatchObject({ ref: 'CA', name: '变速器壳体' });
    expect((await api.call('GET', `/api/enterprises/${FIRM_A}/components`, t.admin)).json().items).toHaveLength(1);
  });

  it('creates and edits with the form\'s rules and a version check', async () => {
    const created = await api.call('POST', '/api/components', t.buyerA, { ref: 'CA-2', name: '制动钳支架', chain: 'auto', materials: ['QT450'], processes: ['铸造', 'CNC加工'], annual_value_wan: 600, criticality: '高' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ref: 'CA-2', buyer: { uscc: FIRM_A }, processes: '铸造;CNC加工', criticality: 'high', version: 1 });
    const edited = await api.call('PATCH', '/api/components/CA-2', t.buyerA, { version: 1, annual_value_wan: 650 });
    expect(edited.json()).toMatchObject({ annual_value_wan: 650, processes: '铸造;CNC加工', criticality: 'high', version: 2 });
    expect((await api.call('PATCH', '/api/components/CA-2', t.buyerA, { version: 1, annual_value_wan: 1 })).statusCode).toBe(409);
    expect((await api.call('PATCH', '/api/components/CA-2', t.buyerB, { version: 2, annual_value_wan: 1 })).statusCode).toBe(403);
    const missing = await api.call('POST', '/api/components', t.buyerA, { name: '无额', chain: 'auto' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().details).toEqual([{ field: 'annual_value_wan', message: '必填，不能为空' }]);
  });

  it('bulk upsert loads an ERP\'s parts with the import\'s rules, idempotently, and never another buyer\'s', async () => {
    const items = [
      { ref: 'ERP-1', name: '转向节', chain: '汽车产业链', materials: '40Cr', processes: ['锻造', 'CNC加工'], annual_value_wan: 1200 },
      { ref: 'ERP-2', name: '曲轴', chain: '汽车产业链', materials: '42CrMo', processes: '锻造;热处理', annual_value_wan: '800', criticality: '中' },
    ];
    const first = await api.call('POST', '/api/components/bulk', t.buyerA, { components: items });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ loaded: true, counts: { inserted: 2, updated: 0, unchanged: 0 } });
    const again = await api.call('POST', '/api/components/bulk', t.buyerA, { components: items });
    expect(again.json().counts).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    const bad = await api.call('POST', '/api/components/bulk', t.buyerA, { components: [{ ...items[0], annual_value_wan: '很多' }, { ref: 'CB', name: '冒用', annual_value_wan: 1 }, { ref: 'ERP-3', name: '新件', annual_value_wan: 5 }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().loaded).toBe(false);
    expect(bad.json().problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ index: 0, field: 'annual_value_wan', severity: 'error', message: expect.stringContaining('很多') }),
      expect.objectContaining({ index: 1, severity: 'error', message: expect.stringContaining('编号已属于其他企业') }),
    ]));
    expect(one<{ n: number }>(`select count(*) as n from components where ref = 'ERP-3'`).n).toBe(0);
    const skipped = await api.call('POST', '/api/components/bulk', t.buyerA, { skip_invalid: true, components: [{ ref: 'CB', name: '冒用', annual_value_wan: 1 }, { ref: 'ERP-3', name: '新件', annual_value_wan: 5 }] });
    expect(skipped.json()).toMatchObject({ loaded: true, counts: { inserted: 1 } });
    expect(one<{ buyer: string; name: string }>(`select e.uscc as buyer, c.name from components c join enterprises e on e.id = c.buyer_id where c.ref = 'CB'`)).toEqual({ buyer: FIRM_B, name: '减速机壳体' });
    expect((await api.call('POST', '/api/components/bulk', t.buyerA, { buyer_uscc: FIRM_B, components: items })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/components/bulk', t.supplier, { components: items })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/components/bulk', t.admin, { components: items })).statusCode).toBe(400);
  });
});

describe('problems', () => {
  it('a firm submits and reads its own; the work team lists them; others are refused', async () => {
    const raised = await api.call('POST', '/api/problems', t.supplier, { category: 'land', title: '扩建用地', description: '需要新增 20 亩工业用地' });
    expect(raised.statusCode).toBe(201);
    const ref = raised.json().ref as string;
    expect(raised.json()).toMatchObject({ firm: { uscc: SUPPLIER }, status: 'submitted', chain: { id: 'auto' } });
    expect((await api.call('GET', `/api/problems/${ref}`, t.supplier)).json().events).toEqual([expect.objectContaining({ from: null, to: 'submitted' })]);
    expect((await api.call('GET', `/api/problems/${ref}`, t.buyerA)).statusCode).toBe(403);
    expect((await api.call('GET', '/api/problems', t.official)).json().items.map((p: { ref: string }) => p.ref)).toEqual([ref]);
    expect((await api.call('GET', '/api/problems', t.buyerA)).json().items).toEqual([]);
    const bad = await api.call('POST', '/api/problems', t.supplier, { category: 'land', title: '', description: 'x', component: 'CA' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details).toEqual(expect.arrayContaining([{ field: 'title', message: '必填，不能为空' }, { field: 'component', message: '只能关联本企业登记的外采件' }]));
  });
});

describe('near-site metrics', () => {
  it('splits by chain, county, leader and quarter, within what the caller may see', async () => {
    const byLeader = await api.call('GET', '/api/metrics/near-site/breakdown?year=2026&by=leader', t.official);
    expect(byLeader.json().items.map((r: { key: string; rate: number }) => [r.key, r.rate])).toEqual([[FIRM_A, 0.2], [FIRM_B, 0.3]]);
    const own = await api.call('GET', '/api/metrics/near-site/breakdown?year=2026&by=leader', t.buyerA);
    expect(own.json().items.map((r: { key: string }) => r.key)).toEqual([FIRM_A]);
    const quarters = await api.call('GET', '/api/metrics/near-site/breakdown?year=2026&by=quarter', t.admin);
    expect(quarters.json().items.map((r: { key: string; total_wan: number }) => [r.key, r.total_wan])).toEqual([['1', 100000], ['2', 100000], ['3', 100000], ['4', 100000]]);
    const chains = await api.call('GET', '/api/metrics/near-site/breakdown?year=2026&by=chain', t.admin);
    expect(chains.json().items.find((r: { key: string }) => r.key === 'auto')).toMatchObject({ total_wan: 300000, local_wan: 60000, rate: 0.2 });
    expect((await api.call('GET', '/api/metrics/near-site/breakdown?by=district', t.admin)).json().details[0]).toMatchObject({ field: 'by', rule: 'invalid_value' });
  });
});
