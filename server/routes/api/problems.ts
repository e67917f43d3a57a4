/**
 * Problem coordination through the API: a firm submits a problem and follows its own; a
 * department lists what is assigned to it; the work team sees the cases of its chains and
 * counties. Who sees a case is the one rule in problems/access.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../../db/schema.ts';
import { enterpriseRecord } from '../../../db/repositories/enterprise-records.ts';
import { raiseProblem } from '../../problems/service.ts';
import { canViewProblem } from '../../problems/access.ts';
import { getProblem, problemEvents, problemsAfter, type ProblemRow } from '../../problems/queries.ts';
import { HttpError, notFound, refusalError } from '../../plugins/errors.ts';
import { visiblePage } from '../../paging.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { ChainRef, chainRef, FirmRef, invalid, iso } from './present.ts';
import { isoDate, isoTime, pageOf, pageQuery, responses } from './schemas.ts';

const status = z.enum(PROBLEM_STATUSES, { message: `状态须为 ${PROBLEM_STATUSES.join(' / ')} 之一` });
const Department = z.object({ id: z.string(), name: z.string() });

const Problem = z.object({
  ref: z.string(), firm: FirmRef, category: z.enum(PROBLEM_CATEGORIES), title: z.string(), description: z.string(), chain: ChainRef.nullable(),
  deal_id: z.number().int().nullable(), component_ref: z.string().nullable(),
  status: status.meta({ description: 'submitted 已提交 → assigned 已分办 → answered 已反馈 → confirmed 已确认 → closed 已销号；reopened 重新办理' }),
  department: Department.nullable(), deadline: isoDate.nullable(), answer: z.string().nullable(),
  version: z.number().int(), created_at: isoTime, updated_at: isoTime, closed_at: isoTime.nullable(),
}).meta({ id: 'Problem' });
const ProblemDetail = Problem.extend({
  events: z.array(z.object({ from: status.nullable(), to: status, note: z.string(), department: z.string().nullable(), deadline: isoDate.nullable(), by: z.string(), at: isoTime })),
});

const text = (max: number) => z.string().max(max, { message: `不能超过 ${max} 个字符` });
const submitBody = z.strictObject({
  uscc: z.string().trim().toUpperCase().length(18).optional().meta({ description: '提出问题的企业；管理员必填，企业用户只能为本企业' }),
  category: z.enum(PROBLEM_CATEGORIES, { message: `类别须为 ${PROBLEM_CATEGORIES.join(' / ')} 之一` }),
  title: text(100), description: text(5000),
  chain: text(40).optional().meta({ description: '产业链代码；缺省为关联外采件、商机或企业的产业链' }),
  deal: z.number().int().positive().optional().meta({ description: '关联的本企业商机编号' }),
  component: text(64).optional().meta({ description: '关联的本企业外采件编号' }),
});
const listQuery = z.object({ ...pageQuery, status: status.optional() });
const refParam = z.object({ ref: z.string().trim().min(1).max(32, { message: '问题编号过长' }) });

export function present(p: ProblemRow): z.output<typeof Problem> {
  return {
    ref: p.ref, firm: { uscc: p.firmUscc, name: p.firmName }, category: p.category, title: p.title, description: p.description,
    chain: chainRef(p.chainId), deal_id: p.dealId, component_ref: p.componentRef, status: p.status,
    department: p.departmentId && p.departmentName ? { id: p.departmentId, name: p.departmentName } : null,
    deadline: p.deadline, answer: p.answer, version: p.version, created_at: iso(p.createdAt), updated_at: iso(p.updatedAt),
    closed_at: p.closedAt === null ? null : iso(p.closedAt),
  };
}

export async function apiProblemRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const { sqlite } = database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/problems', {
    config: { access: 'signed-in' },
    schema: {
      tags: ['problems'], summary: '我能看到的问题',
      description: '企业：本企业提出的；承办部门：分办给本部门的；工作专班：负责产业链和区县内的；管理员：全部。按编号顺序分页。',
      querystring: listQuery, response: responses({ 200: pageOf(Problem) }),
    },
  }, (request) => {
    const { cursor, limit, ...filters } = request.query;
    const page = visiblePage((after, count) => problemsAfter(sqlite, filters, after, count), (p) => canViewProblem(request.actor, p), decodeCursor(cursor, filters), limit);
    return { items: page.items.map(present), next: encodeCursor(page.next, filters) };
  });

  api.get('/api/problems/:ref', {
    config: { access: 'signed-in' },
    schema: { tags: ['problems'], summary: '问题详情与办理记录', params: refParam, response: responses({ 200: ProblemDetail }, 404) },
  }, (request) => {
    const p = getProblem(sqlite, request.params.ref);
    if (!p) throw notFound(`问题 ${request.params.ref} `);
    if (!canViewProblem(request.actor, p)) throw new HttpError(403, 'forbidden', '没有权限访问此问题');
    return {
      ...present(p),
      events: problemEvents(sqlite, p.id).map((e) => ({ from: e.fromStatus, to: e.toStatus, note: e.note, department: e.departmentName, deadline: e.deadline, by: e.actorLabel, at: iso(e.at) })),
    };
  });

  api.post('/api/problems', {
    config: { access: ['enterprise', 'procurement', 'admin'] },
    schema: { tags: ['problems'], summary: '企业提出问题', description: '提交后由工作专班分办。', body: submitBody, response: responses({ 201: Problem }, 422) },
  }, (request, reply) => {
    const { uscc, ...body } = request.body;
    const actor = request.actor;
    if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', '请先登录');
    const named = uscc ? enterpriseRecord(database.db, uscc) : undefined;
    if (actor.role === 'admin' && !named) throw invalid({ uscc: uscc ? `平台上没有企业 ${uscc}` : '管理员代为提出时须给出企业的统一社会信用代码' });
    const firmId = actor.role === 'admin' ? named!.id : actor.enterpriseId ?? -1;
    if (uscc && named?.id !== firmId) throw new HttpError(403, 'forbidden', '只能为本企业提出问题');
    const result = raiseProblem(request.writeContext, firmId, { ...body, deal: body.deal === undefined ? undefined : String(body.deal) });
    if (!result.ok) {
      if (result.kind === 'invalid') throw invalid(result.errors ?? { '(body)': result.message });
      throw refusalError(result);
    }
    reply.code(201);
    return present(result.problem);
  });
}
