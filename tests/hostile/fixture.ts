/**
 * The ground the hostile-input properties stand on: the small world of the authorization
 * matrix, every registered route with real parameters, credentials for an admin, a firm user
 * and an anonymous visitor, the oracle for a body (no stack, no file path), and a checksum of
 * every table that a refused request must leave unchanged.
 */
import { createHash } from 'node:crypto';
import { hmac } from '../../server/auth/secrets.ts';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { FIRM_A, loadWorld, webhookRows, type WebhookRows } from '../server/world.ts';
import { attractionProject } from '../attraction/world.ts';

export const SEED = Number(process.env.FUZZ_SEED ?? 42);
/** runs per property: a handful in CI, FUZZ_RUNS=… for `npm run fuzz` */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 8);

export type Who = 'admin' | 'enterprise' | 'anonymous';

export interface HostileWorld {
  ctx: TestCtx;
  userIds: { admin: number; enterprise: number; target: number };
  dealId: number;
  problem: { ref: string; attachment: number };
  project: { ref: string; attachment: number };
  tokenId: number;
  webhook: WebhookRows;
  /** an open import conflict (a field the firm edited that an import did not overwrite) */
  conflictId: number;
  routes: { method: string; pattern: string }[];
}

export async function hostileWorld(): Promise<HostileWorld> {
  const ctx = await testApp();
  const w = loadWorld(ctx);
  const admin = await signIn(ctx, 'admin');
  const enterprise = await signIn(ctx, 'enterprise', { enterpriseId: w.firmA });
  // The admin pages act on this user, so a disable or a role change never ends the sessions the properties sign in with.
  const target = await signIn(ctx, 'enterprise', { enterpriseId: w.firmB });
  const token = ctx.app.accounts.createApiToken({ name: 'hostile', role: 'official', enterpriseId: null, createdBy: null }, ctx.clock.now());
  const sqlite = ctx.database.sqlite;
  const dealId = Number(sqlite.prepare(`insert into deals (component_id, buyer_id, supplier_id, created_at, updated_at)
    values ((select id from components where ref = 'CA'), ?, ?, 0, 0)`).run(w.firmA, w.supplier).lastInsertRowid);
  const problemId = Number(sqlite.prepare(`insert into problems (ref, enterprise_id, category, title, description, chain_id, created_at, updated_at)
    values ('WT-2026-0001', ?, 'land', '用地', '扩建用地', 'auto', 0, 0)`).run(w.firmA).lastInsertRowid);
  const attachment = Number(sqlite.prepare(`insert into problem_attachments (problem_id, file_name, mime_type, size, sha256, data, created_at)
    values (?, 'a.pdf', 'application/pdf', 5, '', ?, 0)`).run(problemId, Buffer.from('%PDF-')).lastInsertRowid);
  const conflictId = Number(sqlite.prepare(`insert into import_conflicts (enterprise_id, field, old_value, firm_value, imported_value, created_at)
    values (?, 'contactName', '"甲经理"', '"甲经理（采购）"', '"王五"', 0)`).run(w.firmA).lastInsertRowid);
  const routes = ctx.app.registeredRoutes.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method])
    .filter((m) => m !== 'HEAD').map((method) => ({ method, pattern: r.url })));
  const project = attractionProject(ctx, 'ZS-2026-0001', 'auto');
  return { ctx, userIds: { admin: admin.userId, enterprise: enterprise.userId, target: target.userId }, dealId, problem: { ref: 'WT-2026-0001', attachment }, project, tokenId: token.id,
    webhook: webhookRows(ctx), conflictId, routes };
}

/** The route's URL with real objects of firm A in its parameters; throws for a parameter it does not know, so a new route gets one. */
export function realUrl(pattern: string, w: HostileWorld): string {
  const url = pattern
    .replace('/attraction/projects/:ref/attachments/:id', `/attraction/projects/${w.project.ref}/attachments/${w.project.attachment}`)
    .replace('/attraction/projects/:ref', `/attraction/projects/${w.project.ref}`)
    .replace('/static/*', '/static/app.css')
    .replace(':uscc', FIRM_A)
    .replace('/components/:ref', '/components/CA')
    .replace('/problems/:ref', `/problems/${w.problem.ref}`)
    .replace('/attachments/:id', `/attachments/${w.problem.attachment}`)
    .replace(':chain', 'auto')
    .replace('/listings/:ref', '/listings/LA')
    .replace('/admin/import/conflicts/:id', `/admin/import/conflicts/${w.conflictId}`)
    .replace(':kind', 'components')
    .replace(':ext', 'csv')
    .replace('/admin/users/:id', `/admin/users/${w.userIds.target}`)
    .replace('/admin/tokens/:id', `/admin/tokens/${w.tokenId}`)
    .replace('/webhooks/deliveries/:id', `/webhooks/deliveries/${w.webhook.deliveryId}`)
    .replace('/webhooks/:id', `/webhooks/${w.webhook.endpointId}`)
    .replace(':token', 'not-a-real-invitation')
    .replace('/deals/:id', `/deals/${w.dealId}`)
    .replace(':file', 'htmx.min.js');
  if (/[:*]/.test(url)) throw new Error(`hostile tests: no real value for a parameter of ${pattern} (add one in realUrl)`);
  return url;
}

/** Cookie and CSRF header for a fresh session (a logout in an earlier run must not spoil the next) or a visitor. */
export function credentials(w: HostileWorld, who: Who): Record<string, string> {
  if (who === 'anonymous') {
    const visitor = 'hostile-visitor';
    return { cookie: `llt_visitor=${visitor}`, 'x-csrf-token': hmac(w.ctx.app.deps.config.sessionSecret, `visitor:${visitor}`) };
  }
  const { token, csrfToken } = w.ctx.app.accounts.createSession(w.userIds[who], w.ctx.clock.now(), { ip: '127.0.0.1', userAgent: 'hostile' });
  return { cookie: `llt_session=${token}`, 'x-csrf-token': csrfToken };
}

/** What a body must never show: a stack frame, a source file, the machine's paths. */
export function leak(body: string): string | null {
  const patterns = [/^\s*at \S.*:\d+:\d+\)?\s*$/m, /\bat (?:async )?[\w$.<>]+ \((?:file:|node:|\/)/, /[\w-]+\.(?:ts|js|mjs|cjs):\d+/, /node_modules/, /file:\/\//, /\/work\//, /\/tmp\//];
  for (const p of patterns) {
    const m = p.exec(body);
    if (m) return m[0];
  }
  return null;
}

/**
 * One hash per table. Left out, because a refused request writes them on purpose: a refused
 * login's audit row, a failed import's run record and its audit row, a stored idempotent answer, and the
 * last-seen times that reading with a session or token moves. Also left out: the background lease's
 * expiry, which its holder renews every few seconds whatever is asked, and an import preview waiting
 * for its click (a preview writes no data, but its pending upload waits in the database for any worker).
 */
const VOLATILE: Record<string, string> = {
  audit_log: `select * from audit_log where action not like 'login.%' and action <> 'import.refused' order by id`,
  import_runs: 'select * from import_runs where ok = 1 order by id',
  idempotency_keys: 'select 1 where 0',
  sessions: 'select token_hash, user_id, csrf_token, created_at, expires_at from sessions order by token_hash',
  api_tokens: 'select id, token_hash, name, role, enterprise_id, revoked_at from api_tokens order by id',
  leases: 'select name, holder from leases order by name',
  import_previews: 'select 1 where 0',
};

export function tableChecksums(w: HostileWorld): Record<string, string> {
  const sqlite = w.ctx.database.sqlite;
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\' order by name`).pluck().all() as string[];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const rows = sqlite.prepare(VOLATILE[t] ?? `select * from "${t}"`).raw().all();
    out[t] = createHash('sha1').update(JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v))).digest('hex');
  }
  return out;
}

/** Tables whose checksum differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
