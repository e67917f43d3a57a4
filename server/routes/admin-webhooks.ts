/** Admin pages for webhooks: register and disable endpoints, watch each delivery, replay one. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound, parseInput } from '../plugins/errors.ts';
import { attemptsOf, deliveriesOf, deliveryById } from '../webhooks/queries.ts';
import { disableWebhook, endpointView, endpointViews, registerEndpoint, replayDelivery, type WebhookContext } from '../webhooks/service.ts';

const ADMIN = { config: { access: ['admin'] as const } };
const PAGE = 50;
const idParam = z.object({ id: z.coerce.number().int().positive({ message: '编号须为正整数' }) });
const beforeQuery = z.object({ before: z.coerce.number().int().min(0).optional() });

export async function adminWebhookRoutes(app: FastifyInstance) {
  const { database, config } = app.deps;
  const { sqlite } = database;
  const ctx = (request: FastifyRequest): WebhookContext => ({ ...request.writeContext, serverSecret: config.sessionSecret, allowHttp: config.webhookAllowHttp });

  app.get('/admin/webhooks', ADMIN, (request, reply) => reply.render('webhooks', { endpoints: endpointViews(sqlite), csrfToken: request.csrfToken(reply) }));

  app.post('/admin/webhooks', ADMIN, (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = registerEndpoint(ctx(request), body);
    if (!result.ok) return reply.code(422).render('webhooks', { endpoints: endpointViews(sqlite), csrfToken: request.csrfToken(reply), values: body, errors: result.errors });
    return reply.code(201).render('webhooks', { endpoints: endpointViews(sqlite), csrfToken: request.csrfToken(reply), created: { id: result.id, secret: result.secret } });
  });

  app.post('/admin/webhooks/:id/disable', ADMIN, (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    if (!endpointView(sqlite, id)) throw notFound('该端点');
    const done = disableWebhook(ctx(request), id);
    return reply.render('webhooks', { endpoints: endpointViews(sqlite), csrfToken: request.csrfToken(reply), message: done ? `端点 #${id} 已停用，不再投递。` : `端点 #${id} 已是停用状态。` });
  });

  app.get('/admin/webhooks/:id', ADMIN, (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    const { before } = parseInput(beforeQuery, request.query);
    const endpoint = endpointView(sqlite, id);
    if (!endpoint) throw notFound('该端点');
    const rows = deliveriesOf(sqlite, id, before ?? 0, PAGE + 1);
    const deliveries = rows.slice(0, PAGE);
    return reply.render('endpointDeliveries', { endpoint, deliveries, older: rows.length > PAGE ? deliveries.at(-1)!.id : null });
  });

  app.get('/admin/webhooks/deliveries/:id', ADMIN, (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    const delivery = deliveryById(sqlite, id);
    if (!delivery) throw notFound('该投递');
    const endpoint = endpointView(sqlite, delivery.endpointId);
    return reply.render('delivery', { delivery, attempts: attemptsOf(sqlite, id), csrfToken: request.csrfToken(reply), canReplay: endpoint?.disabledAt === null });
  });

  app.post('/admin/webhooks/deliveries/:id/replay', ADMIN, (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    const result = replayDelivery(ctx(request), id);
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound('该投递');
      return reply.code(409).render('delivery', { delivery: deliveryById(sqlite, id)!, attempts: attemptsOf(sqlite, id), csrfToken: request.csrfToken(reply), canReplay: false });
    }
    app.webhooks.nudge();
    return reply.redirect(`/admin/webhooks/deliveries/${result.deliveryId}`, 303);
  });
}
