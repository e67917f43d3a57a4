/**
 * 招商项目 pages: the list, opening a project (on a target or a capability gap), a project with its
 * timeline and the next move, notes, documents. For the chain's work team, the responsible
 * department and admins (canViewProject / canManageProject); thin: the service holds every rule.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PROJECT_STAGES } from '../../db/schema.ts';
import { allChains } from '../../db/repositories/catalog.ts';
import { getLexicon } from '../../search/lexicon.ts';
import type { ProjectFormView } from '../../views/pages/attraction/projects.ts';
import type { ProjectView } from '../../views/pages/attraction/project.ts';
import { canManageProject, canOpenProjectIn } from '../auth/policy.ts';
import { listProjects } from '../attraction/project-list.ts';
import { getProject, projectAttachmentFile, projectAttachments, projectEvents, projectParts } from '../attraction/project-queries.ts';
import { addProjectAttachments, addProjectNote, moveProject, openProject, type ProjectResult } from '../attraction/projects.ts';
import { findTarget } from '../attraction/service.ts';
import { allowedProjectMoves, overdueMilestone } from '../attraction/stages.ts';
import { cityDate } from '../vocabulary.ts';
import { sendStoredFile } from './download.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, httpStatusOf, notFound, parseInput, refusalError } from '../plugins/errors.ts';
import { departments } from '../problems/queries.ts';
import { chainId, optional } from './query.ts';
import { readProblemForm } from './problems-upload.ts';

const OFFICIALS = { config: { access: ['official', 'admin'] as const } };
/** Department staff work the projects their department is responsible for (canViewProject decides which). */
const WORKERS = { config: { access: ['official', 'department', 'admin'] as const } };
const listQuery = z.object({
  chain: chainId,
  stage: optional(z.enum(PROJECT_STAGES, { message: `阶段须为 ${PROJECT_STAGES.join(' / ')} 之一` })),
  overdue: optional(z.enum(['1', 'true', 'on'], { message: '只看逾期须为 1' })).transform((v) => v !== undefined),
});
const newQuery = z.object({ target: optional(z.string().trim().max(200, { message: '招引对象过长' })), chain: chainId });
const refParam = z.object({ ref: z.string().trim().min(1).max(32, { message: '项目编号过长' }) });
const attachmentParams = refParam.extend({ id: z.coerce.number({ message: '附件编号须为数字' }).int().positive({ message: '附件编号须为正整数' }) });
const strings = (body: unknown) => Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v)]));

export async function attractionProjectRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;
  const today = () => cityDate(clock.now());
  const localRegions = () => getLexicon().regions().filter((r) => r.kind === 'local').map((r) => ({ code: r.code, name: r.name }));

  app.get('/attraction/projects', WORKERS, (request, reply) => {
    const actor = signedIn(request);
    const filter = parseInput(listQuery, request.query);
    const chains = allChains(database.db);
    return reply.render('projects', { ...listProjects(sqlite, actor, filter, today()), filter, chains, canOpen: chains.some((c) => canOpenProjectIn(actor, c.id)) });
  });

  const formView = (request: FastifyRequest, reply: FastifyReply, target: ProjectFormView['target'], values: Record<string, unknown>, errors?: Record<string, string>): ProjectFormView => ({
    target, values, errors, csrfToken: request.csrfToken(reply), regions: localRegions(), departments: departments(sqlite),
    chains: allChains(database.db).filter((c) => canOpenProjectIn(request.actor, c.id)),
  });

  app.get('/attraction/projects/new', OFFICIALS, (request, reply) => {
    const q = parseInput(newQuery, request.query);
    const target = q.target ? findTarget(sqlite, request.actor, q.target) : undefined;
    if (q.target && !target) throw notFound('该招引对象');
    const topChain = target?.parts.find((p) => p.chainId)?.chainId;
    const values = target
      ? { title: `引进${target.supplier}在襄设厂配套`, chain: q.chain ?? topChain ?? '', target: target.key }
      : { chain: q.chain ?? '' };
    return reply.render('projectForm', formView(request, reply, target ?? null, values));
  });

  app.post('/attraction/projects', OFFICIALS, (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = openProject(request.writeContext, body);
    if (!result.ok) {
      if (result.kind !== 'invalid') throw refusalError(result);
      const key = typeof body.target === 'string' ? body.target : '';
      return reply.code(422).render('projectForm', formView(request, reply, key ? findTarget(sqlite, request.actor, key) ?? null : null, body, result.errors));
    }
    return reply.redirect(`/attraction/projects/${result.project.ref}`, 303);
  });

  /** The project, or 404; 403 when the actor may not see it. */
  const visibleProject = (request: FastifyRequest) => {
    const { ref } = parseInput(refParam, request.params);
    const p = getProject(sqlite, ref);
    if (!p) throw notFound(`招商项目 ${ref} `);
    if (!canManageProject(request.actor, p)) throw new HttpError(403, 'forbidden', '没有权限查看此招商项目');
    return p;
  };
  const detail = (request: FastifyRequest, reply: FastifyReply, extra: Partial<ProjectView> = {}): ProjectView => {
    const p = visibleProject(request);
    return {
      project: { ...p, overdue: overdueMilestone(p, today()) }, parts: projectParts(sqlite, p.id), events: projectEvents(sqlite, p.id),
      attachments: projectAttachments(sqlite, p.id), moves: allowedProjectMoves(p.stage), csrfToken: request.csrfToken(reply), ...extra,
    };
  };

  app.get('/attraction/projects/:ref', WORKERS, (request, reply) => reply.render('project', detail(request, reply)));

  /** A refused write, shown on the project: field errors beside the form that was sent, anything else as a notice. */
  const refused = (request: FastifyRequest, reply: FastifyReply, result: Exclude<ProjectResult, { ok: true }>, form: 'move' | 'note' | 'attach', body: unknown) => {
    if (result.kind === 'not_found') throw notFound(result.message.replace('不存在', ''));
    if (result.kind === 'forbidden') throw refusalError(result);
    const view = result.errors ? detail(request, reply, { failed: { form, values: strings(body), errors: result.errors } }) : detail(request, reply, { message: { ok: false, text: result.message } });
    return reply.code(httpStatusOf(result.kind)).render('project', view);
  };

  app.post('/attraction/projects/:ref/transitions', WORKERS, (request, reply) => {
    const { ref } = parseInput(refParam, request.params);
    const result = moveProject(request.writeContext, ref, request.body ?? {});
    if (!result.ok) return refused(request, reply, result, 'move', request.body);
    return reply.redirect(`/attraction/projects/${ref}`, 303);
  });

  app.post('/attraction/projects/:ref/notes', WORKERS, (request, reply) => {
    const { ref } = parseInput(refParam, request.params);
    const result = addProjectNote(request.writeContext, ref, request.body ?? {});
    if (!result.ok) return refused(request, reply, result, 'note', request.body);
    return reply.redirect(`/attraction/projects/${ref}`, 303);
  });

  app.post('/attraction/projects/:ref/attachments', { config: { ...WORKERS.config, csrf: 'field-in-handler' } }, async (request, reply) => {
    const p = visibleProject(request);
    const form = await readProblemForm(request);
    const result: ProjectResult = form.fileError
      ? { ok: false, kind: 'invalid', code: 'invalid_request', message: form.fileError, errors: { attachments: form.fileError } }
      : addProjectAttachments(request.writeContext, p.ref, form.files);
    if (!result.ok) return refused(request, reply, result, 'attach', {});
    return reply.redirect(`/attraction/projects/${p.ref}`, 303);
  });

  app.get('/attraction/projects/:ref/attachments/:id', WORKERS, (request, reply) => {
    const p = visibleProject(request);
    const { id } = parseInput(attachmentParams, request.params);
    const file = projectAttachmentFile(sqlite, p.id, id);
    if (!file) throw notFound('该附件');
    return sendStoredFile(reply, file);
  });
}
