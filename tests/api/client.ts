/**
 * An API client for tests: every JSON answer is checked against the OpenAPI document's schema
 * for its route and status, so a body that drifts from what the document promises fails the test.
 */
import { expect } from 'vitest';
import type { Role } from '../../db/schema.ts';
import type { TestCtx } from '../helpers.ts';
import { fetchDocument, responseChecker } from './openapi.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function apiClient(ctx: TestCtx) {
  const check = responseChecker(await fetchDocument(ctx));
  const routes = ctx.app.registeredRoutes.filter((r) => r.url.startsWith('/api/'));
  /** The registered route pattern a concrete path belongs to. */
  const patternOf = (method: string, path: string): string => {
    const found = routes.find((r) => (Array.isArray(r.method) ? r.method : [r.method]).includes(method)
      && new RegExp(`^${r.url.replace(/:\w+/g, '[^/]+')}$`).test(path));
    if (!found) throw new Error(`no route for ${method} ${path}`);
    return found.url;
  };
  return {
    token(role: Role, enterpriseId: number | null = null, name = `${role}-token`): string {
      return ctx.app.accounts.createApiToken({ name, role, enterpriseId, createdBy: null }, ctx.clock.now()).token;
    },
    async call(method: Method, url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) {
      const res = await ctx.app.inject({ method, url, payload: payload as string, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
      if (String(res.headers['content-type']).startsWith('application/json')) {
        expect(check(method, patternOf(method, url.split('?')[0]!), res.statusCode, res.json()), `${method} ${url} → ${res.statusCode}: ${res.body.slice(0, 300)}`).toEqual([]);
      }
      return res;
    },
  };
}
