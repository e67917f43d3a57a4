/**
 * One place where failures become responses: API paths and JSON clients answer with
 * { error, message, details? } (details name each field and rule), pages with a Chinese error page headed by
 * the kind of refusal. A 5xx never carries a stack or an internal message. Every error carries
 * the security headers and is never cached, including the ones Fastify raises before routing
 * (a malformed URL).
 */
import { InvalidInput } from '../invalid-input.ts';
import type { ErrorKind, Refusal } from '../refusal.ts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { visitorErrorPage } from './pages.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { apiValidationProblems } from './api-schema.ts';

export interface FieldProblem { field: string; message: string; rule?: string }

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: FieldProblem[]) {
    super(message);
  }
}

export const notFound = (what = '请求的资源') => new HttpError(404, 'not_found', `${what}不存在`);

/** The one place a service's kind of refusal becomes an HTTP status. */
const STATUS_OF_KIND: Record<ErrorKind, number> = { invalid: 422, forbidden: 403, not_found: 404, conflict: 409 };

export const httpStatusOf = (kind: ErrorKind): number => STATUS_OF_KIND[kind];

/** A service's refusal as the error the handler answers with: its kind's status, its code and words. */
export const refusalError = (r: Refusal): HttpError => new HttpError(httpStatusOf(r.kind), r.code, r.message);

/** Parses request input; a failure is a 400 naming each field and the rule it broke. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', rule: i.code, message: i.message }));
  throw new HttpError(400, 'invalid_request', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

/** An API path, or a client that asks for JSON and not for HTML. */
function wantsJson(request: FastifyRequest): boolean {
  if (isApi(request)) return true;
  const accept = String(request.headers.accept ?? '');
  return accept.includes('application/json') && !accept.includes('text/html');
}

const errorBody = (code: string, message: string, details?: FieldProblem[]) => ({ error: code, message, ...(details ? { details } : {}) });

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, details?: FieldProblem[]) {
  reply.code(status);
  // An error replaces what the handler had begun: never cached, never a download.
  reply.removeHeader('content-disposition');
  reply.header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send(errorBody(code, message, details));
  return reply.render('error', { status, message, code });
}

/**
 * Fastify's own refusals before a route is found (a URL that does not decode, a parameter too long):
 * the request has not been through the hooks, so the page is built for a visitor and the headers set here.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = error.code === 'FST_ERR_BAD_URL' ? '网址格式无效' : '请求的网址无法识别';
  applySecurityHeaders(request, reply);
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) {
    void reply.type('application/json; charset=utf-8').send(errorBody('bad_request', message));
    return;
  }
  void reply.type('text/html; charset=utf-8').send(visitorErrorPage(status, message));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | InvalidInput, request, reply) => {
    if (error instanceof HttpError) return send(request, reply, error.status, error.code, error.message, error.details);
    if (error instanceof InvalidInput) return send(request, reply, 400, 'invalid_request', error.message, [{ field: error.field, message: error.rule }]);
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return send(request, reply, 500, 'internal_error', '服务器内部错误，请稍后重试。');
    }
    if ((error as FastifyError).validation) {
      // A route's zod schema refused the input: name each field and the rule it broke.
      const details = apiValidationProblems((error as FastifyError).validation);
      if (details) return send(request, reply, 400, 'invalid_request', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
      return send(request, reply, 400, 'invalid_request', error.message);
    }
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'bad_request';
    const message = status === 413 ? '上传内容超过大小上限' : status === 415 ? '不支持的内容类型' : error.message;
    return send(request, reply, status, code, message);
  });
  app.setNotFoundHandler((request, reply) => send(request, reply, 404, 'not_found', '页面不存在'));
}
