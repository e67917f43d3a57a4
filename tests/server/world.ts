/** A small city for authorization and workflow tests: two chain leaders (A, B), a supplier, their listings and parts. */
import { importFiles } from '../../server/import/index.ts';
import { registerEndpoint } from '../../server/webhooks/service.ts';
import { insertDelivery, insertEvent } from '../../server/webhooks/queries.ts';
import { expect } from 'vitest';
import { csv, signIn, usccFor, type TestCtx } from '../helpers.ts';

export const FIRM_A = usccFor(101);
export const FIRM_B = usccFor(102);
export const SUPPLIER = usccFor(103);

export function loadWorld(ctx: TestCtx) {
  const enterprises = csv([
    ['uscc', 'name', 'region', 'chains', 'tier', 'processes', 'materials', 'certifications', 'annual_output_wan', 'contact_name', 'contact_phone'],
    [FIRM_A, '襄阳甲汽车有限公司', '襄州区', '汽车产业链', '链主企业', '总装', '', 'IATF16949', '900000', '甲经理', '13800000001'],
    [FIRM_B, '襄阳乙装备有限公司', '樊城区', '智能装备产业链', '链主企业', '装配', '', 'ISO9001', '500000', '乙经理', '13800000002'],
    [SUPPLIER, '襄阳丙精密铸造有限公司', '襄阳高新区', '汽车产业链', '专精特新', '压铸;CNC加工', 'ADC12', 'IATF 16949', '20000', '丙经理', '13800000003'],
  ]);
  const listings = csv([
    ['ref', 'uscc', 'kind', 'title', 'chain', 'valid_until'],
    ['LA', FIRM_A, 'demand', '采购变速器壳体', '汽车产业链', '2027-06-30'],
    ['LB', FIRM_B, 'demand', '采购减速机壳体', '智能装备产业链', '2027-06-30'],
    ['LS', SUPPLIER, 'supply', '承接铝合金压铸加工', '汽车产业链', '2027-06-30'],
  ]);
  const components = csv([
    ['ref', 'buyer_uscc', 'name', 'chain', 'materials', 'processes', 'certifications_required', 'annual_value_wan'],
    ['CA', FIRM_A, '变速器壳体', '汽车产业链', 'ADC12', '压铸;CNC加工', 'IATF16949', '2000'],
    ['CB', FIRM_B, '减速机壳体', '智能装备产业链', 'ADC12', '压铸', 'ISO9001', '800'],
  ]);
  const procurement = csv([['buyer_uscc', 'year', 'total_wan', 'local_wan'], [FIRM_A, '2026', '300000', '60000'], [FIRM_B, '2026', '100000', '30000']]);
  const report = importFiles(ctx.database.sqlite, [
    { name: 'enterprises.csv', bytes: Buffer.from(enterprises) }, { name: 'listings.csv', bytes: Buffer.from(listings) },
    { name: 'components.csv', bytes: Buffer.from(components) }, { name: 'procurement.csv', bytes: Buffer.from(procurement) },
  ], { now: ctx.clock.now() });
  if (!report.loaded) throw new Error(JSON.stringify(report.problems));
  const id = (uscc: string) => ctx.database.sqlite.prepare('select id from enterprises where uscc = ?').pluck().get(uscc) as number;
  return { firmA: id(FIRM_A), firmB: id(FIRM_B), supplier: id(SUPPLIER) };
}

export interface WebhookRows { endpointId: number; deliveryId: number }

/** A webhook endpoint (an admin's, to a local address) with one delivered event, for the admin pages and API. */
export function webhookRows(ctx: TestCtx): WebhookRows {
  const sqlite = ctx.database.sqlite;
  const registered = registerEndpoint({ sqlite, actor: { kind: 'anonymous' }, now: ctx.clock.now(), ip: '', serverSecret: ctx.app.deps.config.sessionSecret, allowHttp: false },
    { url: 'http://127.0.0.1:9/hook', role: 'admin', events: ['deal.stage_changed'] });
  if (!registered.ok) throw new Error(JSON.stringify(registered.errors));
  const eventId = insertEvent(sqlite, 'deal.stage_changed', (id) => JSON.stringify({ id: `evt_${id}`, type: 'deal.stage_changed', data: {} }), ctx.clock.now());
  return { endpointId: registered.id, deliveryId: insertDelivery(sqlite, registered.id, eventId, ctx.clock.now()) };
}

/**
 * The supplier posts a supply listing through `writer`; `reader` (the same app, or another process
 * on the same file) had its list page cached without it, and shows it — page and search — at once.
 */
export async function expectNewListingSeen(writer: TestCtx, reader: TestCtx, supplierId: number, title: string, query: string): Promise<void> {
  expect((await reader.app.inject({ method: 'GET', url: '/listings' })).body).not.toContain(title);
  expect(reader.app.reads.size).toBeGreaterThan(0);
  const firm = await signIn(writer, 'enterprise', { enterpriseId: supplierId });
  const posted = await writer.app.inject({ method: 'POST', url: '/listings/new', headers: firm.headers, payload: { kind: 'supply', title, valid_until: '2027-06-30' } });
  expect(posted.statusCode).toBe(303);
  expect((await reader.app.inject({ method: 'GET', url: '/listings' })).body).toContain(title);
  const search = await reader.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(query)}` });
  expect(search.json().hits.map((h: { title: string }) => h.title)).toEqual([title]);
}
