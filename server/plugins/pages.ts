/**
 * Sending HTML: reply.page(page) wraps a page in the layout with the viewer's navigation
 * and CSRF token; reply.html(markup) sends a fragment. A request from htmx (HX-Request,
 * not a history restore) wants the fragment.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Html } from '../../views/html.ts';
import { layout, type Page, type PageContext } from '../../views/layout.ts';
import { labelTableCells } from '../../views/partials/table-cards.ts';
import { unreadCount } from '../notifications.ts';
import { accessRoleOf } from '../auth/policy.ts';

declare module 'fastify' {
  interface FastifyReply { html(markup: Html): FastifyReply; page(page: Page): FastifyReply }
  interface FastifyRequest { wantsFragment: boolean; pageContext(reply: FastifyReply): PageContext }
}

export function registerPageRendering(app: FastifyInstance): void {
  app.decorateReply('html', function (this: FastifyReply, markup: Html) {
    // every table carries its column names per cell, for the phone layout (stacked cards)
    return this.header('vary', 'HX-Request').type('text/html; charset=utf-8').send(labelTableCells(markup.value));
  });
  app.decorateReply('page', function (this: FastifyReply, page: Page) {
    return this.html(layout(page, this.request.pageContext(this)));
  });
  app.decorateRequest('pageContext', function (this: FastifyRequest, reply: FastifyReply) {
    const actor = this.actor;
    const unread = actor.kind === 'user' ? unreadCount(this.server.deps.database.sqlite, actor.id) : 0;
    return { actor, csrfToken: this.csrfToken(reply), unread, accessRole: actor.kind === 'anonymous' ? null : accessRoleOf(actor) };
  });
  app.decorateRequest('wantsFragment', {
    getter(this: FastifyRequest) {
      return this.headers['hx-request'] === 'true' && this.headers['hx-history-restore-request'] !== 'true';
    },
  });
}
