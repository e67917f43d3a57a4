/**
 * The sole-source register: procurement staff keep their firm's components and review the
 * ranked local candidates; officials see them per chain. Confidential: the buyer's staff,
 * officials in scope and admins only (canViewComponent).
 */
import { sendDownload } from './download.ts';
import { templateCsv, templateFileName, templateView, templateWorkbook } from '../import/templates.ts';
import { BUYER_UPLOAD_LIMITS, ReadTimeout } from '../import/read-off-thread.ts';
import { runUpload } from '../import/upload.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { allChains } from '../../db/repositories/catalog.ts';
import type { ComponentFormView } from '../../views/pages/components.ts';
import type { ImportReport } from '../import/index.ts';
import { importReportView } from './import-report.ts';
import { readMultipartForm } from '../plugins/multipart-form.ts';
import { canManageComponentsOf, canViewComponent } from '../auth/policy.ts';
import { markCandidate, markSchema, unmarkCandidate, unmarkSchema } from '../components/marks.ts';
import { listRegister } from '../components/register.ts';
import { buyerIdentity, chainLeaderId, componentByRef, dealsOn } from '../components/queries.ts';
import { createComponent, componentSnapshot, updateComponent } from '../components/service.ts';
import { canViewDeal, openDeal, type Subject } from '../deals/service.ts';
import { OPEN_STAGES } from '../deals/stages.ts';
import { SCOPES, type Scope } from '../matching/types.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, httpStatusOf, notFound, parseInput, refusalError } from '../plugins/errors.ts';
import { chainId, optional, page } from './query.ts';
import { COMPONENT_STATUSES } from '../vocabulary.ts';

const READERS = { config: { access: ['procurement', 'official', 'admin'] as const } };
/** one component: department staff too, while a case assigned to their department links to it (canViewComponent) */
const ONE_READERS = { config: { access: ['procurement', 'official', 'department', 'admin'] as const } };
const EDITORS = { config: { access: ['procurement', 'admin'] as const } };
const BUYERS = { config: { access: ['procurement'] as const } };
const listQuery = z.object({ chain: chainId, status: optional(z.enum(COMPONENT_STATUSES, { message: '未知状态' })), page });
/** Parts per page of the register. */
const REGISTER_PAGE = 50;
const scopeQuery = z.object({ scope: optional(z.enum(SCOPES, { message: 'scope 须为 local、cluster 或 all' })), all: optional(z.literal('1', { message: 'all 只能为 1' })) });
/** A page of candidates, or (「显示全部」) every firm that can supply, up to a bound no real part reaches. */
const PAGE_OF_CANDIDATES = 20;
const ALL_CANDIDATES = 500;

export async function componentRoutes(app: FastifyInstance) {
  const { database, clock, feed } = app.deps;
  const { sqlite } = database;

  const visible = (request: FastifyRequest<{ Params: { ref: string } }>) => {
    const c = componentByRef(sqlite, request.params.ref);
    if (!c) throw notFound('该外采件');
    if (!canViewComponent(request.actor, c)) throw new HttpError(403, 'forbidden', '外采件信息仅对采购企业、主管部门可见');
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
    return reply.render('register', { rows: listRegister(sqlite, actor, filter), chains: allChains(database.db), filter, page: filter.page, pageSize: REGISTER_PAGE,
      canCreate: actor.role === 'procurement' || actor.role === 'admin', canImport: actor.role === 'procurement', showBuyer: actor.role !== 'procurement' });
  });

  const formView = (request: FastifyRequest, reply: FastifyReply, ref: string | null, values: Record<string, unknown>, extra: { errors?: Record<string, string>; message?: string } = {}): ComponentFormView =>
    ({ ref, values, chains: allChains(database.db), csrfToken: request.csrfToken(reply), buyerUscc: signedIn(request).role === 'admin' ? null : 'own', ...extra });

  app.get('/components/new', EDITORS, (request, reply) => reply.render('componentForm', formView(request, reply, null, {})));

  app.post('/components/new', EDITORS, (request, reply) => {
    const actor = signedIn(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    let buyerId = actor.enterpriseId;
    if (actor.role === 'admin') {
      buyerId = chainLeaderId(sqlite, String(body.buyer_uscc ?? ''));
      if (buyerId === null) return reply.code(422).render('componentForm', formView(request, reply, null, body, { errors: { buyer_uscc: '须为平台上一家链主企业的统一社会信用代码' } }));
    }
    const result = createComponent(request.writeContext, buyerId!, body);
    if (!result.ok) return reply.code(422).render('componentForm', formView(request, reply, null, body, { errors: result.errors }));
    return reply.redirect(`/components/${encodeURIComponent(result.ref)}`, 303);
  });

  const buyerOf = (request: FastifyRequest) => {
    const actor = signedIn(request);
    const buyer = actor.enterpriseId === null ? undefined : buyerIdentity(sqlite, actor.enterpriseId);
    if (!buyer) throw new HttpError(403, 'forbidden', '该账号未绑定采购企业');
    return buyer;
  };
  const limitMb = Math.round(app.deps.config.uploadLimitBytes / 1024 / 1024);
  const buyerTemplate = templateView('components', { xlsx: '/components/import/template.xlsx', csv: '/components/import/template.csv' });

  app.get<{ Params: { ext: string } }>('/components/import/template.:ext', BUYERS, (request, reply) => {
    const { ext } = parseInput(z.object({ ext: z.enum(['xlsx', 'csv']) }), request.params);
    return sendDownload(reply, templateFileName('components', ext), ext === 'xlsx' ? templateWorkbook('components') : templateCsv('components'));
  });

  app.get('/components/import', BUYERS, (request, reply) =>
    reply.render('componentImport', { csrfToken: request.csrfToken(reply), buyerName: buyerOf(request).name, limitMb, template: buyerTemplate }));

  app.post('/components/import', { config: { ...BUYERS.config, csrf: 'field-in-handler' } }, async (request, reply) => {
    const buyer = buyerOf(request);
    const page = (status: number, o: { report?: ImportReport; error?: string }) => reply.code(status).render('componentImport', {
      csrfToken: request.csrfToken(reply), buyerName: buyer.name, limitMb, template: buyerTemplate, error: o.error, report: o.report && importReportView(o.report),
    });
    if (!request.isMultipart()) return page(415, { error: '请以 multipart/form-data 上传文件。' });
    let form;
    try {
      form = await readMultipartForm(request, { fileSize: app.deps.config.uploadLimitBytes, files: 5, fields: 5, fieldSize: 1024, parts: 10 });
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const status = (err as { statusCode?: number }).statusCode;
      if (status && status < 500) return page(status === 413 ? 413 : 400, { error: status === 413 ? `文件超过 ${limitMb} MB 上限，未导入任何数据。` : '上传内容无法解析。' });
      throw err;
    }
    const files = form.files.filter((f) => f.bytes.length > 0).map((f) => ({ name: f.fileName || 'components.csv', bytes: f.bytes }));
    if (files.length === 0) return page(400, { error: '请选择至少一个非空文件。' });
    let report;
    try {
      report = await runUpload(sqlite, files, BUYER_UPLOAD_LIMITS, { now: clock.now(), source: 'upload', feed, componentsOf: buyer.uscc, actor: request.actor, ip: request.ip });
    } catch (err) {
      if (err instanceof ReadTimeout) return page(422, { error: err.message });
      throw err;
    }
    return page(report.loaded ? 200 : 422, { report });
  });

  app.get<{ Params: { ref: string } }>('/components/:ref', ONE_READERS, (request, reply) => {
    const c = visible(request);
    const { scope, all } = parseInput(scopeQuery, request.query);
    const result = app.matching.componentMatches(c.id, scope ?? 'local', all ? ALL_CANDIDATES : PAGE_OF_CANDIDATES);
    const subject: Subject = { kind: 'component', id: c.id, ref: c.ref, name: c.name, buyerId: c.buyerId, chainId: c.chainId, annualValueWan: c.annualValueWan, buyerRegionCode: c.buyerRegionCode };
    const deals = dealsOn(sqlite, 'component_id', c.id).filter((d) => canViewDeal(request.actor, subject, d));
    const canDeal = canManageComponentsOf(request.actor, c.buyerId);
    const base = `/components/${encodeURIComponent(c.ref)}`;
    const matches = result ? {
      result,
      scopeLinks: (s: Scope) => (s === 'local' ? base : `${base}?scope=${s}`),
      deal: canDeal ? { action: `${base}/deals`, csrfToken: request.csrfToken(reply) } : null,
      marks: canDeal ? { mark: `${base}/marks`, unmark: `${base}/marks/delete`, csrfToken: request.csrfToken(reply) } : null,
      openDealWith: new Set(deals.filter((d) => (OPEN_STAGES as string[]).includes(d.stage)).map((d) => d.supplierId)),
      showAll: all ? null : `${base}?${new URLSearchParams({ ...(scope && scope !== 'local' ? { scope } : {}), all: '1' }).toString()}#matches`,
    } : null;
    return reply.render('component', { component: c, matches, deals, canEdit: canDeal });
  });

  app.get<{ Params: { ref: string } }>('/components/:ref/edit', EDITORS, (request, reply) => {
    const c = editable(request);
    return reply.render('componentForm', formView(request, reply, c.ref, componentSnapshot(sqlite, c.id)));
  });

  app.post<{ Params: { ref: string } }>('/components/:ref/edit', EDITORS, (request, reply) => {
    const c = editable(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = updateComponent(request.writeContext, c.id, body);
    if (result.ok) return reply.redirect(`/components/${encodeURIComponent(c.ref)}`, 303);
    if (result.kind === 'conflict') return reply.code(httpStatusOf(result.kind)).render('componentForm', formView(request, reply, c.ref, componentSnapshot(sqlite, c.id), { message: result.message }));
    return reply.code(httpStatusOf(result.kind)).render('componentForm', formView(request, reply, c.ref, body, { errors: result.errors }));
  });

  // the buyer's 「不合适」 on a candidate: that firm ranks lower for this part
  app.post<{ Params: { ref: string } }>('/components/:ref/marks', EDITORS, (request, reply) => {
    const c = editable(request);
    const result = markCandidate(request.writeContext, c, parseInput(markSchema, request.body));
    if (!result.ok) throw new HttpError(422, 'invalid', result.message);
    return reply.redirect(`/components/${encodeURIComponent(c.ref)}#matches`, 303);
  });

  app.post<{ Params: { ref: string } }>('/components/:ref/marks/delete', EDITORS, (request, reply) => {
    const c = editable(request);
    const result = unmarkCandidate(request.writeContext, c, parseInput(unmarkSchema, request.body).uscc);
    if (!result.ok) throw new HttpError(422, 'invalid', result.message);
    return reply.redirect(`/components/${encodeURIComponent(c.ref)}#matches`, 303);
  });

  app.post<{ Params: { ref: string } }>('/components/:ref/deals', EDITORS, (request, reply) => {
    const c = editable(request);
    const body = parseInput(z.object({ supplier_uscc: z.string().trim().min(1).max(18), score: z.coerce.number().min(0).max(100).optional() }), request.body);
    const result = openDeal(request.writeContext, { componentRef: c.ref, supplierUscc: body.supplier_uscc, matchScore: body.score });
    if (!result.ok) throw refusalError(result);
    return reply.redirect(`/deals/${result.deal.id}`, 303);
  });
}
