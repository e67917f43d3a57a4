import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LISTING_KINDS } from '../../db/schema.ts';
import { allChains, regionsInUse } from '../../db/repositories/catalog.ts';
import { getListing, listListings } from '../../db/repositories/listings.ts';
import { listingResults, listingsPage } from '../../views/pages/listings.ts';
import { listingPage } from '../../views/pages/listing.ts';
import { cityDate } from '../clock.ts';
import { notFound, parseInput } from '../plugins/errors.ts';
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
    const view = { filter, ...listListings(database.db, filter, today), chains: allChains(database.db), regions: regionsInUse(database.db) };
    return request.wantsFragment ? reply.html(listingResults(view)) : reply.page(listingsPage(view));
  });

  app.get<{ Params: { ref: string } }>('/listings/:ref', { config: { access: 'public' } }, (request, reply) => {
    const listing = getListing(database.db, request.params.ref);
    if (!listing) throw notFound('该供需信息');
    return reply.page(listingPage(listing, cityDate(clock.now())));
  });
}
