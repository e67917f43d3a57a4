/** 未识别词: the admin's list of wordings the matcher cannot place, and teaching one (server/lexicon/). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getLexicon, CONCEPT_KINDS } from '../../search/lexicon.ts';
import type { LexiconPageView } from '../../views/pages/lexicon.ts';
import { parseInput } from '../plugins/errors.ts';
import { unknownWordings } from '../lexicon/unknown-wordings.ts';
import { teachSchema, teachWording } from '../lexicon/additions.ts';
import { recentAdditions } from '../lexicon/recent.ts';
import { markCounts } from '../components/marks.ts';
import { MARK_REASONS } from '../../db/schema.ts';
import { MARK_REASON_LABEL } from '../vocabulary.ts';

const ADMIN = { config: { access: ['admin'] as const } };

export async function lexiconRoutes(app: FastifyInstance) {
  const { sqlite } = app.deps.database;

  const view = (request: FastifyRequest, reply: FastifyReply, extra: Pick<LexiconPageView, 'message' | 'error'>): LexiconPageView => {
    const lexicon = getLexicon();
    const counts = markCounts(sqlite);
    return {
      rows: unknownWordings(sqlite).map((u) => ({ kind: u.kind, wording: u.wording, count: u.count, examples: u.examples, nearest: u.nearest ? lexicon.label(u.nearest) : null })),
      conceptNames: Object.fromEntries(CONCEPT_KINDS.map((k) => [k, lexicon.concepts(k).map((c) => c.label)])) as LexiconPageView['conceptNames'],
      recent: recentAdditions(sqlite),
      marks: MARK_REASONS.map((r) => ({ label: MARK_REASON_LABEL[r], count: counts[r] ?? 0 })),
      csrfToken: request.csrfToken(reply),
      ...extra,
    };
  };

  app.get('/admin/lexicon', ADMIN, (request, reply) => {
    const { taught } = parseInput(z.object({ taught: z.string().max(80).optional() }), request.query);
    return reply.render('lexicon', view(request, reply, { message: taught ? `已加入词库：「${taught}」，正在重新匹配。` : undefined }));
  });

  app.post('/admin/lexicon/terms', ADMIN, (request, reply) => {
    const input = parseInput(teachSchema, request.body);
    // in force, and re-ranking, once committed (the feed's lexicon listener, app.ts)
    const result = teachWording(sqlite, app.deps.feed, input, request.actor, app.deps.clock.now(), request.ip);
    if (!result.ok) return reply.code(422).render('lexicon', view(request, reply, { error: result.message }));
    return reply.redirect(`/admin/lexicon?${new URLSearchParams({ taught: `${input.term} → ${result.label}` })}`, 303);
  });
}
