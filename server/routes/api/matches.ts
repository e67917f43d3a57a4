/** GET /api/components/:ref/matches and /api/listings/:ref/matches: ranked local suppliers with the reasons, best first. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REGION_KINDS } from '../../../db/schema.ts';
import { getListing } from '../../../db/repositories/listings.ts';
import { canViewComponent, canViewListingMatches } from '../../auth/policy.ts';
import { componentByRef } from '../../components/queries.ts';
import { SCOPES, type MatchResult, type RankedSupplier } from '../../matching/types.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { optional } from '../query.ts';
import { refParam, responses } from './schemas.ts';

const query = z.object({
  limit: optional(z.coerce.number().int({ message: 'limit 须为整数' }).min(1, { message: 'limit 为 1–100' }).max(100, { message: 'limit 为 1–100' })).meta({ description: '返回条数，默认 20' }),
  scope: optional(z.enum(SCOPES, { message: 'scope 须为 local、cluster 或 all' })).meta({ description: 'local（默认）只含市内企业；cluster 含襄十随神；all 不限' }),
});

const Supplier = z.object({
  uscc: z.string(), name: z.string(), region: z.string(), region_kind: z.enum(REGION_KINDS),
  score: z.number().meta({ description: '0–100' }),
  grade: z.enum(['ready', 'tight', 'cultivate', 'none']).meta({ description: 'ready 可立即配套、tight 产能偏紧、cultivate 值得培育、none 不匹配' }),
  reasons: z.array(z.string()).meta({ description: '得分理由（中文）' }),
  missing: z.array(z.string()).meta({ description: '欠缺的条件（中文）' }),
});
Supplier.register(z.globalRegistry, { id: 'RankedSupplier' });

const common = {
  scope: z.enum(SCOPES),
  qualified_local: z.boolean().meta({ description: '本地是否有合格（ready 或 tight）的企业' }),
  summary: z.string(),
  matches: z.array(Supplier),
  attraction_targets: z.array(Supplier).meta({ description: '本地无合格企业时，襄十随神及市外的最佳企业（招引对象）' }),
};
const Named = z.object({ ref: z.string(), name: z.string() });
const ComponentMatches = z.object({ component: Named, ...common });
const ListingMatches = z.object({ listing: Named, ...common });

function supplier(s: RankedSupplier): z.output<typeof Supplier> {
  return { uscc: s.uscc, name: s.name, region: s.regionName, region_kind: s.regionKind, score: Math.round(s.score * 10) / 10, grade: s.grade, reasons: s.reasons, missing: s.missing };
}

const answer = (r: MatchResult) => ({
  scope: r.scope, qualified_local: r.qualifiedLocal, summary: r.summary, matches: r.matches.map(supplier), attraction_targets: r.attractionTargets.map(supplier),
});

export async function apiMatchRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/components/:ref/matches', {
    config: { access: ['procurement', 'official', 'department', 'admin'] },
    schema: {
      tags: ['components'], summary: '外采件的本地候选供应商（排序、理由）',
      description: '外采件及其匹配结果是采购企业的保密信息：仅该企业的链主采购、主管部门（在其负责范围内）和管理员可见。',
      params: refParam, querystring: query, response: responses({ 200: ComponentMatches }, 404),
    },
  }, (request) => {
    const c = componentByRef(database.sqlite, request.params.ref);
    if (!c) throw notFound(`外采件 ${request.params.ref} `);
    if (!canViewComponent(request.actor, c)) {
      throw new HttpError(403, 'forbidden', '外采件及其匹配结果仅对采购企业、主管部门和管理员可见');
    }
    const result = app.matching.componentMatches(c.id, request.query.scope ?? 'local', request.query.limit ?? 20)!;
    return { component: { ref: c.ref, name: c.name }, ...answer(result) };
  });

  api.get('/api/listings/:ref/matches', {
    config: { access: 'signed-in' },
    schema: {
      tags: ['listings'], summary: '需求信息的候选供应商', params: refParam, querystring: query,
      response: responses({ 200: ListingMatches }, 404, 422),
    },
  }, (request) => {
    const listing = getListing(database.db, request.params.ref);
    if (!listing) throw notFound(`供需信息 ${request.params.ref} `);
    if (listing.kind !== 'demand') throw new HttpError(422, 'not_a_demand', '只有需求信息才有匹配的供应商');
    if (!canViewListingMatches(request.actor)) throw new HttpError(401, 'unauthenticated', '请先登录');
    const result = app.matching.listingMatches(listing.id, request.query.scope ?? 'local', request.query.limit ?? 20)!;
    return { listing: { ref: listing.ref, name: listing.title }, ...answer(result) };
  });
}
