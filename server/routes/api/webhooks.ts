/** Webhooks for admins through the API: register endpoints (the secret comes back once), disable them, read deliveries, replay one. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DELIVERY_STATUSES, ROLES, WEBHOOK_EVENTS } from '../../../db/schema.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { deliveriesOf, deliveryById, type DeliveryRow } from '../../webhooks/queries.ts';
import { disableWebhook, endpointView, endpointViews, registerEndpoint, replayDelivery, type EndpointView, type WebhookContext } from '../../webhooks/service.ts';
import { sqlPage } from '../../paging.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { FirmRef, invalid, iso } from './present.ts';
import { idParam, isoTime, pageOf, pageQuery, responses } from './schemas.ts';

const ADMIN = { access: ['admin'] as const };
const nullableTime = isoTime.nullable();

const Endpoint = z.object({
  id: z.number().int(), url: z.string(), description: z.string(), events: z.array(z.enum(WEBHOOK_EVENTS)),
  role: z.enum(ROLES).meta({ description: '端点以此身份接收：只收到该身份能看到的对象的事件' }), enterprise: FirmRef.nullable(),
  pending: z.number().int(), failed: z.number().int(), created_at: isoTime, disabled_at: nullableTime,
}).meta({ id: 'WebhookEndpoint' });
const CreatedEndpoint = Endpoint.extend({ secret: z.string().meta({ description: '签名密钥：只在此处返回一次' }) });
const Delivery = z.object({
  id: z.number().int(), event: z.object({ id: z.string(), type: z.enum(WEBHOOK_EVENTS) }), status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(), next_attempt_at: nullableTime, last_attempt_at: nullableTime, last_status: z.number().int().nullable(),
  last_error: z.string().nullable(), delivered_at: nullableTime, replay_of: z.number().int().nullable(), created_at: isoTime,
}).meta({ id: 'WebhookDelivery' });

const createBody = z.strictObject({
  url: z.string().max(500).meta({ description: 'https 地址（http 只允许本机）' }), description: z.string().max(200).optional(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  role: z.enum(ROLES), enterprise: z.string().max(18).optional().meta({ description: '企业、链主采购身份必填：绑定企业的统一社会信用代码' }),
});

const time = (ms: number | null) => (ms === null ? null : iso(ms));
const presentEndpoint = (e: EndpointView): z.output<typeof Endpoint> => ({
  id: e.id, url: e.url, description: e.description, events: e.events, role: e.role,
  enterprise: e.enterpriseUscc && e.enterpriseName ? { uscc: e.enterpriseUscc, name: e.enterpriseName } : null,
  pending: e.pending, failed: e.failed, created_at: iso(e.createdAt), disabled_at: time(e.disabledAt),
});
const presentDelivery = (d: DeliveryRow): z.output<typeof Delivery> => ({
  id: d.id, event: { id: `evt_${d.eventId}`, type: d.type }, status: d.status, attempts: d.attempts, next_attempt_at: d.status === 'pending' ? time(d.nextAttemptAt) : null,
  last_attempt_at: time(d.lastAttemptAt), last_status: d.lastStatus, last_error: d.lastError, delivered_at: time(d.deliveredAt), replay_of: d.replayOf, created_at: iso(d.createdAt),
});

export async function apiWebhookRoutes(app: FastifyInstance) {
  const { database, config } = app.deps;
  const { sqlite } = database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest): WebhookContext => ({ ...request.writeContext, serverSecret: config.sessionSecret, allowHttp: config.webhookAllowHttp });
  const endpoint = (id: number) => {
    const e = endpointView(sqlite, id);
    if (!e) throw notFound(`Webhook 端点 #${id} `);
    return e;
  };

  api.get('/api/webhooks', {
    config: ADMIN,
    schema: { tags: ['webhooks'], summary: '已登记的 Webhook 端点（管理员）', querystring: z.object(pageQuery), response: responses({ 200: pageOf(Endpoint) }) },
  }, (request) => {
    const { cursor, limit } = request.query;
    const after = decodeCursor(cursor, {});
    const page = sqlPage(endpointViews(sqlite).sort((a, b) => a.id - b.id).filter((e) => e.id > after).slice(0, limit + 1), limit);
    return { items: page.items.map(presentEndpoint), next: encodeCursor(page.next, {}) };
  });

  api.post('/api/webhooks', {
    config: ADMIN,
    schema: {
      tags: ['webhooks'], summary: '登记 Webhook 端点（管理员）',
      description: '每次事件 POST 一条 JSON：`{ id, type, created_at, data }`；请求头 `X-LLT-Event`、`X-LLT-Delivery` 和 `X-LLT-Signature: t=<秒>,v1=<hex>`，其中 hex = HMAC-SHA256(secret, "<秒>.<请求体>")。2xx 视为送达；否则按 30 秒、2 分、8 分 … 最长 4 小时的间隔重试 24 小时。',
      body: createBody, response: responses({ 201: CreatedEndpoint }, 422),
    },
  }, (request, reply) => {
    const result = registerEndpoint(ctx(request), request.body);
    if (!result.ok) throw invalid(result.errors);
    reply.code(201);
    return { ...presentEndpoint(endpoint(result.id)), secret: result.secret };
  });

  api.post('/api/webhooks/:id/disable', {
    config: ADMIN,
    schema: { tags: ['webhooks'], summary: '停用 Webhook 端点', params: idParam, response: responses({ 200: Endpoint }, 404) },
  }, (request) => {
    endpoint(request.params.id);
    disableWebhook(ctx(request), request.params.id);
    return presentEndpoint(endpoint(request.params.id));
  });

  api.get('/api/webhooks/:id/deliveries', {
    config: ADMIN,
    schema: { tags: ['webhooks'], summary: '端点的投递记录（最新的在前）', params: idParam, querystring: z.object(pageQuery), response: responses({ 200: pageOf(Delivery) }, 404) },
  }, (request) => {
    const e = endpoint(request.params.id);
    const { cursor, limit } = request.query;
    const scope = { endpoint: e.id };
    const page = sqlPage(deliveriesOf(sqlite, e.id, decodeCursor(cursor, scope), limit + 1), limit);
    return { items: page.items.map(presentDelivery), next: encodeCursor(page.next, scope) };
  });

  api.post('/api/webhooks/deliveries/:id/replay', {
    config: ADMIN,
    schema: { tags: ['webhooks'], summary: '重放一次投递', description: '以新的投递再发送同一事件。', params: idParam, response: responses({ 201: Delivery }, 404, 409) },
  }, (request, reply) => {
    const result = replayDelivery(ctx(request), request.params.id);
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound(`投递 #${request.params.id} `);
      throw new HttpError(409, 'endpoint_disabled', '该端点已停用，不能重放');
    }
    app.webhooks.nudge();
    reply.code(201);
    return presentDelivery(deliveryById(sqlite, result.deliveryId)!);
  });
}
