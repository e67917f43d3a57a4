/** Deal pages: the list an actor may see, one deal with its timeline, and the move form (same service as the API). */
import { accessRoleOf } from '../auth/policy.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEAL_STAGES } from '../../db/schema.ts';
import * as f from '../domain/fields.ts';
import { dealEvents, dealParty, listDeals } from '../deals/queries.ts';
import { allowedMoves } from '../deals/stages.ts';
import { canMoveDeal, canSeeSubjectValue, canViewDeal, getDealRow, moveDeal, subjectOf, type DealRow } from '../deals/service.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, httpStatusOf, notFound, parseInput, refusalError } from '../plugins/errors.ts';
import { optional, page as pageNumber } from './query.ts';

const SIGNED_IN = { config: { access: 'signed-in' as const } };
const idParam = z.object({ id: z.coerce.number().int().positive() });
const moveForm = z.object({
  to: z.enum(DEAL_STAGES, { message: '请选择阶段' }),
  note: f.text(2000),
  reason: f.text(500),
  annual_value_wan: f.amount({ max: 1e9 }),
  version: z.coerce.number().int().positive(),
});

/** Deals per page of the list. */
const DEALS_PAGE = 50;

export async function dealRoutes(app: FastifyInstance) {
  const { database, clock, feed } = app.deps;
  const { sqlite } = database;

  const show = (request: FastifyRequest, reply: FastifyReply, deal: DealRow, status = 200, error?: string) => {
    const subject = subjectOf(sqlite, deal);
    return reply.code(status).render('deal', {
      deal: {
        ...deal, subject: { kind: subject.kind, ref: subject.ref, name: subject.name, annualValueWan: canSeeSubjectValue(request.actor, subject) ? subject.annualValueWan : null },
        buyer: dealParty(sqlite, deal.buyerId), supplier: dealParty(sqlite, deal.supplierId), events: dealEvents(sqlite, deal.id),
        moves: allowedMoves(deal.stage),
      },
      canMove: canMoveDeal(request.actor, subject), csrfToken: request.csrfToken(reply), error,
    });
  };
  const visibleDeal = (request: FastifyRequest) => {
    const { id } = parseInput(idParam, request.params);
    const deal = getDealRow(sqlite, id);
    if (!deal) throw notFound('该商机');
    if (!canViewDeal(request.actor, subjectOf(sqlite, deal), deal)) throw new HttpError(403, 'forbidden', '没有权限查看此商机');
    return deal;
  };

  app.get('/deals', SIGNED_IN, (request, reply) => {
    const { stage, page } = parseInput(z.object({ stage: optional(z.enum(DEAL_STAGES, { message: '未知阶段' })), page: pageNumber }), request.query);
    const actor = signedIn(request);
    return reply.render('deals', { deals: listDeals(sqlite, actor, { stage }), stage, role: accessRoleOf(actor), paging: { page, pageSize: DEALS_PAGE } });
  });

  app.get('/deals/:id', SIGNED_IN, (request, reply) => show(request, reply, visibleDeal(request)));

  app.post('/deals/:id/move', SIGNED_IN, (request, reply) => {
    const deal = visibleDeal(request);
    const form = moveForm.safeParse(request.body);
    if (!form.success) return show(request, reply, deal, 422, form.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('；'));
    const result = moveDeal({ sqlite, feed, actor: request.actor, now: clock.now(), ip: request.ip }, deal.id, {
      to: form.data.to, note: form.data.note, reason: form.data.reason || undefined, annualValueWan: form.data.annual_value_wan, version: form.data.version,
    });
    if (!result.ok) {
      if (result.kind === 'forbidden') throw refusalError(result);
      return show(request, reply, getDealRow(sqlite, deal.id)!, httpStatusOf(result.kind), result.message);
    }
    return reply.redirect(`/deals/${deal.id}`, 303);
  });
}
