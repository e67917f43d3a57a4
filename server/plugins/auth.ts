/**
 * Who is asking, and may they: every route declares `config.access` (registration fails
 * without it), the actor comes from a Bearer token (API) or the session cookie, and the
 * route's rule is enforced before any handler runs. Object-level rules live in auth/policy.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { accessRoleOf, ANONYMOUS, type AccessRole, type Actor, type SignedIn } from '../auth/policy.ts';
import type { Accounts } from '../auth/accounts.ts';
import { HttpError } from './errors.ts';
import { servedOverHttps } from './security-headers.ts';

/** Who may call a route: anyone, anyone signed in, or these roles ('department': department staff without an official scope). */
export type Access = 'public' | 'signed-in' | readonly AccessRole[];

declare module 'fastify' {
  interface FastifyContextConfig { access?: Access; csrf?: 'field-in-handler' }
  interface FastifyInstance { registeredRoutes: RegisteredRoute[] }
  interface FastifyRequest { actor: Actor; sessionToken: string | null; sessionCsrf: string | null; viaBearer: boolean }
}

export const SESSION_COOKIE = 'llt_session';

export interface RegisteredRoute { method: string | string[]; url: string; config?: { access?: Access } }

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export function signedIn(request: FastifyRequest): SignedIn {
  if (request.actor.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', '请先登录');
  return request.actor;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string | null): void {
  const secure = servedOverHttps(request);
  if (token === null) reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  else reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export async function registerAuth(app: FastifyInstance, accounts: Accounts): Promise<void> {
  await app.register(cookie);
  const { clock } = app.deps;

  // Checked once all routes exist, so a plugin's own onRoute hook may still set the rule.
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => { routes.push(route); });
  app.addHook('onReady', async () => {
    const missing = routes.filter((r) => r.method !== 'HEAD' && !r.config?.access);
    if (missing.length) throw new Error(`routes without config.access: ${missing.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`);
  });

  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionCsrf', null);
  app.decorateRequest('viaBearer', false);

  app.addHook('onRequest', async (request) => {
    const now = clock.now();
    request.actor = ANONYMOUS;
    let actor: Actor = ANONYMOUS;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const tokenActor = match ? accounts.resolveApiToken(match[1]!, now) : undefined;
      if (!tokenActor) throw new HttpError(401, 'unauthenticated', 'API 令牌缺失、无效或已吊销');
      actor = tokenActor;
      request.viaBearer = true;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? accounts.resolveSession(token, now) : undefined;
      if (session && token) {
        actor = accounts.actorOf(session.user);
        request.sessionToken = token;
        request.sessionCsrf = session.csrfToken;
      }
    }
    request.actor = actor;
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const actor = request.actor;
    if (actor.kind === 'anonymous') {
      if (request.method === 'GET' && !isApiRequest(request) && request.headers.upgrade === undefined) {
        return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      }
      throw new HttpError(401, 'unauthenticated', '请先登录');
    }
    if (access !== 'signed-in' && !access.includes(accessRoleOf(actor))) throw new HttpError(403, 'forbidden', '没有权限执行此操作');
  });
}
