/** GET /api/components/:ref/matches and /api/listings/:ref/matches (CONTRACT.md §3). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canViewComponent, canViewListingMatches } from '../auth/policy.ts';
import { componentByRef } from '../components/queries.ts';
import { SCOPES, type MatchResult, type RankedSupplier } from '../matching/types.ts';
import { HttpError, notFound, parseInput } from '../plugins/errors.ts';
import { optional } from './query.ts';

const query = z.object({
  limit: optional(z.coerce.number().int({ message: 'limit 须为整数' }).min(1, { message: 'limit 为 1–100' }).max(100, { message: 'limit 为 1–100' })),
  scope: optional(z.enum(SCOPES, { message: 'scope 须为 local、cluster 或 all' })),
});

function supplier(s: RankedSupplier) {
  return { uscc: s.uscc, name: s.name, region: s.regionName, region_kind: s.regionKind, score: Math.round(s.score * 10) / 10, grade: s.grade, reasons: s.reasons, missing: s.missing };
}

function answer(kind: 'component' | 'listing', ref: string, name: string, r: MatchResult) {
  return {
    [kind]: { ref, name },
    scope: r.scope,
    qualified_local: r.qualifiedLocal,
    summary: r.summary,
    matches: r.matches.map(supplier),
    attraction_targets: r.attractionTargets.map(supplier),
  };
}

export async function apiMatchRoutes(app: FastifyInstance) {
  const { sqlite } = app.deps.database;

  app.get<{ Params: { ref: string } }>('/api/components/:ref/matches', { config: { access: ['procurement', 'official', 'department', 'admin'] } }, (request) => {
    const q = parseInput(query, request.query);
    const c = componentByRef(sqlite, request.params.ref);
    if (!c) throw notFound(`外采件 ${request.params.ref} `);
    if (!canViewComponent(request.actor, c)) {
      throw new HttpError(403, 'forbidden', '外采件及其匹配结果仅对采购企业、主管部门和管理员可见');
    }
    const result = app.matching.componentMatches(c.id, q.scope ?? 'local', q.limit ?? 20)!;
    return answer('component', c.ref, c.name, result);
  });

  app.get<{ Params: { ref: string } }>('/api/listings/:ref/matches', { config: { access: 'signed-in' } }, (request) => {
    const q = parseInput(query, request.query);
    const listing = sqlite.prepare('select id, ref, title, kind from listings where ref = ?').get(request.params.ref) as { id: number; ref: string; title: string; kind: string } | undefined;
    if (!listing) throw notFound(`供需信息 ${request.params.ref} `);
    if (listing.kind !== 'demand') throw new HttpError(422, 'not_a_demand', '只有需求信息才有匹配的供应商');
    if (!canViewListingMatches(request.actor)) throw new HttpError(401, 'unauthenticated', '请先登录');
    const result = app.matching.listingMatches(listing.id, q.scope ?? 'local', q.limit ?? 20)!;
    return answer('listing', listing.ref, listing.title, result);
  });
}
