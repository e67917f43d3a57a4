/** The deals API (CONTRACT.md §3): open a deal, move it with an Idempotency-Key, read it. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEAL_STAGES } from '../../db/schema.ts';
import { lookupIdempotent, storeIdempotent } from '../deals/idempotency.ts';
import { canViewDeal, getDealRow, moveDeal, openDeal, subjectOf, type DealResult } from '../deals/service.ts';
import { dealEvents } from '../deals/queries.ts';
import { HttpError, notFound, parseInput } from '../plugins/errors.ts';
import type { WriteContext } from '../marketplace/profile.ts';

const SIGNED_IN = { config: { access: 'signed-in' as const } };
const idParam = z.object({ id: z.coerce.number().int().positive({ message: '商机编号须为正整数' }) });
const ref = z.string().trim().min(1).max(64);

const openBody = z.object({
  component_ref: ref.optional(),
  listing_ref: ref.optional(),
  supplier_uscc: z.string().trim().min(1, { message: '必填' }).max(18),
  note: z.string().max(2000).optional(),
}).refine((b) => (b.component_ref === undefined) !== (b.listing_ref === undefined), { message: '须且只能提供 component_ref 或 listing_ref 之一', path: ['component_ref'] });

const moveBody = z.object({
  to: z.enum(DEAL_STAGES, { message: `须为 ${DEAL_STAGES.join(' / ')} 之一` }),
  note: z.string().max(2000).optional(),
  reason: z.string().max(500).optional(),
  annual_value_wan: z.number({ message: '须为数字' }).nonnegative({ message: '不能为负数' }).max(1e9).optional(),
  version: z.number().int().positive().optional(),
});

const idempotencyKey = z.string().min(1).max(200, { message: 'Idempotency-Key 不能超过 200 个字符' }).optional();

export async function apiDealRoutes(app: FastifyInstance) {
  const { database, clock, feed } = app.deps;
  const { sqlite } = database;
  const ctx = (request: FastifyRequest): WriteContext => ({ sqlite, feed, actor: request.actor, now: clock.now(), ip: request.ip });
  const scopeOf = (request: FastifyRequest) => (request.actor.kind === 'anonymous' ? 'anonymous' : `${request.actor.kind}:${request.actor.id}`);
  const answer = (result: DealResult, created: boolean): { status: number; body: unknown } => result.ok
    ? { status: created ? 201 : 200, body: { id: result.deal.id, stage: result.deal.stage, version: result.deal.version, annual_value_wan: result.deal.annualValueWan } }
    : { status: result.status, body: { error: result.code, message: result.message } };

  /** Runs the write once per (client, key); a retry gets the first answer, a reused key with another body 422. */
  const once = (request: FastifyRequest, body: unknown, write: () => { status: number; body: unknown }) => {
    const key = parseInput(idempotencyKey, request.headers['idempotency-key']);
    if (key === undefined) return write();
    return sqlite.transaction(() => {
      const seen = lookupIdempotent(sqlite, scopeOf(request), key, { url: request.url, body }, clock.now());
      if ('replay' in seen) return seen.replay;
      if ('mismatch' in seen) throw new HttpError(422, 'idempotency_key_reused', '此 Idempotency-Key 已用于另一个请求');
      const result = write();
      if (result.status < 500) storeIdempotent(sqlite, scopeOf(request), key, { url: request.url, body }, result, clock.now());
      return result;
    })();
  };

  app.post('/api/deals', SIGNED_IN, (request, reply) => {
    const body = parseInput(openBody, request.body);
    const result = once(request, body, () => answer(openDeal(ctx(request), {
      componentRef: body.component_ref, listingRef: body.listing_ref, supplierUscc: body.supplier_uscc, note: body.note,
    }), true));
    return reply.code(result.status).send(result.body);
  });

  app.post('/api/deals/:id/transitions', SIGNED_IN, (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    const body = parseInput(moveBody, request.body);
    const ifMatch = request.headers['if-match'];
    const version = body.version ?? (typeof ifMatch === 'string' && /^"?\d+"?$/.test(ifMatch) ? Number(ifMatch.replaceAll('"', '')) : undefined);
    const result = once(request, body, () => answer(moveDeal(ctx(request), id, {
      to: body.to, note: body.note, reason: body.reason, annualValueWan: body.annual_value_wan, version,
    }), false));
    return reply.code(result.status).send(result.body);
  });

  app.get('/api/deals/:id', SIGNED_IN, (request) => {
    const { id } = parseInput(idParam, request.params);
    const deal = getDealRow(sqlite, id);
    if (!deal) throw notFound(`商机 #${id} `);
    const subject = subjectOf(sqlite, deal);
    if (!canViewDeal(request.actor, subject, deal)) throw new HttpError(403, 'forbidden', '没有权限访问此商机');
    return {
      id: deal.id, stage: deal.stage, version: deal.version, annual_value_wan: deal.annualValueWan, lost_reason: deal.lostReason,
      subject: { type: subject.kind, ref: subject.ref, name: subject.name },
      events: dealEvents(sqlite, id).map((e) => ({ from: e.fromStage, to: e.toStage, note: e.note, reason: e.reason, by: e.actorLabel, at: new Date(e.at).toISOString() })),
    };
  });
}
