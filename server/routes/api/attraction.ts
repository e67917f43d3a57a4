/**
 * Attraction targets: the outside single sources of the chain leaders, ranked by the annual value
 * bought from them (CONTRACT.md §3). Buyers see the targets among their own parts, officials those
 * of their chains and counties, admins all.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROJECT_STAGES } from '../../../db/schema.ts';
import { attractionTargets } from '../../attraction/service.ts';
import { cityDate } from '../../vocabulary.ts';
import { HttpError } from '../../plugins/errors.ts';
import { targetsQuery } from '../attraction.ts';
import { responses } from './schemas.ts';

const Target = z.object({
  supplier: z.string().meta({ description: '现供应商（采购企业填写的名称）' }),
  region: z.string().meta({ description: '现供应商所在地' }),
  annual_value_wan: z.number().meta({ description: '链主企业向其采购的唯一来源外采件年采购额合计（万元）' }),
  components: z.array(z.string()).meta({ description: '这些外采件的编号，年采购额从大到小' }),
  buyers: z.array(z.string()).meta({ description: '采购企业的统一社会信用代码' }),
  chains: z.array(z.string()).meta({ description: '所属产业链代码' }),
  region_kind: z.enum(['cluster', 'outside']).meta({ description: 'cluster：襄十随神城市群；outside：其他地区' }),
  rate_gain_points: z.number().nullable().meta({ description: '若其在本市设厂、这些外采件全部本地化，调用者可见范围的今年近地配套率可提高的百分点' }),
  projects: z.array(z.object({ ref: z.string(), stage: z.enum(PROJECT_STAGES) })).meta({ description: '针对它的招商项目（终止的除外；仅主管部门可见）' }),
});
const Targets = z.object({
  targets: z.array(Target),
  left_out: z.array(z.object({ ref: z.string(), supplier: z.string(), reason: z.enum(['localised', 'signed']) }))
    .meta({ description: '已本地化（本地商机签约或招商项目投产）或已签约而不计入的外采件' }),
  year: z.number().int(),
});

export async function apiAttractionRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/attraction/targets', {
    config: { access: ['procurement', 'official', 'admin'] as const },
    schema: {
      tags: ['attraction'], summary: '招引对象：链主企业的市外唯一来源供应商，按年采购额从大到小',
      description: 'chain 可为产业链代码或名称；region 为本市区县（代码或名称）时按采购企业所在区县筛选，否则按供应商所在地筛选。已本地化或已签约的外采件不计入，列在 left_out。',
      querystring: targetsQuery, response: responses({ 200: Targets }),
    },
  }, (request) => {
    const actor = request.actor;
    if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', '请先登录');
    const view = attractionTargets(database.sqlite, actor, request.query, Number(cityDate(clock.now()).slice(0, 4)));
    return {
      targets: view.targets.map((t) => ({
        supplier: t.supplier, region: t.region, annual_value_wan: t.annualValueWan,
        components: t.parts.map((p) => p.ref), buyers: t.buyers.map((b) => b.uscc), chains: t.chains,
        region_kind: t.regionKind === 'cluster' ? 'cluster' as const : 'outside' as const,
        rate_gain_points: t.rateGainPoints === null ? null : Math.round(t.rateGainPoints * 100) / 100,
        projects: t.projects.map((p) => ({ ref: p.ref, stage: p.stage })),
      })),
      left_out: view.settled.map((p) => ({ ref: p.ref, supplier: p.supplier, reason: p.state === 'signed' ? 'signed' as const : 'localised' as const })),
      year: view.year,
    };
  });
}
