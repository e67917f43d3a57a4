/** The signed-in user's messages. */
import type { FastifyInstance } from 'fastify';
import { inbox, markRead } from '../notifications.ts';
import { signedIn } from '../plugins/auth.ts';

export async function inboxRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const USERS = { config: { access: 'signed-in' as const } };

  app.get('/inbox', USERS, (request, reply) => {
    const actor = signedIn(request);
    return reply.render('inbox', { rows: actor.kind === 'user' ? inbox(database.sqlite, actor.id) : [], csrfToken: request.csrfToken(reply) });
  });

  app.post('/inbox/read', USERS, (request, reply) => {
    const actor = signedIn(request);
    if (actor.kind === 'user') markRead(database.sqlite, actor.id, clock.now());
    return reply.redirect('/inbox', 303);
  });
}
