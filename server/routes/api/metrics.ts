/**
 * The near-site supporting rate: the figures for one filter, and the same split by chain,
 * county, chain leader or quarter. Procurement figures are for officials (within their scope),
 * admins, and a buyer's own staff (their own firm only).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { enterpriseRecordById } from '../../../db/repositories/enterprise-records.ts';
import { cityDate } from '../../vocabulary.ts';
import { officialScope, type Actor, type SignedIn } from '../../auth/policy.ts';
import { loadNearSiteInput } from '../../metrics/load.ts';
import { NEAR_SITE_TARGET, nearSite, type NearSiteFigures } from '../../metrics/near-site.ts';
import { BREAKDOWNS, nearSiteBreakdown } from '../../metrics/near-site-breakdown.ts';
import { HttpError } from '../../plugins/errors.ts';
import { chainId, optional, regionCode } from '../query.ts';
import { responses } from './schemas.ts';

const READERS = { access: ['official', 'admin', 'procurement'] as const };

const period = {
  year: optional(z.coerce.number().int({ message: '年度须为整数' }).min(2000).max(2100)).meta({ description: '缺省为今年' }),
  quarter: optional(z.coerce.number().int().min(1, { message: '季度为 1–4' }).max(4, { message: '季度为 1–4' })).meta({ description: '1–4；缺省为全年' }),
};
const query = z.object({
  ...period, chain: chainId.meta({ description: '产业链代码' }), region: regionCode.meta({ description: '区县代码' }),
  buyer_uscc: optional(z.string().trim().toUpperCase().length(18, { message: '统一社会信用代码应为 18 位' })).meta({ description: '链主企业；链主采购只能查本企业' }),
});
const breakdownQuery = z.object({ ...period, by: z.enum(BREAKDOWNS, { message: `by 须为 ${BREAKDOWNS.join(' / ')} 之一` }).meta({ description: '按产业链、区县、链主企业或季度' }) });

const figures = {
  total_wan: z.number().meta({ description: '采购总额（万元）' }), local_wan: z.number().meta({ description: '本地采购额（万元）' }),
  rate: z.number().nullable().meta({ description: '近地配套率 = local_wan / total_wan；无数据时为 null' }), target: z.number(),
  base_local_wan: z.number().meta({ description: '填报的本地采购额' }), localised_wan: z.number().meta({ description: '本平台促成的本地化年配套额' }),
  buyers: z.number().int().meta({ description: '计入的链主企业数' }),
};
const NearSite = z.object({ year: z.number().int(), quarter: z.number().int().nullable(), ...figures });
const Breakdown = z.object({
  year: z.number().int(), quarter: z.number().int().nullable(), by: z.enum(BREAKDOWNS), target: z.number(),
  items: z.array(z.object({ key: z.string().meta({ description: '产业链代码、区县代码、统一社会信用代码或季度' }), name: z.string(), ...figures })),
  next: z.null().meta({ description: '分组数有限，一页返回全部' }),
});

const rounded = (f: NearSiteFigures) => ({
  total_wan: f.totalWan, local_wan: f.localWan, rate: f.rate === null ? null : Math.round(f.rate * 10_000) / 10_000, target: f.target,
  base_local_wan: f.baseLocalWan, localised_wan: f.localisedWan, buyers: f.buyers,
});

/** Refuses a query for figures the actor may not see. */
function authorise(actor: SignedIn, q: { chain?: string; region?: string; buyer_uscc?: string }, ownUscc: string | null): void {
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
  const api = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = (actor: Actor): SignedIn => {
    if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', '请先登录');
    return actor;
  };
  const ownUscc = (actor: SignedIn) => (actor.enterpriseId === null ? null : enterpriseRecordById(database.db, actor.enterpriseId)?.uscc ?? null);
  const thisYear = () => Number(cityDate(clock.now()).slice(0, 4));

  api.get('/api/metrics/near-site', {
    config: READERS,
    schema: { tags: ['metrics'], summary: '近地配套率（按年度、季度、产业链、区县、链主企业筛选）', querystring: query, response: responses({ 200: NearSite }) },
  }, (request) => {
    const q = request.query;
    const actor = signedIn(request.actor);
    authorise(actor, q, ownUscc(actor));
    const year = q.year ?? thisYear();
    const f = nearSite(loadNearSiteInput(database.sqlite), { year, quarter: q.quarter, chain: q.chain, region: q.region, buyerUscc: q.buyer_uscc });
    return { year, quarter: q.quarter ?? null, ...rounded(f) };
  });

  api.get('/api/metrics/near-site/breakdown', {
    config: READERS,
    schema: {
      tags: ['metrics'], summary: '近地配套率分组：按产业链、区县、链主企业或季度',
      description: '主管部门看到负责范围内的分组；链主采购只看到本企业的数字；管理员看到全部。',
      querystring: breakdownQuery, response: responses({ 200: Breakdown }),
    },
  }, (request) => {
    const q = request.query;
    const actor = signedIn(request.actor);
    const year = q.year ?? thisYear();
    const scope = officialScope(actor);
    if (actor.role === 'official' && !scope) throw new HttpError(403, 'forbidden', '没有权限查询采购数据');
    const limits = scope ? { scope }
      : actor.role === 'procurement' ? { buyerUscc: ownUscc(actor) ?? '-' } : {};
    const rows = nearSiteBreakdown(database.sqlite, { year, quarter: q.quarter, by: q.by, ...limits });
    return {
      year, quarter: q.quarter ?? null, by: q.by, target: NEAR_SITE_TARGET,
      items: rows.map((r) => ({ key: r.key, name: r.name, ...rounded(r.figures) })), next: null,
    };
  });
}
