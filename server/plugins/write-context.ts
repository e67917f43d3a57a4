/**
 * `request.writeContext`: a request's WriteContext (who, when, from where), built the first time a
 * route asks for it — after auth has named the actor — and the same object for the rest of the request.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WriteContext } from '../write-context.ts';

declare module 'fastify' {
  interface FastifyRequest { readonly writeContext: WriteContext }
}

export function registerWriteContext(app: FastifyInstance): void {
  const { database, feed, clock } = app.deps;
  const built = new WeakMap<FastifyRequest, WriteContext>();
  app.decorateRequest('writeContext', {
    getter(this: FastifyRequest): WriteContext {
      let ctx = built.get(this);
      if (!ctx) built.set(this, (ctx = { sqlite: database.sqlite, feed, actor: this.actor, now: clock.now(), ip: this.ip }));
      return ctx;
    },
  });
}
