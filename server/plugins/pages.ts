/**
 * Sending HTML: reply.html(markup) for a full page or a fragment. A request from htmx
 * (HX-Request, and not a history restore) gets the fragment; everything else the page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Html } from '../../views/html.ts';

declare module 'fastify' {
  interface FastifyReply { html(markup: Html): FastifyReply }
  interface FastifyRequest { wantsFragment: boolean }
}

export function registerPageRendering(app: FastifyInstance): void {
  app.decorateReply('html', function (this: FastifyReply, markup: Html) {
    return this.header('vary', 'HX-Request').type('text/html; charset=utf-8').send(markup.value);
  });
  app.decorateRequest('wantsFragment', {
    getter(this: FastifyRequest) {
      return this.headers['hx-request'] === 'true' && this.headers['hx-history-restore-request'] !== 'true';
    },
  });
}
