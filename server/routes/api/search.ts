/**
 * GET /api/search: listings and enterprises by words and facets, best first. Pages by
 * `offset` or by the `next` cursor of the previous answer (the same ranking, continued).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FACET_FIELDS } from '../../../search/search-index.ts';
import { searchParams } from '../../search/params.ts';
import { toApiResult } from '../../search/present.ts';
import { runSearch } from '../search.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { responses } from './schemas.ts';

const distance = { distance_km: z.number().optional().meta({ description: '按距离排序时，到参照点的公里数' }) };
const Hit = z.union([
  z.object({ type: z.literal('listing'), ref: z.string(), title: z.string(), highlight: z.string(), ...distance }),
  z.object({ type: z.literal('enterprise'), uscc: z.string(), name: z.string(), highlight: z.string(), ...distance }),
]);

const SearchAnswer = z.object({
  total: z.number().int(),
  total_exact: z.boolean().meta({ description: 'false 表示 total 为估计值（非常宽泛的查询）' }),
  hits: z.array(Hit),
  facets: z.record(z.enum(FACET_FIELDS), z.record(z.string(), z.number().int())).meta({ description: '每个筛选字段下各取值的命中数' }),
  next: z.string().nullable().meta({ description: '下一页的游标（`cursor`），null 表示没有更多' }),
});

const query = searchParams.safeExtend({
  cursor: z.string().min(1).max(400).optional().meta({ description: '上一页的 next；给出时忽略 offset' }),
});

export async function apiSearchRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/search', {
    config: { access: 'public' },
    schema: {
      tags: ['search'], summary: '搜索供需信息和企业', security: [],
      description: '中英文关键词、同义词（工艺、材料、资质）与筛选；`type`、`kind`、`chain`、`region`、`tier`、`cert` 可重复给出（任一匹配）。',
      querystring: query, response: responses({ 200: SearchAnswer }, 503),
    },
  }, async (request) => {
    const { cursor, ...params } = request.query;
    const filters = { ...params, offset: undefined };
    const offset = cursor === undefined ? params.offset : decodeCursor(cursor, filters);
    const result = await runSearch(app, { ...params, offset });
    const end = offset + params.limit;
    const more = end < Math.min(result.total, result.maxOffset);
    return { ...toApiResult(result), next: more ? encodeCursor(end, filters) : null };
  });
}
