/**
 * 产业链图谱: the chains a viewer may map, and one chain's map with the node asked for. Buyers see
 * their own parts, officials the chains in their scope, admins all (every part through canViewComponent).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allChains } from '../../db/repositories/catalog.ts';
import { canViewComponent, officialScope } from '../auth/policy.ts';
import { attractionPort } from './attraction-port.ts';
import { chainParts } from '../chains/queries.ts';
import { chainMapFor } from '../chains/service.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, notFound, parseInput } from '../plugins/errors.ts';
import { optional } from './query.ts';

const READERS = { config: { access: ['procurement', 'official', 'admin'] as const } };
const chainParam = z.object({ chain: z.string().trim().min(1).max(40, { message: '产业链代码过长' }) });
const nodeQuery = z.object({ node: optional(z.string().max(300, { message: '节点过长' })) });

export async function chainRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const { sqlite } = database;
  const inScope = (actor: ReturnType<typeof signedIn>, chainId: string) => {
    if (actor.role !== 'official') return true;
    const scope = officialScope(actor);
    return scope !== null && (scope.chains.length === 0 || scope.chains.includes(chainId));
  };

  app.get('/chains', READERS, (request, reply) => {
    const actor = signedIn(request);
    const rows = allChains(database.db).filter((c) => inScope(actor, c.id)).map((c) => {
      const parts = chainParts(sqlite, c.id).filter((p) => canViewComponent(actor, { ...p, id: p.componentId }));
      const local = parts.filter((p) => p.localised === 1 || p.qualifiedLocal > 0).length;
      return { id: c.id, name: c.name, parts: parts.length, valueWan: parts.reduce((s, p) => s + (p.valueWan ?? 0), 0), local, gap: parts.length - local };
    }).filter((r) => actor.role !== 'procurement' || r.parts > 0);
    return reply.render('chainIndex', rows);
  });

  app.get('/chains/:chain', READERS, (request, reply) => {
    const actor = signedIn(request);
    const { chain: id } = parseInput(chainParam, request.params);
    const { node: key } = parseInput(nodeQuery, request.query);
    const chain = allChains(database.db).find((c) => c.id === id);
    if (!chain) throw notFound('该产业链');
    if (!inScope(actor, chain.id)) throw new HttpError(403, 'forbidden', '只能查看本人负责的产业链');
    const view = chainMapFor(sqlite, attractionPort(app), actor, { id: chain.id, name: chain.name });
    const node = key ? view.map.nodes.find((n) => n.key === key) : undefined;
    if (key && !node) throw notFound('该节点');
    return reply.render('chainMap', { ...view, node });
  });
}
