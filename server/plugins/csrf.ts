/**
 * Forgery protection for every state-changing request that a browser could send with our
 * cookies: a synchronizer token (kept in the session; for visitors not signed in, an HMAC
 * of a random cookie) must come back in the X-CSRF-Token header (htmx sends it from
 * <body hx-headers>) or a `_csrf` form field, and a cross-site Origin is refused outright.
 * Requests authenticated by a Bearer token carry no ambient credentials and are exempt.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hmac, randomToken, safeEqual } from '../auth/secrets.ts';
import { HttpError } from './errors.ts';
import { servedOverHttps } from './security-headers.ts';

declare module 'fastify' {
  interface FastifyRequest { csrfToken(reply: FastifyReply): string; verifyCsrf(token: unknown): void }
}

const VISITOR_COOKIE = 'llt_visitor';

/** This site's origin as the browser names it (protocol can be missing on injected upgrade requests). */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol ?? 'http'}://${request.host}`;
}

/** An Origin header naming this site: as the request reached it, or the public https origin in front of a proxy. */
export function isOwnOrigin(request: FastifyRequest, origin: string | undefined): boolean {
  if (origin === undefined) return false;
  const value = origin.toLowerCase();
  return value === ownOrigin(request).toLowerCase() || value === request.server.deps.config.publicOrigin;
}
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerCsrf(app: FastifyInstance): void {
  const secret = app.deps.config.sessionSecret;

  const expected = (request: FastifyRequest, reply: FastifyReply | null): string | null => {
    if (request.sessionCsrf) return request.sessionCsrf;
    let visitor = request.cookies.llt_visitor;
    if (!visitor && reply) {
      visitor = randomToken();
      reply.setCookie(VISITOR_COOKIE, visitor, { path: '/', httpOnly: true, sameSite: 'lax', secure: servedOverHttps(request) });
      request.cookies.llt_visitor = visitor;
    }
    return visitor ? hmac(secret, `visitor:${visitor}`) : null;
  };

  app.decorateRequest('csrfToken', function (this: FastifyRequest, reply: FastifyReply) {
    return expected(this, reply) ?? '';
  });
  app.decorateRequest('verifyCsrf', function (this: FastifyRequest, token: unknown) {
    const want = expected(this, null);
    if (!want || typeof token !== 'string' || !safeEqual(token, want)) {
      throw new HttpError(403, 'csrf_failed', '表单已过期或来源无效，请刷新页面后重试');
    }
  });

  app.addHook('preHandler', async (request) => {
    if (SAFE.has(request.method) || request.viaBearer) return;
    const origin = request.headers.origin;
    if (origin !== undefined && !isOwnOrigin(request, origin)) {
      throw new HttpError(403, 'cross_origin', '拒绝跨站请求');
    }
    if (request.routeOptions.config.csrf === 'field-in-handler') return;
    const header = request.headers['x-csrf-token'];
    const field = (request.body as Record<string, unknown> | undefined)?._csrf;
    request.verifyCsrf(typeof header === 'string' ? header : field);
  });
}
