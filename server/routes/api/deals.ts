/**
 * The deals API: list the deals the caller may see, open one from a match, move it stage by
 * stage (an Idempotency-Key makes a retry safe), read it with its history.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEAL_STAGES } from '../../../db/schema.ts';
import { lookupIdempotent, storeIdempotent } from '../../deals/idempotency.ts';
import { visibleDeals, subjectOfRecord } from '../../deals/list-page.ts';
import { canViewDeal, moveDeal, openDeal, type DealResult } from '../../deals/service.ts';
import { dealEvents, dealRecord, type DealRecord } from '../../deals/queries.ts';
import { HttpError, httpStatusOf, notFound } from '../../plugins/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { idParam, isoTime, pageOf, pageQuery, responses } from './schemas.ts';

const SIGNED_IN = { access: 'signed-in' as const };
const ref = z.string().trim().min(1).max(64);
const stage = z.enum(DEAL_STAGES, { message: `须为 ${DEAL_STAGES.join(' / ')} 之一` });

const openBody = z.object({
  component_ref: ref.optional().meta({ description: '外采件编号（与 listing_ref 二选一）' }),
  listing_ref: ref.optional().meta({ description: '需求信息编号（与 component_ref 二选一）' }),
  supplier_uscc: z.string().trim().min(1, { message: '必填' }).max(18),
  note: z.string().max(2000).optional(),
}).refine((b) => (b.component_ref === undefined) !== (b.listing_ref === undefined), { message: '须且只能提供 component_ref 或 listing_ref 之一', path: ['component_ref'] });

const moveBody = z.object({
  to: stage.meta({ description: 'recommended → contacted → sampling → quoting → signed → supplying，或从任一进行中阶段到 lost' }),
  note: z.string().max(2000).optional(),
  reason: z.string().max(500).optional().meta({ description: '转为 lost 时必填' }),
  annual_value_wan: z.number({ message: '须为数字' }).nonnegative({ message: '不能为负数' }).max(1e9).optional().meta({ description: '签约时的年配套额（万元），缺省为外采件的年采购额' }),
  version: z.number().int().positive().optional().meta({ description: '读取时的版本；也可用 If-Match 请求头' }),
});

const writeHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(200, { message: 'Idempotency-Key 不能超过 200 个字符' }).optional()
    .meta({ description: '同一键的重试返回第一次的结果且不重复修改；同一键用于不同请求返回 422' }),
  'if-match': z.string().max(40).optional().meta({ description: '期望的版本号（"3" 或 3）' }),
});

const DealState = z.object({ id: z.number().int(), stage, version: z.number().int(), annual_value_wan: z.number().nullable() });
const Firm = z.object({ uscc: z.string(), name: z.string() });
const DealSummary = DealState.extend({
  subject: z.object({ type: z.enum(['component', 'listing']), ref: z.string(), name: z.string() }),
  buyer: Firm, supplier: Firm, created_at: isoTime, updated_at: isoTime,
}).meta({ id: 'Deal' });
const DealDetail = DealSummary.extend({
  lost_reason: z.string().nullable(),
  events: z.array(z.object({ from: stage.nullable(), to: stage, note: z.string(), reason: z.string().nullable(), by: z.string(), at: isoTime })),
});
const listQuery = z.object({ ...pageQuery, stage: stage.optional() });

const iso = (ms: number) => new Date(ms).toISOString();
const summary = (d: DealRecord): z.output<typeof DealSummary> => ({
  id: d.id, stage: d.stage, version: d.version, annual_value_wan: d.annualValueWan,
  subject: { type: d.subjectKind, ref: d.subjectRef, name: d.subjectName },
  buyer: { uscc: d.buyerUscc, name: d.buyerName }, supplier: { uscc: d.supplierUscc, name: d.supplierName },
  created_at: iso(d.createdAt), updated_at: iso(d.updatedAt),
});

export async function apiDealRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const scopeOf = (request: FastifyRequest) => (request.actor.kind === 'anonymous' ? 'anonymous' : `${request.actor.kind}:${request.actor.id}`);
  const answer = (result: DealResult, created: boolean): { status: number; body: z.output<typeof DealState> | { error: string; message: string } } => result.ok
    ? { status: created ? 201 : 200, body: { id: result.deal.id, stage: result.deal.stage, version: result.deal.version, annual_value_wan: result.deal.annualValueWan } }
    : { status: httpStatusOf(result.kind), body: { error: result.code, message: result.message } };

  /** Runs the write once per (client, key); a retry gets the first answer, a reused key with another body 422. */
  const once = (request: FastifyRequest, key: string | undefined, body: unknown, write: () => ReturnType<typeof answer>) => {
    if (key === undefined) return write();
    return sqlite.transaction(() => {
      const seen = lookupIdempotent(sqlite, scopeOf(request), key, { url: request.url, body }, clock.now());
      if ('replay' in seen) return seen.replay as ReturnType<typeof answer>;
      if ('mismatch' in seen) throw new HttpError(422, 'idempotency_key_reused', '此 Idempotency-Key 已用于另一个请求');
      const result = write();
      if (result.status < 500) storeIdempotent(sqlite, scopeOf(request), key, { url: request.url, body }, result, clock.now());
      return result;
    })();
  };

  api.get('/api/deals', {
    config: SIGNED_IN,
    schema: {
      tags: ['deals'], summary: '我能看到的对接商机', description: '买卖双方企业、负责范围内的主管部门和管理员可见；按编号从小到大。',
      querystring: listQuery, response: responses({ 200: pageOf(DealSummary) }),
    },
  }, (request) => {
    const { cursor, limit, ...filters } = request.query;
    const page = visibleDeals(sqlite, request.actor, filters, decodeCursor(cursor, filters), limit);
    return { items: page.items.map(summary), next: encodeCursor(page.next, filters) };
  });

  api.post('/api/deals', {
    config: SIGNED_IN,
    schema: {
      tags: ['deals'], summary: '从匹配结果发起对接', description: '采购方（外采件所属企业的链主采购、需求信息所属企业）发起，阶段为 recommended。',
      headers: writeHeaders, body: openBody, response: responses({ 201: DealState, 200: DealState }, 404, 409, 422),
    },
  }, (request, reply) => {
    const body = request.body;
    const result = once(request, request.headers['idempotency-key'], body, () => answer(openDeal(request.writeContext, {
      componentRef: body.component_ref, listingRef: body.listing_ref, supplierUscc: body.supplier_uscc, note: body.note,
    }), true));
    reply.code(result.status as 200);
    return result.body;
  });

  api.post('/api/deals/:id/transitions', {
    config: SIGNED_IN,
    schema: {
      tags: ['deals'], summary: '推进商机', description: '一次前进一个阶段，或转为 lost（须填原因）；不允许的转换返回 409。',
      params: idParam, headers: writeHeaders, body: moveBody, response: responses({ 200: DealState }, 404, 409, 422),
    },
  }, (request, reply) => {
    const { id } = request.params;
    const body = request.body;
    const ifMatch = request.headers['if-match'];
    const version = body.version ?? (typeof ifMatch === 'string' && /^"?\d+"?$/.test(ifMatch) ? Number(ifMatch.replaceAll('"', '')) : undefined);
    const result = once(request, request.headers['idempotency-key'], body, () => answer(moveDeal(request.writeContext, id, {
      to: body.to, note: body.note, reason: body.reason, annualValueWan: body.annual_value_wan, version,
    }), false));
    reply.code(result.status as 200);
    return result.body;
  });

  api.get('/api/deals/:id', {
    config: SIGNED_IN,
    schema: { tags: ['deals'], summary: '商机详情与每一步记录', params: idParam, response: responses({ 200: DealDetail }, 404) },
  }, (request) => {
    const { id } = request.params;
    const deal = dealRecord(sqlite, id);
    if (!deal) throw notFound(`商机 #${id} `);
    if (!canViewDeal(request.actor, subjectOfRecord(deal), deal)) throw new HttpError(403, 'forbidden', '没有权限访问此商机');
    return {
      ...summary(deal), lost_reason: deal.lostReason,
      events: dealEvents(sqlite, id).map((e) => ({ from: e.fromStage, to: e.toStage, note: e.note, reason: e.reason, by: e.actorLabel, at: iso(e.at) })),
    };
  });
}
