import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LISTING_KINDS } from '../../db/schema.ts';
import { allChains, regionsInUse } from '../../db/repositories/catalog.ts';
import { countListings, getListing, pageOfListings } from '../../db/repositories/listings.ts';
import { cityDate } from '../vocabulary.ts';
import { notFound, parseInput, refusalError } from '../plugins/errors.ts';
import { canManageListingsOf, canViewListingMatches } from '../auth/policy.ts';
import { dealsOn } from '../components/queries.ts';
import { canViewDeal, openDeal, subjectOf } from '../deals/service.ts';
import { OPEN_STAGES } from '../deals/stages.ts';
import { SCOPES, type Scope } from '../matching/types.ts';
import { chainId, optional, page, PAGE_SIZE, regionCode } from './query.ts';

const listQuery = z.object({
  kind: optional(z.enum(LISTING_KINDS, { message: '类型须为 supply 或 demand' })),
  chain: chainId,
  region: regionCode,
  page,
});

export async function listingRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;

  app.get('/listings', { config: { access: 'public' } }, (request, reply) => {
    const filter = { ...parseInput(listQuery, request.query), pageSize: PAGE_SIZE };
    const today = cityDate(clock.now());
    const where = { kind: filter.kind, chain: filter.chain, region: filter.region };
    const view = {
      filter,
      total: app.reads.get(`listings-count:${today}:${JSON.stringify(where)}`, () => countListings(database.db, where, today)),
      items: app.reads.get(`listings:${today}:${JSON.stringify(filter)}`, () => pageOfListings(database.db, filter, today)),
      chains: allChains(database.db), regions: app.reads.get('regions-in-use', () => regionsInUse(database.db)) };
    return request.wantsFragment ? reply.renderFragment('listingResults', view) : reply.render('listings', view);
  });

  app.get<{ Params: { ref: string } }>('/listings/:ref', { config: { access: 'public' } }, (request, reply) => {
    const listing = getListing(database.db, request.params.ref);
    if (!listing) throw notFound('该供需信息');
    if (listing.kind !== 'demand') return reply.render('listing', { listing, today: cityDate(clock.now()) });
    const { scope } = parseInput(z.object({ scope: optional(z.enum(SCOPES, { message: 'scope 须为 local、cluster 或 all' })) }), request.query);
    const canDeal = canManageListingsOf(request.actor, listing.enterpriseId);
    // The same rule as GET /api/listings/:ref/matches: ranked suppliers are for people signed in.
    const result = canViewListingMatches(request.actor) ? app.matching.listingMatches(listing.id, scope ?? 'local', 10) : null;
    const subject = subjectOf(database.sqlite, { componentId: null, listingId: listing.id });
    const deals = dealsOn(database.sqlite, 'listing_id', listing.id).filter((d) => canViewDeal(request.actor, subject, d));
    const base = `/listings/${encodeURIComponent(listing.ref)}`;
    const matches = result && {
      result,
      scopeLinks: (s: Scope) => (s === 'local' ? base : `${base}?scope=${s}`),
      deal: canDeal ? { action: `${base}/deals`, csrfToken: request.csrfToken(reply) } : null,
      openDealWith: new Set(deals.filter((d) => (OPEN_STAGES as string[]).includes(d.stage)).map((d) => d.supplierId)),
    };
    return reply.render('listing', {
      listing, today: cityDate(clock.now()), matches, signInForMatches: result === null && request.actor.kind === 'anonymous', deals,
    });
  });

  app.post<{ Params: { ref: string } }>('/listings/:ref/deals', { config: { access: ['enterprise', 'procurement', 'admin'] } }, (request, reply) => {
    const body = parseInput(z.object({ supplier_uscc: z.string().trim().min(1).max(18), score: z.coerce.number().min(0).max(100).optional() }), request.body);
    const result = openDeal({ sqlite: database.sqlite, feed: app.deps.feed, actor: request.actor, now: clock.now(), ip: request.ip },
      { listingRef: request.params.ref, supplierUscc: body.supplier_uscc, matchScore: body.score });
    if (!result.ok) throw refusalError(result);
    return reply.redirect(`/deals/${result.deal.id}`, 303);
  });
}
