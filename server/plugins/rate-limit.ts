/**
 * Per-client limits on /api (the login limiter guards sign-in separately): each API token,
 * session or — for anonymous calls — address gets API_RATE_LIMIT requests a minute. Over it,
 * 429 with Retry-After and the API's error body. Counts live in this process's memory, or with
 * WORKERS > 1 in the primary, for every worker (cluster/shared-limits.ts, through the plugin's
 * documented custom-store interface). Registered after auth (the key is the actor) and before the
 * routes it limits.
 */
import type { FastifyInstance } from 'fastify';
import rateLimit, { type FastifyRateLimitOptions, type FastifyRateLimitStore } from '@fastify/rate-limit';
import { HttpError } from './errors.ts';
import type { SharedLimits } from '../cluster/shared-limits.ts';

/** A @fastify/rate-limit store whose counts are the cluster's (one window per key, as the plugin's own store). */
function sharedStore(limits: SharedLimits, timeWindow: number) {
  return class SharedStore implements FastifyRateLimitStore {
    constructor(readonly options: FastifyRateLimitOptions) {}
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      limits.hit(key, timeWindow).then((count) => callback(null, count), (err: Error) => callback(err));
    }
    child(): FastifyRateLimitStore { return this; }
  };
}

export async function registerApiRateLimit(app: FastifyInstance): Promise<void> {
  const perMinute = app.deps.config.apiRateLimit;
  if (perMinute <= 0) return;
  const timeWindow = 60_000;
  const limits = app.deps.limits;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow,
    ...(limits ? { store: sharedStore(limits, timeWindow) } : {}),
    allowList: (request) => !request.url.startsWith('/api/'),
    keyGenerator: (request) => (request.actor.kind === 'anonymous' ? `ip:${request.ip}` : `${request.actor.kind}:${request.actor.id}`),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpError(429, 'rate_limited', `请求过于频繁：每分钟最多 ${context.max} 次，请 ${seconds} 秒后重试`);
    },
  });
}
