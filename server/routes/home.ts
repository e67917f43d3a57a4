import type { FastifyInstance } from 'fastify';
import { chainOverview, cityTotals } from '../../db/repositories/catalog.ts';
import { cityDate } from '../vocabulary.ts';
import { workbench } from '../workbench.ts';
import { cityCultivation, firmCultivation } from '../attraction/cultivation-service.ts';
import { attractionPort } from './attraction-port.ts';

export async function homeRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  app.get('/', { config: { access: 'public' } }, (request, reply) => {
    const today = cityDate(clock.now());
    const { totals, chains } = app.reads.get(`home:${today}`, () => ({ totals: cityTotals(database.db, today), chains: chainOverview(database.db, today) }));
    const soon = cityDate(clock.now() + 30 * 86_400_000);
    const actor = request.actor;
    // A firm's own cultivation entries, in words only (see cultivation-service.ts for what it may learn).
    const steps = actor.kind === 'user' && actor.role === 'enterprise' && actor.enterpriseId !== null
      ? firmCultivation(app.reads.get('cultivation:city', () => cityCultivation(database.sqlite, attractionPort(app))), actor.enterpriseId) : [];
    return reply.render('home', { totals, chains, bench: workbench(database.sqlite, actor, today, soon), steps });
  });
}
