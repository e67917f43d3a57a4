/**
 * Webhooks end to end against a local receiver: the outbox row commits with the change, the
 * body is signed, failures are retried with back-off for a day, each delivery and attempt is
 * on the admin page, an admin replays one, and an endpoint hears only what its role may see.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { FIRM_A, FIRM_B, SUPPLIER, loadWorld } from '../server/world.ts';
import { apiClient } from '../api/client.ts';
import { verifySignature } from '../../server/webhooks/signing.ts';
import { startReceiver } from './receiver.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let api: Awaited<ReturnType<typeof apiClient>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let admin: string;
let buyerA: string;

beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  api = await apiClient(ctx);
  receiver = await startReceiver();
  admin = api.token('admin');
  buyerA = api.token('procurement', w.firmA);
});
afterEach(async () => { await ctx.close(); await receiver.close(); });

const count = (sql: string, ...args: unknown[]) => (ctx.database.sqlite.prepare(sql).pluck().get(...args) as number);
const register = async (body: Record<string, unknown>) => {
  const res = await api.call('POST', '/api/webhooks', admin, { url: receiver.url, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; secret: string };
};
const openDeal = async () => (await api.call('POST', '/api/deals', buyerA, { component_ref: 'CA', supplier_uscc: SUPPLIER })).json().id as number;
const nowSeconds = () => Math.floor(ctx.clock.now() / 1000);

describe('the outbox', () => {
  it('writes a delivery in the transaction of the change, and none for a refused change', async () => {
    await register({ events: ['deal.stage_changed'], role: 'official' });
    const id = await openDeal();
    expect(count(`select count(*) from webhook_deliveries`)).toBe(1);
    const refused = await api.call('POST', `/api/deals/${id}/transitions`, buyerA, { to: 'signed' });
    expect(refused.statusCode).toBe(409);
    expect(count(`select count(*) from webhook_deliveries`)).toBe(1);
    expect(receiver.received).toHaveLength(0);
  });

  it('writes nothing at all while no endpoint listens', async () => {
    await openDeal();
    expect(count('select count(*) from webhook_events')).toBe(0);
  });
});

describe('delivery', () => {
  it('POSTs the event signed with the endpoint\'s secret, once, and records the attempt', async () => {
    const endpoint = await register({ events: ['deal.stage_changed'], role: 'official', description: '城市数据平台' });
    const id = await openDeal();
    await api.call('POST', `/api/deals/${id}/transitions`, buyerA, { to: 'contacted', note: '已电话联系' });
    expect(await ctx.app.webhooks.runOnce()).toEqual({ attempted: 2, delivered: 2 });
    expect(receiver.received.map((r) => [r.json.data.from, r.json.data.to])).toEqual([[null, 'recommended'], ['recommended', 'contacted']]);
    const moved = receiver.received[1]!;
    expect(moved.headers['x-llt-event']).toBe('deal.stage_changed');
    expect(moved.headers['content-type']).toContain('application/json');
    expect(verifySignature(endpoint.secret, moved.headers['x-llt-signature'] as string, moved.body, nowSeconds())).toEqual({ ok: true, timestamp: nowSeconds() });
    expect(verifySignature('whsec_wrong', moved.headers['x-llt-signature'] as string, moved.body, nowSeconds()).ok).toBe(false);
    expect(moved.json).toMatchObject({ type: 'deal.stage_changed', data: { deal: { id, stage: 'contacted', buyer: { uscc: FIRM_A }, supplier: { uscc: SUPPLIER }, subject: { type: 'component', ref: 'CA' } } } });
    expect(await ctx.app.webhooks.runOnce()).toEqual({ attempted: 0, delivered: 0 });
    const deliveries = (await api.call('GET', `/api/webhooks/${endpoint.id}/deliveries`, admin)).json();
    expect(deliveries.items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([['delivered', 1], ['delivered', 1]]);
  });

  it('retries a failing receiver with back-off, and gives up after 24 h; an admin replays it', async () => {
    const endpoint = await register({ events: ['deal.stage_changed'], role: 'admin' });
    receiver.answerWith(500, 503);
    await openDeal();
    const delivery = () => ctx.database.sqlite.prepare('select status, attempts, next_attempt_at as next, last_status as last from webhook_deliveries order by id limit 1').get() as { status: string; attempts: number; next: number | null; last: number | null };
    const t0 = ctx.clock.now();
    await ctx.app.webhooks.runOnce();
    expect(delivery()).toEqual({ status: 'pending', attempts: 1, next: t0 + 30_000, last: 500 });
    await ctx.app.webhooks.runOnce();
    expect(delivery().attempts).toBe(1);
    ctx.clock.set(new Date(t0 + 30_000).toISOString());
    await ctx.app.webhooks.runOnce();
    expect(delivery()).toEqual({ status: 'pending', attempts: 2, next: t0 + 30_000 + 120_000, last: 503 });
    ctx.clock.set(new Date(t0 + 150_000).toISOString());
    await ctx.app.webhooks.runOnce();
    expect(delivery()).toMatchObject({ status: 'delivered', attempts: 3, next: null, last: 200 });
    expect(new Set(receiver.received.map((r) => r.json.id)).size).toBe(1);

    // A receiver that never answers well: the delivery is given up once the day is over.
    receiver.answerWith(...Array<number>(30).fill(500));
    const second = await api.call('POST', '/api/deals', buyerA, { listing_ref: 'LA', supplier_uscc: SUPPLIER });
    expect(second.statusCode).toBe(201);
    const latest = () => ctx.database.sqlite.prepare('select id, status, attempts, next_attempt_at as next from webhook_deliveries order by id desc limit 1').get() as { id: number; status: string; attempts: number; next: number | null };
    while (latest().status === 'pending') {
      ctx.clock.set(new Date(latest().next!).toISOString());
      await ctx.app.webhooks.runOnce();
    }
    expect(latest()).toMatchObject({ status: 'failed', attempts: 12, next: null });
    expect(ctx.clock.now() - t0).toBeGreaterThanOrEqual(24 * 3_600_000);

    const failedId = latest().id;
    receiver.recover();
    const page = await ctx.app.inject({ method: 'GET', url: `/admin/webhooks/deliveries/${failedId}`, headers: (await signIn(ctx, 'admin')).headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('已放弃');
    expect((page.body.match(/<td[^>]*>500<\/td>/g) ?? []).length).toBe(12);
    expect(page.body).toContain(`action="/admin/webhooks/deliveries/${failedId}/replay"`);
    const replay = await api.call('POST', `/api/webhooks/deliveries/${failedId}/replay`, admin);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toMatchObject({ status: 'pending', attempts: 0, replay_of: failedId });
    await ctx.app.webhooks.runOnce();
    const redelivered = receiver.received.at(-1)!;
    expect(redelivered.json.id).toBe(JSON.parse(receiver.received.at(-2)!.body).id);
    expect(verifySignature(endpoint.secret, redelivered.headers['x-llt-signature'] as string, redelivered.body, nowSeconds()).ok).toBe(true);
    expect(count('select count(*) from webhook_deliveries where replay_of = ? and status = ?', failedId, 'delivered')).toBe(1);
  });

  it('the admin page replays through a form, and stops an endpoint on request', async () => {
    const endpoint = await register({ events: ['deal.stage_changed'], role: 'admin' });
    await openDeal();
    await ctx.app.webhooks.runOnce();
    const session = await signIn(ctx, 'admin');
    const list = await ctx.app.inject({ method: 'GET', url: '/admin/webhooks', headers: session.headers });
    expect(list.body).toContain(receiver.url);
    const deliveries = await ctx.app.inject({ method: 'GET', url: `/admin/webhooks/${endpoint.id}`, headers: session.headers });
    expect(deliveries.body).toContain('已送达');
    const first = Number(/\/admin\/webhooks\/deliveries\/(\d+)/.exec(deliveries.body)![1]);
    const replay = await ctx.app.inject({ method: 'POST', url: `/admin/webhooks/deliveries/${first}/replay`, headers: session.headers, payload: {} });
    expect(replay.statusCode).toBe(303);
    await ctx.app.webhooks.runOnce();
    expect(receiver.received).toHaveLength(2);
    const disable = await ctx.app.inject({ method: 'POST', url: `/admin/webhooks/${endpoint.id}/disable`, headers: session.headers, payload: {} });
    expect(disable.body).toContain(`端点 #${endpoint.id} 已停用`);
    await api.call('POST', '/api/deals', buyerA, { listing_ref: 'LA', supplier_uscc: SUPPLIER });
    expect(await ctx.app.webhooks.runOnce()).toEqual({ attempted: 0, delivered: 0 });
    expect((await api.call('POST', `/api/webhooks/deliveries/${first}/replay`, admin)).statusCode).toBe(409);
  });

  it('registers through the page: the secret shows once, and bad input is named beside its field', async () => {
    const session = await signIn(ctx, 'admin');
    const bad = await ctx.app.inject({ method: 'POST', url: '/admin/webhooks', headers: session.headers, payload: { url: 'http://erp.example.com/hook', role: 'procurement', enterprise: '' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('至少选择一种事件');
    const http = await ctx.app.inject({ method: 'POST', url: '/admin/webhooks', headers: session.headers, payload: { url: 'http://erp.example.com/hook', role: 'admin', events: 'deal.stage_changed' } });
    expect(http.body).toContain('须使用 https（http 只允许本机地址）');
    const firm = await ctx.app.inject({ method: 'POST', url: '/admin/webhooks', headers: session.headers, payload: { url: receiver.url, role: 'procurement', events: ['deal.stage_changed'] } });
    expect(firm.body).toContain('企业用户和链主采购必须绑定一家企业');
    const ok = await ctx.app.inject({ method: 'POST', url: '/admin/webhooks', headers: session.headers, payload: { url: receiver.url, role: 'procurement', enterprise: FIRM_A, events: ['deal.stage_changed', 'listing.expiring'] } });
    expect(ok.statusCode).toBe(201);
    const secret = /<div class="secret">(whsec_[\w-]+)<\/div>/.exec(ok.body)![1]!;
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/webhooks', headers: session.headers })).body).not.toContain(secret);
    expect(String(ctx.database.sqlite.prepare('select secret_sealed from webhook_endpoints').pluck().get())).not.toContain(secret.slice(6));
  });
});

describe('who hears what', () => {
  it('an endpoint hears what a token of its role and firm may read', async () => {
    const [a, b, supplier] = [
      await register({ events: ['deal.stage_changed'], role: 'procurement', enterprise: FIRM_A }),
      await register({ events: ['deal.stage_changed'], role: 'procurement', enterprise: FIRM_B }),
      await register({ events: ['deal.stage_changed'], role: 'enterprise', enterprise: SUPPLIER }),
    ];
    await openDeal();
    const to = ctx.database.sqlite.prepare('select endpoint_id from webhook_deliveries order by endpoint_id').pluck().all();
    expect(to).toEqual([a.id, supplier.id]);
    expect(to).not.toContain(b.id);
  });

  it('problem status changes reach the firm\'s endpoint and the work team\'s', async () => {
    const firm = await register({ events: ['problem.status_changed'], role: 'enterprise', enterprise: SUPPLIER });
    const other = await register({ events: ['problem.status_changed'], role: 'enterprise', enterprise: FIRM_B });
    const team = await register({ events: ['problem.status_changed'], role: 'official' });
    const raised = await api.call('POST', '/api/problems', api.token('enterprise', w.supplier), { category: 'energy', title: '用电增容', description: '新产线需要增容 2000 kVA' });
    const official = await signIn(ctx, 'official');
    const moved = await ctx.app.inject({ method: 'POST', url: `/problems/${raised.json().ref}/transitions`, headers: official.headers,
      payload: { action: 'assign', department: 'jxj', deadline: '2026-12-31', version: '1' } });
    expect(moved.statusCode).toBeLessThan(400);
    await ctx.app.webhooks.runOnce();
    const heard = receiver.received.map((r) => `${(r.json.data as { from: string | null }).from}→${(r.json.data as { to: string }).to}`);
    expect(heard).toEqual(['null→submitted', 'null→submitted', 'submitted→assigned', 'submitted→assigned']);
    expect(ctx.database.sqlite.prepare('select distinct endpoint_id from webhook_deliveries order by 1').pluck().all()).toEqual([firm.id, team.id]);
    expect(other.id).toBeGreaterThan(0);
  });

  it('a component\'s localisation status is told when its ranking or a deal changes it', async () => {
    await register({ events: ['component.match_status_changed'], role: 'procurement', enterprise: FIRM_A });
    await api.call('POST', '/api/components/bulk', buyerA, { components: [{ ref: 'ERP-HOUSING', name: '电机壳体', chain: 'auto', materials: 'ADC12', processes: '压铸;CNC加工', certifications_required: 'IATF16949', annual_value_wan: 900 }] });
    await ctx.app.matching.settled();
    await ctx.app.webhooks.runOnce();
    const first = receiver.received.map((r) => r.json.data as { component: { ref: string }; from: string; to: string });
    expect(first.filter((d) => d.component.ref === 'ERP-HOUSING').map((d) => `${d.from}→${d.to}`)).toEqual(['unranked→candidates']);
    await api.call('POST', '/api/deals', buyerA, { component_ref: 'ERP-HOUSING', supplier_uscc: SUPPLIER });
    await ctx.app.webhooks.runOnce();
    expect(receiver.received.map((r) => r.json.data as { component: { ref: string }; to: string }).filter((d) => d.component.ref === 'ERP-HOUSING').map((d) => d.to))
      .toEqual(['candidates', 'in_deal']);
  });

  it('a component is told localised when the attraction project for it starts operating', async () => {
    await register({ events: ['component.match_status_changed'], role: 'procurement', enterprise: FIRM_A });
    ctx.app.matching.queueStale();
    await ctx.app.matching.settled();
    const official = await signIn(ctx, 'official');
    const post = (url: string, payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url, headers: official.headers, payload });
    const opened = await post('/attraction/projects', { title: '引进壳体配套', chain: 'auto', components: 'CA', responsible_name: '王', department: 'jxj', gap_description: '缺压铸' });
    const ref = String(opened.headers.location).replace('/attraction/projects/', '');
    for (const to of ['negotiating', 'signed', 'construction', 'operating']) expect((await post(`/attraction/projects/${ref}/transitions`, { to })).statusCode).toBe(303);
    await ctx.app.webhooks.runOnce();
    const told = receiver.received.map((r) => r.json.data as { component: { ref: string }; to: string }).filter((d) => d.component.ref === 'CA').map((d) => d.to);
    expect(told.at(-1)).toBe('localised');
  });

  it('a listing about to expire is told to its firm once per validity date', async () => {
    await register({ events: ['listing.expiring'], role: 'enterprise', enterprise: SUPPLIER });
    ctx.clock.set('2027-06-25T02:00:00Z');
    await ctx.app.webhooks.runOnce();
    const told = receiver.received.map((r) => r.json.data as { listing: { ref: string; valid_until: string }; days_left: number });
    expect(told).toEqual([{ listing: expect.objectContaining({ ref: 'LS', valid_until: '2027-06-30', owner: { uscc: SUPPLIER, name: '襄阳丙精密铸造有限公司' } }), days_left: 5 }]);
    ctx.clock.set('2027-06-26T03:00:00Z');
    await ctx.app.webhooks.runOnce();
    expect(receiver.received).toHaveLength(1);
  });
});

describe('the delivery loop', () => {
  it('runs only where WEBHOOK_DELIVERY is on, delivers without being called, and stops with the app', async () => {
    const running = await testApp({ config: { webhookDelivery: true } });
    try {
      loadWorld(running);
      const client = await apiClient(running);
      const token = client.token('admin');
      await client.call('POST', '/api/webhooks', token, { url: receiver.url, events: ['deal.stage_changed'], role: 'admin' });
      expect(running.app.webhooks.isRunning).toBe(true);
      await client.call('POST', '/api/deals', token, { component_ref: 'CA', supplier_uscc: SUPPLIER });
      const heard = await receiver.waitFor((r) => r.json.type === 'deal.stage_changed');
      expect(heard.json.data).toMatchObject({ to: 'recommended' });
    } finally {
      await running.close();
    }
    expect(running.app.webhooks.isRunning).toBe(false);
    expect(ctx.app.webhooks.isRunning).toBe(false);
  });
});
