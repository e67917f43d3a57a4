import type { FastifyInstance } from 'fastify';
import { chainOverview, cityTotals } from '../../db/repositories/catalog.ts';
import { homePage } from '../../views/pages/home.ts';
import { cityDate } from '../clock.ts';

export async function homeRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  app.get('/', { config: { access: 'public' } }, (_request, reply) => {
    const today = cityDate(clock.now());
    const { totals, chains } = app.reads.get(`home:${today}`, () => ({ totals: cityTotals(database.db, today), chains: chainOverview(database.db, today) }));
    return reply.page(homePage(totals, chains));
  });
}
