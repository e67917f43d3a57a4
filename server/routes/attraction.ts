/**
 * 招商引资 pages: the targets (the API is routes/api/attraction.ts) and the cultivation list. Buyers
 * see the targets among their own parts, officials those of their chains and counties, admins all.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allChains } from '../../db/repositories/catalog.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { cultivationFor, cultivationWorkbook, HIGH_VALUE_WAN } from '../attraction/cultivation-service.ts';
import { sendDownload } from './download.ts';
import { canOpenProjectIn } from '../auth/policy.ts';
import { attractionPort } from './attraction-port.ts';
import { attractionTargets, nearestLocal, type TargetsFilter } from '../attraction/service.ts';
import { cityDate } from '../vocabulary.ts';
import { signedIn } from '../plugins/auth.ts';
import { parseInput } from '../plugins/errors.ts';
import { chainId, optional } from './query.ts';
import { regionNamesByUscc } from '../attraction/queries.ts';

const READERS = { config: { access: ['procurement', 'official', 'admin'] as const } };
const OFFICIALS = { config: { access: ['official', 'admin'] as const } };
const cultivationQuery = z.object({ chain: chainId });
/** Shown on the page with the closest local firm; the API lists every target. */
const SHOWN = 30;

export const targetsQuery = z.object({
  chain: optional(z.string().trim().max(40, { message: '产业链过长' }).transform((v, ctx) => {
    const chain = getLexicon().chain(v);
    if (!chain) ctx.addIssue({ code: 'custom', message: `未知的产业链「${v}」` });
    return chain?.id ?? v;
  })),
  region: optional(z.string().trim().max(80, { message: '区域过长' })),
});

export async function attractionRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;
  const year = () => Number(cityDate(clock.now()).slice(0, 4));

  app.get('/attraction', READERS, (request, reply) => {
    const actor = signedIn(request);
    const filter: TargetsFilter = parseInput(targetsQuery, request.query);
    const view = attractionTargets(sqlite, actor, filter, year());
    const port = attractionPort(app);
    const nearest = new Map(view.targets.slice(0, SHOWN).map((t) => [t.key, nearestLocal(port, t)]));
    const canOpenProjects = actor.role === 'admin' || (actor.role === 'official' && allChains(database.db).some((c) => canOpenProjectIn(actor, c.id)));
    return reply.render('attractionTargets', { view, filter, chains: allChains(database.db), nearest, canOpenProjects, shown: SHOWN });
  });

  app.get('/attraction/cultivation', OFFICIALS, (request, reply) => {
    const filter = parseInput(cultivationQuery, request.query);
    const list = cultivationFor(sqlite, attractionPort(app), signedIn(request), filter);
    return reply.render('cultivation', { list, filter, chains: allChains(database.db), minValueWan: HIGH_VALUE_WAN });
  });

  app.get('/attraction/cultivation.xlsx', OFFICIALS, (request, reply) => {
    const filter = parseInput(cultivationQuery, request.query);
    const list = cultivationFor(sqlite, attractionPort(app), signedIn(request), filter);
    const regions = regionNamesByUscc(sqlite);
    const file = cultivationWorkbook(list, (uscc) => regions.get(uscc) ?? '', clock.now());
    return sendDownload(reply, file.fileName, file.bytes);
  });
}
