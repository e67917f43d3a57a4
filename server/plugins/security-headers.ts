/**
 * Security headers on every response, errors included. The CSP allows only this origin's
 * scripts and styles: no inline script, no inline style attributes, no framing. Over https
 * (directly, through a trusted proxy, or when PUBLIC_ORIGIN is https) HSTS is sent as well.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** The request reached users over https: its own protocol (with TRUST_PROXY, the proxy's X-Forwarded-Proto), or an https PUBLIC_ORIGIN. */
export function servedOverHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https' || !!request.server.deps?.config.publicOrigin?.startsWith('https:');
}

export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(HEADERS);
  if (servedOverHttps(request)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    applySecurityHeaders(request, reply);
    if (request.actor && request.actor.kind !== 'anonymous' && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
  });
}
