/** The problem figures page: open, overdue, closed in the quarter, days to close; per chain and per county. */
import type { FastifyInstance } from 'fastify';
import { allChains } from '../../db/repositories/catalog.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { cityDate } from '../vocabulary.ts';
import { signedIn } from '../plugins/auth.ts';
import { loadProblemStatRows, problemStats } from '../problems/stats.ts';
import { pickerYears, quarterFrom } from './dispatch.ts';

export async function problemStatsRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;

  app.get('/problems/stats', { config: { access: ['official', 'department', 'admin'] as const } }, (request, reply) => {
    const actor = signedIn(request);
    const now = clock.now();
    const quarter = quarterFrom(request.query, now);
    const stats = problemStats(loadProblemStatRows(database.sqlite, actor), quarter, cityDate(now));
    const chains = new Map(allChains(database.db).map((c) => [c.id, c.name]));
    const regions = new Map(getLexicon().regions().map((r) => [r.code, r.name]));
    return reply.render('problemStats', {
      stats, years: pickerYears(now, quarter.year),
      chainName: (id) => (id === null ? '未关联产业链' : chains.get(id) ?? id),
      countyName: (code) => (code === null ? '未填区县' : regions.get(code) ?? code),
    });
  });
}
