/** GET /api/metrics/near-site (CONTRACT.md §3): procurement figures are for officials, admins and the buyer's own staff. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cityDate } from '../clock.ts';
import { officialScope, type Actor } from '../auth/policy.ts';
import { loadNearSiteInput } from '../metrics/load.ts';
import { nearSite } from '../metrics/near-site.ts';
import { HttpError, parseInput } from '../plugins/errors.ts';
import { chainId, optional, regionCode } from './query.ts';

const query = z.object({
  year: optional(z.coerce.number().int({ message: '年度须为整数' }).min(2000).max(2100)),
  quarter: optional(z.coerce.number().int().min(1, { message: '季度为 1–4' }).max(4, { message: '季度为 1–4' })),
  chain: chainId,
  region: regionCode,
  buyer_uscc: optional(z.string().trim().toUpperCase().length(18, { message: '统一社会信用代码应为 18 位' })),
});

/** Refuses a query for figures the actor may not see. */
function authorise(actor: Actor, q: z.output<typeof query>, ownUscc: string | null): void {
  if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', '请先登录');
  if (actor.role === 'admin') return;
  if (actor.role === 'procurement') {
    if (q.buyer_uscc !== ownUscc) throw new HttpError(403, 'forbidden', '链主采购只能查询本企业的采购数据（buyer_uscc 须为本企业）');
    return;
  }
  const scope = officialScope(actor);
  if (scope) {
    const { chains, regions } = scope;
    if (chains.length && (!q.chain || !chains.includes(q.chain))) throw new HttpError(403, 'forbidden', `请在负责的产业链内查询（chain: ${chains.join('/')}）`);
    if (regions.length && (!q.region || !regions.includes(q.region))) throw new HttpError(403, 'forbidden', `请在负责的区县内查询（region: ${regions.join('/')}）`);
    return;
  }
  throw new HttpError(403, 'forbidden', '没有权限查询采购数据');
}

export async function apiMetricRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;

  app.get('/api/metrics/near-site', { config: { access: ['official', 'admin', 'procurement'] } }, (request) => {
    const q = parseInput(query, request.query);
    const actor = request.actor;
    const ownUscc = actor.kind !== 'anonymous' && actor.enterpriseId !== null
      ? sqlite.prepare('select uscc from enterprises where id = ?').pluck().get(actor.enterpriseId) as string : null;
    authorise(actor, q, ownUscc);
    const year = q.year ?? Number(cityDate(clock.now()).slice(0, 4));
    const f = nearSite(loadNearSiteInput(sqlite), { year, quarter: q.quarter, chain: q.chain, region: q.region, buyerUscc: q.buyer_uscc });
    return {
      year, quarter: q.quarter ?? null,
      total_wan: f.totalWan, local_wan: f.localWan, rate: f.rate === null ? null : Math.round(f.rate * 10_000) / 10_000, target: f.target,
      base_local_wan: f.baseLocalWan, localised_wan: f.localisedWan, buyers: f.buyers,
    };
  });
}
