/**
 * The sole-source register: procurement staff keep their firm's components and review the
 * ranked local candidates; officials see them per chain. Confidential: the buyer's staff,
 * officials in scope and admins only (CONTRACT.md §3).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { allChains } from '../../db/repositories/catalog.ts';
import { componentFormPage, componentPage, registerPage } from '../../views/pages/components.ts';
import { matchList } from '../../views/partials/matches.ts';
import { dealTable } from '../../views/partials/deal-table.ts';
import { canManageComponentsOf, canViewComponent } from '../auth/policy.ts';
import { COMPONENT_STATUSES, listRegister } from '../components/register.ts';
import { componentByRef, dealsOn } from '../components/queries.ts';
import { createComponent, componentSnapshot, updateComponent } from '../components/service.ts';
import { openDeal } from '../deals/service.ts';
import { OPEN_STAGES } from '../deals/stages.ts';
import type { WriteContext } from '../marketplace/profile.ts';
import { SCOPES } from '../matching/types.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, notFound, parseInput } from '../plugins/errors.ts';
import { chainId, optional } from './query.ts';

const READERS = { config: { access: ['procurement', 'official', 'admin'] as const } };
const EDITORS = { config: { access: ['procurement', 'admin'] as const } };
const listQuery = z.object({ chain: chainId, status: optional(z.enum(COMPONENT_STATUSES, { message: '未知状态' })) });
const scopeQuery = z.object({ scope: optional(z.enum(SCOPES, { message: 'scope 须为 local、cluster 或 all' })) });

export async function componentRoutes(app: FastifyInstance) {
  const { database, clock, feed } = app.deps;
  const { sqlite } = database;
  const ctx = (request: FastifyRequest): WriteContext => ({ sqlite, feed, actor: request.actor, now: clock.now(), ip: request.ip });

  const visible = (request: FastifyRequest<{ Params: { ref: string } }>) => {
    const c = componentByRef(sqlite, request.params.ref);
    if (!c) throw notFound('该外采件');
    if (!canViewComponent(request.actor, { buyerId: c.buyerId, chainId: c.chainId, buyerRegionCode: c.buyerRegionCode })) throw new HttpError(403, 'forbidden', '外采件信息仅对采购企业、主管部门可见');
    return c;
  };
  const editable = (request: FastifyRequest<{ Params: { ref: string } }>) => {
    const c = visible(request);
    if (!canManageComponentsOf(request.actor, c.buyerId)) throw new HttpError(403, 'forbidden', '只有采购企业可以修改外采件');
    return c;
  };

  app.get('/components', READERS, (request, reply) => {
    const actor = signedIn(request);
    const filter = parseInput(listQuery, request.query);
    return reply.page(registerPage({ rows: listRegister(sqlite, actor, filter), chains: allChains(database.db), filter,
      canCreate: actor.role === 'procurement' || actor.role === 'admin', showBuyer: actor.role !== 'procurement' }));
  });

  const formView = (request: FastifyRequest, reply: FastifyReply, ref: string | null, values: Record<string, unknown>, extra: { errors?: Record<string, string>; message?: string } = {}) =>
    componentFormPage({ ref, values, chains: allChains(database.db), csrfToken: request.csrfToken(reply), buyerUscc: signedIn(request).role === 'admin' ? null : 'own', ...extra });

  app.get('/components/new', EDITORS, (request, reply) => reply.page(formView(request, reply, null, {})));

  app.post('/components/new', EDITORS, (request, reply) => {
    const actor = signedIn(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    let buyerId = actor.enterpriseId;
    if (actor.role === 'admin') {
      buyerId = sqlite.prepare(`select id from enterprises where uscc = ? and tier = 'chain_leader'`).pluck().get(String(body.buyer_uscc ?? '').toUpperCase()) as number | null ?? null;
      if (buyerId === null) return reply.code(422).page(formView(request, reply, null, body, { errors: { buyer_uscc: '须为平台上一家链主企业的统一社会信用代码' } }));
    }
    const result = createComponent(ctx(request), buyerId!, body);
    if (!result.ok) return reply.code(422).page(formView(request, reply, null, body, { errors: result.errors }));
    return reply.redirect(`/components/${encodeURIComponent(result.ref)}`, 303);
  });

  app.get<{ Params: { ref: string } }>('/components/:ref', READERS, (request, reply) => {
    const c = visible(request);
    const { scope } = parseInput(scopeQuery, request.query);
    const result = app.matching.componentMatches(c.id, scope ?? 'local', 20);
    const deals = dealsOn(sqlite, 'component_id', c.id);
    const canDeal = canManageComponentsOf(request.actor, c.buyerId);
    const base = `/components/${encodeURIComponent(c.ref)}`;
    const matches = result ? matchList(result, {
      scopeLinks: (s) => (s === 'local' ? base : `${base}?scope=${s}`),
      deal: canDeal ? { action: `${base}/deals`, csrfToken: request.csrfToken(reply) } : null,
      openDealWith: new Set(deals.filter((d) => (OPEN_STAGES as string[]).includes(d.stage)).map((d) => d.supplierId)),
    }) : dealTable([]);
    return reply.page(componentPage(c, { matches, deals: dealTable(deals), canEdit: canDeal }));
  });

  app.get<{ Params: { ref: string } }>('/components/:ref/edit', EDITORS, (request, reply) => {
    const c = editable(request);
    return reply.page(formView(request, reply, c.ref, componentSnapshot(sqlite, c.id)));
  });

  app.post<{ Params: { ref: string } }>('/components/:ref/edit', EDITORS, (request, reply) => {
    const c = editable(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = updateComponent(ctx(request), c.id, body);
    if (result.ok) return reply.redirect(`/components/${encodeURIComponent(c.ref)}`, 303);
    if (result.status === 409) return reply.code(409).page(formView(request, reply, c.ref, componentSnapshot(sqlite, c.id), { message: result.message }));
    return reply.code(422).page(formView(request, reply, c.ref, body, { errors: result.errors }));
  });

  app.post<{ Params: { ref: string } }>('/components/:ref/deals', EDITORS, (request, reply) => {
    const c = editable(request);
    const body = parseInput(z.object({ supplier_uscc: z.string().trim().min(1).max(18), score: z.coerce.number().min(0).max(100).optional() }), request.body);
    const result = openDeal(ctx(request), { componentRef: c.ref, supplierUscc: body.supplier_uscc, matchScore: body.score });
    if (!result.ok) throw new HttpError(result.status, result.code, result.message);
    return reply.redirect(`/deals/${result.deal.id}`, 303);
  });
}
