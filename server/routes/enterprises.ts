import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TIERS } from '../../db/schema.ts';
import { allChains, regionsInUse } from '../../db/repositories/catalog.ts';
import { getEnterprise, listEnterprises } from '../../db/repositories/enterprises.ts';
import { listListings } from '../../db/repositories/listings.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { cityDate } from '../vocabulary.ts';
import { canEditProfile, canSeeContacts } from '../auth/policy.ts';
import { notFound, parseInput } from '../plugins/errors.ts';
import { chainId, optional, page, PAGE_SIZE, regionCode } from './query.ts';

const directoryQuery = z.object({
  chain: chainId,
  region: regionCode,
  tier: optional(z.enum(TIERS, { message: '企业类型须为 chain_leader、core、specialized 或 sme' })),
  name: optional(z.string().trim().max(50, { message: '不能超过 50 个字符' })),
  page,
});

export async function enterpriseRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;

  app.get('/enterprises', { config: { access: 'public' } }, (request, reply) => {
    const q = parseInput(directoryQuery, request.query);
    const filter = { ...q, pageSize: PAGE_SIZE };
    const view = { filter, ...app.reads.get(`enterprises:${JSON.stringify(filter)}`, () => listEnterprises(database.db, filter)),
      chains: allChains(database.db), regions: app.reads.get('regions-in-use', () => regionsInUse(database.db)) };
    return request.wantsFragment ? reply.renderFragment('enterpriseResults', view) : reply.render('enterprises', view);
  });

  app.get<{ Params: { uscc: string } }>('/enterprises/:uscc', { config: { access: 'public' } }, (request, reply) => {
    const firm = getEnterprise(database.db, request.params.uscc.toUpperCase());
    if (!firm) throw notFound('该企业');
    const listings = listListings(database.db, { enterpriseId: firm.id, page: 1, pageSize: 50 }, cityDate(clock.now())).items;
    const lexicon = getLexicon();
    return reply.render('enterprise', { firm, listings, labelOf: (id) => lexicon.label(id), showContacts: canSeeContacts(request.actor), canEdit: canEditProfile(request.actor, firm.id) });
  });
}
