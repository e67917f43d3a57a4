/**
 * An ERP's whole round trip through the API, as a buyer's integration would run it: with its
 * token it pushes its sole-source parts, reads the ranked local suppliers, opens a deal with
 * the best one and moves it; the platform's delivery loop tells the ERP's endpoint, signed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { FIRM_A, SUPPLIER, loadWorld } from '../server/world.ts';
import { verifySignature } from '../../server/webhooks/signing.ts';
import { startReceiver } from '../webhooks/receiver.ts';
import { apiClient } from './client.ts';

let ctx: TestCtx;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeEach(async () => {
  ctx = await testApp({ config: { webhookDelivery: true } });
  receiver = await startReceiver();
});
afterEach(async () => { await ctx.close(); await receiver.close(); });

describe('an ERP round trip', () => {
  it('token → bulk upsert → matches → open deal → move → signed webhook received', async () => {
    const w = loadWorld(ctx);
    const api = await apiClient(ctx);
    const admin = api.token('admin');
    // The admin registers the buyer's ERP endpoint and issues its token; the ERP keeps the secret.
    const endpoint = await api.call('POST', '/api/webhooks', admin, { url: receiver.url, events: ['deal.stage_changed', 'component.match_status_changed'], role: 'procurement', enterprise: FIRM_A, description: '甲汽车 ERP' });
    expect(endpoint.statusCode).toBe(201);
    const { secret } = endpoint.json() as { secret: string };
    const erp = api.token('procurement', w.firmA, 'ERP');

    const pushed = await api.call('POST', '/api/components/bulk', erp, { components: [
      { ref: 'ERP-7001', name: '电机端盖', part_no: 'EM-7001', chain: '汽车产业链', materials: 'ADC12', processes: ['压铸', 'CNC加工'], certifications_required: 'IATF16949', annual_value_wan: 1500, current_supplier: '宁波某压铸厂', current_supplier_region: '浙江省宁波市', criticality: '高' },
      { ref: 'ERP-7002', name: '散热器支架', chain: '汽车产业链', materials: 'ADC12', processes: '压铸', annual_value_wan: 300 },
    ] });
    expect(pushed.json()).toMatchObject({ loaded: true, counts: { inserted: 2, updated: 0, unchanged: 0 }, problems: [] });

    const matches = await api.call('GET', '/api/components/ERP-7001/matches?limit=5', erp);
    expect(matches.statusCode).toBe(200);
    const best = matches.json().matches[0] as { uscc: string; grade: string; reasons: string[] };
    expect(best.uscc).toBe(SUPPLIER);
    expect(best.reasons.length).toBeGreaterThan(0);

    const opened = await api.call('POST', '/api/deals', erp, { component_ref: 'ERP-7001', supplier_uscc: best.uscc }, { 'idempotency-key': 'erp-7001-open' });
    expect(opened.statusCode).toBe(201);
    const dealId = opened.json().id as number;
    const moved = await api.call('POST', `/api/deals/${dealId}/transitions`, erp, { to: 'contacted', note: 'ERP：已发询价单' }, { 'idempotency-key': 'erp-7001-contacted' });
    expect(moved.json()).toMatchObject({ id: dealId, stage: 'contacted', version: 2 });

    const heard = await receiver.waitFor((r) => r.json.type === 'deal.stage_changed' && (r.json.data as { to: string }).to === 'contacted');
    const check = verifySignature(secret, heard.headers['x-llt-signature'] as string, heard.body, Math.floor(ctx.clock.now() / 1000));
    expect(check.ok).toBe(true);
    expect(heard.json.data).toMatchObject({ from: 'recommended', to: 'contacted', deal: { id: dealId, stage: 'contacted', subject: { ref: 'ERP-7001' }, supplier: { uscc: SUPPLIER } } });
    const status = await receiver.waitFor((r) => r.json.type === 'component.match_status_changed' && (r.json.data as { to: string }).to === 'in_deal');
    expect(status.json.data).toMatchObject({ component: { ref: 'ERP-7001', buyer: { uscc: FIRM_A } } });
    // The ERP sees the same deal when it asks.
    expect((await api.call('GET', '/api/deals', erp)).json().items.map((d: { id: number }) => d.id)).toContain(dealId);
  });
});
