/**
 * 调度: the per-chain quarterly dispatch page, printable, and its XLSX/CSV exports; the list of
 * chains to dispatch. For the chain's work team (officials whose scope includes the chain) and admins.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { allChains } from '../../db/repositories/catalog.ts';
import { cityDate } from '../vocabulary.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, notFound, parseInput } from '../plugins/errors.ts';
import { canDispatch } from '../problems/access.ts';
import { dispatchReport } from '../problems/dispatch.ts';
import { dispatchCsv, dispatchFileName, dispatchXlsx } from '../problems/dispatch-export.ts';
import { sendDownload } from './download.ts';
import { loadProblemStatRows, problemStats, quarterOf, type Quarter } from '../problems/stats.ts';
import { optional } from './query.ts';

const OFFICIALS = { config: { access: ['official', 'admin'] as const } };

export const quarterQuery = z.object({
  year: optional(z.coerce.number({ message: '年份须为数字' }).int({ message: '年份须为整数' }).min(2000, { message: '年份不能早于 2000' }).max(2100, { message: '年份不能晚于 2100' })),
  quarter: optional(z.coerce.number({ message: '季度须为数字' }).int({ message: '季度须为 1–4' }).min(1, { message: '季度须为 1–4' }).max(4, { message: '季度须为 1–4' })),
});

/** The quarter asked for; the current one by default. */
export function quarterFrom(query: unknown, now: number): Quarter {
  const q = parseInput(quarterQuery, query);
  const current = quarterOf(now);
  return { year: q.year ?? current.year, quarter: q.quarter ?? current.quarter };
}

/** Years a picker offers: a few back from this one, and the one asked for. */
export function pickerYears(now: number, asked: number): number[] {
  const current = quarterOf(now).year;
  return [...new Set([current - 3, current - 2, current - 1, current, asked])].sort((a, b) => b - a);
}

const exportQuery = z.object({ format: z.enum(['xlsx', 'csv'], { message: 'format 须为 xlsx 或 csv' }) });
const chainParam = z.object({ chain: z.string().trim().min(1).max(40, { message: '产业链代码过长' }) });

export async function dispatchRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;

  const reportFor = (request: FastifyRequest) => {
    const actor = signedIn(request);
    const { chain: id } = parseInput(chainParam, request.params);
    const chain = allChains(database.db).find((c) => c.id === id);
    if (!chain) throw notFound('该产业链');
    if (!canDispatch(actor, chain.id)) throw new HttpError(403, 'forbidden', '只能调度本人负责的产业链');
    const now = clock.now();
    return dispatchReport(sqlite, actor, chain, quarterFrom(request.query, now), cityDate(now));
  };

  // Department staff get the index too: it tells them where their cases are instead of a refusal.
  app.get('/dispatch', { config: { access: ['official', 'department', 'admin'] as const } }, (request, reply) => {
    const actor = signedIn(request);
    const now = clock.now();
    const quarter = quarterOf(now);
    const byChain = new Map(problemStats(loadProblemStatRows(sqlite, actor), quarter, cityDate(now)).byChain.map((g) => [g.key, g.figures]));
    const chains = allChains(database.db).filter((c) => canDispatch(actor, c.id))
      .map((c) => ({ ...c, open: byChain.get(c.id)?.open ?? 0, overdue: byChain.get(c.id)?.overdue ?? 0 }));
    return reply.render('dispatchIndex', { chains, quarter, departmentStaff: actor.role === 'official' && !!actor.departmentId });
  });

  app.get('/dispatch/:chain', OFFICIALS, (request, reply) => {
    const report = reportFor(request);
    return reply.render('dispatch', { report, years: pickerYears(clock.now(), report.quarter.year) });
  });

  app.get('/dispatch/:chain/export', OFFICIALS, (request, reply) => {
    const { format } = parseInput(exportQuery, request.query);
    const report = reportFor(request);
    const name = dispatchFileName(report, format, clock.now());
    return sendDownload(reply, name, format === 'xlsx' ? dispatchXlsx(report) : dispatchCsv(report));
  });
}
