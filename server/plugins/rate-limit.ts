/**
 * Per-client limits on /api (the login limiter guards sign-in separately): each API token,
 * session or — for anonymous calls — address gets API_RATE_LIMIT requests a minute. Over it,
 * 429 with Retry-After and the API's error body. Counts live in this process's memory.
 * Registered after auth (the key is the actor) and before the routes it limits.
 */
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { HttpError } from './errors.ts';

export async function registerApiRateLimit(app: FastifyInstance): Promise<void> {
  const perMinute = app.deps.config.apiRateLimit;
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    allowList: (request) => !request.url.startsWith('/api/'),
    keyGenerator: (request) => (request.actor.kind === 'anonymous' ? `ip:${request.ip}` : `${request.actor.kind}:${request.actor.id}`),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpError(429, 'rate_limited', `请求过于频繁：每分钟最多 ${context.max} 次，请 ${seconds} 秒后重试`);
    },
  });
}
