/**
 * 问题协调 pages: the list, raising a problem, a case with its timeline and the moves the
 * viewer may make, adding and downloading attachments. Thin: zod for the input, the service
 * (server/problems/) for every rule, the views for the words.
 */
import { firmRefById, firmRefByUscc, linkableComponents, linkableDeals } from '../problems/link-options.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../db/schema.ts';
import { allChains } from '../../db/repositories/catalog.ts';
import type { ProblemFormView } from '../../views/pages/problem-form.ts';
import type { ProblemView } from '../../views/pages/problem.ts';
import type { ProblemsView } from '../../views/pages/problems.ts';
import { hasRole } from '../auth/policy.ts';
import { cityDate } from '../vocabulary.ts';
import { fieldErrors } from '../forms.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, httpStatusOf, notFound, parseInput, refusalError } from '../plugins/errors.ts';
import { canRaiseFor, sidesOf } from '../problems/access.ts';
import { sendStoredFile } from './download.ts';
import { attachmentFile, attachmentsOf, departments, getProblem, listProblems, problemEvents, withOverdue, type ProblemRow } from '../problems/queries.ts';
import { addAttachments, moveProblem, raiseInput, raiseProblem, type ProblemResult } from '../problems/service.ts';
import { addDays, allowedActions, moveDone, PROBLEM_ACTIONS, type ProblemAction } from '../problems/statuses.ts';
import { chainId, optional, page, PAGE_SIZE } from './query.ts';
import { readProblemForm } from './problems-upload.ts';

const SIGNED_IN = 'signed-in' as const;
/** The fields the case page's forms show errors beside; any other error (action, version) is shown as a notice. */
const FORM_FIELDS = ['department', 'deadline', 'note', 'attachments'];
const RAISERS = ['enterprise', 'procurement', 'admin'] as const;

const listQuery = z.object({
  status: optional(z.enum(PROBLEM_STATUSES, { message: `状态须为 ${PROBLEM_STATUSES.join(' / ')} 之一` })),
  category: optional(z.enum(PROBLEM_CATEGORIES, { message: `类别须为 ${PROBLEM_CATEGORIES.join(' / ')} 之一` })),
  chain: chainId,
  department: optional(z.string().max(32, { message: '部门代码过长' })),
  overdue: optional(z.enum(['1', 'true', 'on'], { message: '只看逾期须为 1' })).transform((v) => v !== undefined),
  page,
});
const refParam = z.object({ ref: z.string().trim().min(1).max(32, { message: '问题编号过长' }) });
/** The firm an admin records a problem for, by its USCC (checked against the platform's firms after). */
const firmField = z.string().trim().toUpperCase().length(18);
const attachmentParams = refParam.extend({ id: z.coerce.number({ message: '附件编号须为数字' }).int().positive({ message: '附件编号须为正整数' }) });

export async function problemRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;
  const today = () => cityDate(clock.now());

  /** The case, or 404; 403 when the actor has no side in it. */
  const visibleProblem = (request: FastifyRequest): ProblemRow => {
    const { ref } = parseInput(refParam, request.params);
    const problem = getProblem(sqlite, ref);
    if (!problem) throw notFound(`问题 ${ref} `);
    if (!sidesOf(request.actor, problem).length) throw new HttpError(403, 'forbidden', '没有权限访问此问题');
    return problem;
  };

  const detailView = (request: FastifyRequest, reply: FastifyReply, p: ProblemRow, extra: Partial<ProblemView> = {}): ProblemView => {
    const sides = sidesOf(request.actor, p);
    return {
      problem: withOverdue(p, today()), events: problemEvents(sqlite, p.id), attachments: attachmentsOf(sqlite, p.id), today: today(), defaultDeadline: addDays(today(), 15),
      actions: allowedActions(p.status, sides), canAttach: sides.includes('firm') && p.status !== 'closed', departments: departments(sqlite),
      csrfToken: request.csrfToken(reply), ...extra,
    };
  };
  const showDetail = (request: FastifyRequest, reply: FastifyReply, status: number, view: ProblemView) =>
    request.wantsFragment ? reply.code(status).renderFragment('problemDetail', view) : reply.code(status).render('problem', view);

  app.get('/problems', { config: { access: SIGNED_IN } }, (request, reply) => {
    const actor = signedIn(request);
    const q = parseInput(listQuery, request.query);
    const filter = { ...q, pageSize: PAGE_SIZE };
    const view: ProblemsView = {
      filter, list: listProblems(sqlite, actor, filter, today()), today: today(), chains: allChains(database.db), departments: departments(sqlite),
      canRaise: hasRole(actor, ...RAISERS), canSeeStats: hasRole(actor, 'official', 'admin'),
    };
    return request.wantsFragment ? reply.renderFragment('problemResults', view) : reply.render('problems', view);
  });

  // ── raising ──
  const firmById = (id: number | null) => (id === null ? undefined : firmRefById(sqlite, id));
  const firmByUscc = (field: string | undefined) => {
    const uscc = firmField.safeParse(field ?? '');
    return uscc.success ? firmRefByUscc(sqlite, uscc.data) : undefined;
  };
  const formView = (request: FastifyRequest, reply: FastifyReply, firm: { id: number; name: string } | undefined, values: Record<string, string>, errors?: Record<string, string>): ProblemFormView => ({
    csrfToken: request.csrfToken(reply), askFirm: hasRole(request.actor, 'admin'), firmName: firm?.name ?? null, chains: allChains(database.db), values, errors,
    deals: firm ? linkableDeals(sqlite, firm.id) : [],
    components: firm ? linkableComponents(sqlite, firm.id) : [],
  });
  const ownFirm = (request: FastifyRequest) => {
    const actor = signedIn(request);
    return actor.role === 'admin' ? undefined : firmById(actor.enterpriseId);
  };

  app.get('/problems/new', { config: { access: RAISERS } }, (request, reply) =>
    reply.render('problemForm', formView(request, reply, ownFirm(request), {})));

  app.post('/problems', { config: { access: RAISERS, csrf: 'field-in-handler' } }, async (request, reply) => {
    const actor = signedIn(request);
    const form = await readProblemForm(request);
    const firm = actor.role === 'admin' ? firmByUscc(form.fields.firm) : ownFirm(request);
    const again = (errors: Record<string, string>) => reply.code(422).render('problemForm', formView(request, reply, firm, form.fields, errors));
    if (!firm) return again({ firm: '请填写平台上已有企业的统一社会信用代码' });
    if (!canRaiseFor(actor, firm.id)) throw new HttpError(403, 'forbidden', '只能为本企业提出问题');
    if (form.fileError) {
      const parsed = raiseInput.safeParse(form.fields);
      return again({ ...(parsed.success ? {} : fieldErrors(parsed.error)), attachments: form.fileError });
    }
    const result = raiseProblem(request.writeContext, firm.id, form.fields, form.files);
    if (!result.ok) {
      if (result.kind !== 'invalid') throw refusalError(result);
      return again(result.errors ?? {});
    }
    const target = `/problems/${result.problem.ref}`;
    return request.wantsFragment ? reply.header('hx-redirect', target).code(201).send('') : reply.redirect(target, 303);
  });

  // ── a case ──
  app.get('/problems/:ref', { config: { access: SIGNED_IN } }, (request, reply) => {
    const problem = visibleProblem(request);
    return showDetail(request, reply, 200, detailView(request, reply, problem));
  });

  /** A refused write shown on the case: field errors beside the form that was sent, anything else as a notice. */
  const refused = (request: FastifyRequest, reply: FastifyReply, result: Exclude<ProblemResult, { ok: true }>, form: ProblemAction | 'attach', values: Record<string, string>) => {
    if (result.kind === 'not_found') throw notFound(result.message.replace('不存在', ''));
    const problem = getProblem(sqlite, parseInput(refParam, request.params).ref)!;
    if (!sidesOf(request.actor, problem).length) throw new HttpError(403, result.code, result.message);
    const besideFields = result.errors && Object.keys(result.errors).every((k) => FORM_FIELDS.includes(k));
    const view = detailView(request, reply, problem, besideFields
      ? { failed: { action: form, values, errors: result.errors! } }
      : { message: { ok: false, text: result.message } });
    return showDetail(request, reply, httpStatusOf(result.kind), view);
  };

  app.post('/problems/:ref/transitions', { config: { access: SIGNED_IN } }, (request, reply) => {
    const { ref } = parseInput(refParam, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = moveProblem(request.writeContext, ref, body);
    const action = PROBLEM_ACTIONS.find((a) => a === body.action) ?? 'assign';
    if (!result.ok) return refused(request, reply, result, action, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])));
    if (!request.wantsFragment) return reply.redirect(`/problems/${ref}`, 303);
    return reply.renderFragment('problemDetail', detailView(request, reply, result.problem, { message: { ok: true, text: moveDone(action, result.problem) } }));
  });

  app.post('/problems/:ref/attachments', { config: { access: SIGNED_IN, csrf: 'field-in-handler' } }, async (request, reply) => {
    const problem = visibleProblem(request);
    const form = await readProblemForm(request);
    const result: ProblemResult = form.fileError
      ? { ok: false, kind: 'invalid', code: 'invalid_request', message: form.fileError, errors: { attachments: form.fileError } }
      : addAttachments(request.writeContext, problem.ref, form.files);
    if (!result.ok) return refused(request, reply, result, 'attach', {});
    return reply.redirect(`/problems/${problem.ref}`, 303);
  });

  app.get('/problems/:ref/attachments/:id', { config: { access: SIGNED_IN } }, (request, reply) => {
    const problem = visibleProblem(request);
    const { id } = parseInput(attachmentParams, request.params);
    const file = attachmentFile(sqlite, problem.id, id);
    if (!file) throw notFound('该附件');
    return sendStoredFile(reply, file);
  });
}
