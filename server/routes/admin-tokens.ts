/** Admin: API tokens (created hashed, shown once, revocable) and the audit log. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditObjectTypes, listAudit, recordAudit } from '../audit.ts';
import { auditLine } from '../audit-labels.ts';
import { findFirm } from '../marketplace/find-firm.ts';
import { issueApiToken, listApiTokens } from '../auth/api-tokens.ts';
import { signedIn } from '../plugins/auth.ts';
import { scopeChoices } from '../auth/user-admin.ts';
import { notFound, parseInput } from '../plugins/errors.ts';
import { optional, page } from './query.ts';

const ADMIN = { config: { access: ['admin'] as const } };
const AUDIT_PAGE = 50;

const auditQuery = z.object({
  enterprise: optional(z.string().trim().max(100, { message: '不能超过 100 个字符' })),
  objectType: optional(z.string().max(40)),
  objectId: optional(z.string().max(100)),
  page,
});

export async function adminTokenRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;

  const choices = () => scopeChoices(database);

  app.get('/admin/tokens', ADMIN, (request, reply) => reply.render('tokens', { tokens: listApiTokens(sqlite), choices: choices(), csrfToken: request.csrfToken(reply) }));

  app.post('/admin/tokens', ADMIN, (request, reply) => {
    const actor = signedIn(request);
    const now = clock.now();
    const result = sqlite.transaction(() => {
      const issued = issueApiToken(sqlite, app.accounts, request.body ?? {}, now, actor.id);
      if (issued.ok) {
        recordAudit(sqlite, { actor, action: 'token.create', objectType: 'api_token', objectId: issued.id, enterpriseId: issued.enterpriseId,
          after: { name: (request.body as Record<string, unknown>).name, role: issued.role, scopeChains: issued.scopeChains, scopeRegions: issued.scopeRegions }, at: now, ip: request.ip });
      }
      return issued;
    })();
    if (!result.ok) {
      return reply.code(422).render('tokens', { tokens: listApiTokens(sqlite), choices: choices(), csrfToken: request.csrfToken(reply), values: request.body as Record<string, unknown>, errors: result.errors });
    }
    return reply.code(201).render('tokens', { tokens: listApiTokens(sqlite), choices: choices(), csrfToken: request.csrfToken(reply), created: result.token });
  });

  app.post('/admin/tokens/:id/revoke', ADMIN, (request, reply) => {
    const actor = signedIn(request);
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), request.params);
    const now = clock.now();
    const revoked = sqlite.transaction(() => {
      const ok = app.accounts.revokeApiToken(id, now);
      if (ok) recordAudit(sqlite, { actor, action: 'token.revoke', objectType: 'api_token', objectId: id, at: now, ip: request.ip });
      return ok;
    })();
    if (!revoked && !listApiTokens(sqlite).some((t) => t.id === id)) throw notFound('该令牌');
    return reply.render('tokens', { tokens: listApiTokens(sqlite), choices: choices(), csrfToken: request.csrfToken(reply), message: '令牌已吊销，使用它的请求将得到 401。' });
  });

  app.get('/admin/audit', ADMIN, (request, reply) => {
    const q = parseInput(auditQuery, request.query);
    const lookup = q.enterprise ? findFirm(sqlite, q.enterprise) : null;
    const firm = lookup && 'found' in lookup ? lookup.found.id : undefined;
    const { total, rows } = q.enterprise && firm === undefined
      ? { total: 0, rows: [] }
      : listAudit(sqlite, { enterpriseId: firm, objectType: q.objectType, objectId: q.objectId, limit: AUDIT_PAGE, offset: (q.page - 1) * AUDIT_PAGE });
    const objectTypes = auditObjectTypes(sqlite);
    return reply.render('audit', { rows: rows.map(auditLine), total, page: q.page, pageSize: AUDIT_PAGE, objectTypes, filter: { enterprise: q.enterprise, objectType: q.objectType, objectId: q.objectId } });
  });
}
