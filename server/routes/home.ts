import type { FastifyInstance } from 'fastify';
import { chainOverview, cityTotals } from '../../db/repositories/catalog.ts';
import { homePage } from '../../views/pages/home.ts';
import { cityDate } from '../clock.ts';

export async function homeRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  app.get('/', { config: { access: 'public' } }, (_request, reply) => {
    const today = cityDate(clock.now());
    return reply.page(homePage(cityTotals(database.db, today), chainOverview(database.db, today)));
  });
}
