/**
 * Every registered route × every role × own/other object. A route missing from the matrix
 * fails the test; so does any 2xx where the matrix says no, and any 401/403 where it says yes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { FIRM_A, FIRM_B, SUPPLIER, loadWorld, webhookRows, type WebhookRows } from './world.ts';
import { attractionProject } from '../attraction/world.ts';

/** 'department': an official bound to a city department without a chain or county scope (department staff). */
type Who = 'anonymous' | 'enterprise' | 'procurement' | 'official' | 'department' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'enterprise', 'procurement', 'official', 'department', 'admin'];
const SIGNED_IN: Who[] = ['enterprise', 'procurement', 'official', 'department', 'admin'];
type Side = 'own' | 'other';

interface Rule { allow: { own: Who[]; other: Who[] }; body?: Record<string, unknown> | ((side: Side) => Record<string, unknown>); headers?: Record<string, string>; query?: (side: Side) => string }
const same = (who: Who[]): Rule['allow'] => ({ own: who, other: who });

const MATRIX: Record<string, Rule> = {
  'GET /': { allow: same(EVERYONE) },
  'GET /static/*': { allow: same(EVERYONE) },
  'GET /vendor/:file': { allow: same(EVERYONE) },
  'GET /enterprises': { allow: same(EVERYONE) },
  'GET /enterprises/:uscc': { allow: same(EVERYONE) },
  'GET /listings': { allow: same(EVERYONE) },
  'GET /listings/:ref': { allow: same(EVERYONE) },
  'GET /search': { allow: same(EVERYONE) },
  'GET /search/firm-names': { allow: same(EVERYONE), query: () => '?near=襄阳' },
  'GET /api/search': { allow: same(EVERYONE) },
  'GET /api/openapi.json': { allow: same(EVERYONE) },
  'GET /api/docs': { allow: same(EVERYONE) },
  'GET /api/deals': { allow: same(SIGNED_IN) },
  'GET /api/metrics/near-site/breakdown': { allow: same(['procurement', 'official', 'admin']), query: () => '?by=chain' },
  'GET /api/enterprises': { allow: same(EVERYONE) },
  'GET /api/enterprises/:uscc': { allow: same(EVERYONE) },
  'PATCH /api/enterprises/:uscc': { allow: { own: ['enterprise', 'admin'], other: ['admin'] }, body: { version: 1, name: '改名' } },
  'GET /api/listings/:ref': { allow: same(EVERYONE) },
  'GET /api/enterprises/:uscc/listings': { allow: same(EVERYONE) },
  'POST /api/listings': { allow: same(['enterprise', 'procurement', 'admin']), body: { kind: 'supply', title: '供应', valid_until: '2027-01-01' } },
  'PATCH /api/listings/:ref': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] }, body: { version: 1, title: '改' } },
  'POST /api/listings/:ref/renew': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] }, body: { valid_until: '2027-12-01', version: 1 } },
  'POST /api/listings/:ref/close': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] }, body: { version: 1 } },
  'GET /api/enterprises/:uscc/components': { allow: { own: ['procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'GET /api/components/:ref': { allow: { own: ['procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'POST /api/components': { allow: same(['procurement', 'admin']), body: { name: '新件', chain: 'auto', annual_value_wan: 5 } },
  'PATCH /api/components/:ref': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: { version: 1, name: '改' } },
  'POST /api/components/bulk': { allow: same(['procurement', 'admin']), body: { components: [{ ref: 'MX-1', name: '件', annual_value_wan: 1 }] } },
  'GET /api/problems': { allow: same(SIGNED_IN) },
  'GET /api/problems/:ref': { allow: { own: ['enterprise', 'procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'POST /api/problems': { allow: same(['enterprise', 'procurement', 'admin']), body: { category: 'land', title: '用地', description: '扩建用地' } },
  'GET /login': { allow: same(EVERYONE) },
  'POST /login': { allow: same(EVERYONE), body: { username: 'matrix.login', password: 'matrix-login-passphrase' } },
  'POST /logout': { allow: same(SIGNED_IN) },
  'GET /invite/:token': { allow: same(EVERYONE) },
  'POST /invite/:token': { allow: same(EVERYONE), body: { password: 'x', confirm: 'x' } },
  'GET /admin/import': { allow: same(['admin']) },
  'POST /admin/import': { allow: same(['admin']) },
  'POST /admin/import/preview': { allow: same(['admin']) },
  'POST /admin/import/commit': { allow: same(['admin']), body: { token: 'not-a-real-preview' } },
  'GET /admin/import/conflicts': { allow: same(['admin']) },
  'GET /admin/lexicon': { allow: same(['admin']) },
  'POST /admin/lexicon/terms': { allow: same(['admin']), body: { kind: 'process', term: '矩阵测试工艺', newLabel: '矩阵测试' } },
  'GET /admin/import/templates/:kind/:ext': { allow: same(['admin']) },
  'GET /components/import/template.:ext': { allow: same(['procurement']) },
  'POST /admin/import/conflicts/:id': { allow: same(['admin']), body: { choice: 'firm' } },
  'GET /admin/users': { allow: same(['admin']) },
  'POST /admin/users': { allow: same(['admin']), body: { username: 'new.user', displayName: '新用户', role: 'official' } },
  'GET /admin/users/:id': { allow: same(['admin']) },
  'POST /admin/users/:id': { allow: same(['admin']), body: { role: 'official' } },
  'POST /admin/users/:id/disable': { allow: same(['admin']) },
  'POST /admin/users/:id/enable': { allow: same(['admin']) },
  'POST /admin/users/:id/invite': { allow: same(['admin']) },
  'GET /admin/tokens': { allow: same(['admin']) },
  'POST /admin/tokens': { allow: same(['admin']), body: { name: 'erp', role: 'official' } },
  'POST /admin/tokens/:id/revoke': { allow: same(['admin']) },
  'GET /admin/audit': { allow: same(['admin']) },
  'GET /admin/webhooks': { allow: same(['admin']) },
  'POST /admin/webhooks': { allow: same(['admin']), body: { url: 'https://erp.example.com/hook', role: 'admin', events: 'deal.stage_changed' } },
  'POST /admin/webhooks/:id/disable': { allow: same(['admin']) },
  'GET /admin/webhooks/:id': { allow: same(['admin']) },
  'GET /admin/webhooks/deliveries/:id': { allow: same(['admin']) },
  'POST /admin/webhooks/deliveries/:id/replay': { allow: same(['admin']) },
  'GET /api/webhooks': { allow: same(['admin']) },
  'POST /api/webhooks': { allow: same(['admin']), body: { url: 'https://erp.example.com/hook', role: 'admin', events: ['deal.stage_changed'] } },
  'POST /api/webhooks/:id/disable': { allow: same(['admin']) },
  'GET /api/webhooks/:id/deliveries': { allow: same(['admin']) },
  'POST /api/webhooks/deliveries/:id/replay': { allow: same(['admin']) },
  'POST /api/deals': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: (side) => ({ component_ref: side === 'own' ? 'CA' : 'CB', supplier_uscc: SUPPLIER }) },
  'POST /api/deals/:id/transitions': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: { to: 'contacted' } },
  'GET /api/deals/:id': { allow: { own: ['procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'GET /api/metrics/near-site': { allow: { own: ['procurement', 'official', 'admin'], other: ['official', 'admin'] }, query: (side) => `?year=2026&buyer_uscc=${side === 'own' ? FIRM_A : FIRM_B}` },
  'GET /inbox': { allow: same(SIGNED_IN) },
  'POST /inbox/read': { allow: same(SIGNED_IN) },
  'GET /components': { allow: same(['procurement', 'official', 'admin']) },
  'GET /components/import': { allow: same(['procurement']) },
  'POST /components/import': { allow: same(['procurement']) },
  'GET /components/new': { allow: same(['procurement', 'admin']) },
  'POST /components/new': { allow: same(['procurement', 'admin']), body: { name: '新件' } },
  'GET /components/:ref': { allow: { own: ['procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'GET /components/:ref/edit': { allow: { own: ['procurement', 'admin'], other: ['admin'] } },
  'POST /components/:ref/edit': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: { name: '改', version: 1 } },
  'POST /components/:ref/marks': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: { uscc: SUPPLIER, reason: 'capacity', note: '矩阵' } },
  'POST /components/:ref/marks/delete': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: { uscc: SUPPLIER } },
  'POST /components/:ref/deals': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: { supplier_uscc: SUPPLIER } },
  'GET /api/components/:ref/matches': { allow: { own: ['procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'GET /api/listings/:ref/matches': { allow: same(SIGNED_IN) },
  'POST /listings/:ref/deals': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] }, body: { supplier_uscc: SUPPLIER } },
  'GET /deals': { allow: same(SIGNED_IN) },
  'GET /deals/:id': { allow: { own: ['procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'POST /deals/:id/move': { allow: { own: ['procurement', 'admin'], other: ['admin'] }, body: { to: 'contacted', version: 1 } },
  'GET /dashboard': { allow: same(['official', 'admin']) },
  'GET /dashboard/near-site': { allow: same(['official', 'admin']) },
  'GET /reports/quarterly.xlsx': { allow: same(['official', 'admin']) },
  'GET /reports/quarterly.csv': { allow: same(['official', 'admin']) },
  'GET /ws': { allow: same(SIGNED_IN), headers: { origin: 'http://localhost:80' } },
  'GET /me': { allow: same(['enterprise', 'procurement']) },
  'GET /enterprises/:uscc/edit': { allow: { own: ['enterprise', 'admin'], other: ['admin'] } },
  'POST /enterprises/:uscc/edit': { allow: { own: ['enterprise', 'admin'], other: ['admin'] }, body: { name: '改名', version: 1 } },
  'GET /listings/new': { allow: same(['enterprise', 'procurement', 'admin']) },
  'POST /listings/new': { allow: same(['enterprise', 'procurement', 'admin']), body: { kind: 'supply', title: '供应', valid_until: '2027-01-01' } },
  'GET /listings/:ref/edit': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] } },
  'POST /listings/:ref/edit': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] }, body: { kind: 'demand', title: '改', valid_until: '2027-01-01', version: 1 } },
  'POST /listings/:ref/renew': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] }, body: { valid_until: '2027-12-01', version: 1 } },
  'POST /listings/:ref/close': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] }, body: { version: 1 } },
  'GET /problems': { allow: same(SIGNED_IN) },
  'GET /problems/new': { allow: same(['enterprise', 'procurement', 'admin']) },
  'POST /problems': { allow: same(['enterprise', 'procurement', 'admin']), body: { category: 'land', title: '用地', description: '扩建用地', firm: FIRM_A } },
  'GET /problems/stats': { allow: same(['official', 'department', 'admin']) },
  'GET /problems/:ref': { allow: { own: ['enterprise', 'procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'POST /problems/:ref/transitions': { allow: { own: ['official', 'admin'], other: ['official', 'admin'] }, body: { action: 'assign', department: 'jxj', deadline: '2026-12-31', version: 1 } },
  'POST /problems/:ref/attachments': { allow: { own: ['enterprise', 'procurement', 'admin'], other: ['admin'] } },
  'GET /problems/:ref/attachments/:id': { allow: { own: ['enterprise', 'procurement', 'official', 'admin'], other: ['official', 'admin'] } },
  'GET /dispatch': { allow: same(['official', 'department', 'admin']) },
  'GET /dispatch/:chain': { allow: same(['official', 'admin']) },
  'GET /dispatch/:chain/export': { allow: same(['official', 'admin']), query: () => '?format=csv' },
  'GET /attraction': { allow: same(['procurement', 'official', 'admin']) },
  'GET /api/attraction/targets': { allow: same(['procurement', 'official', 'admin']) },
  'GET /attraction/projects': { allow: same(['official', 'department', 'admin']) },
  'GET /attraction/projects/new': { allow: same(['official', 'admin']) },
  'POST /attraction/projects': { allow: same(['official', 'admin']), body: { title: '引进电镀产能', chain: 'auto', responsible_name: '赵科长', department: 'jxj', gap_description: '缺汽车级电镀' } },
  'GET /attraction/projects/:ref': { allow: { own: ['official', 'department', 'admin'], other: ['official', 'admin'] } },
  'POST /attraction/projects/:ref/transitions': { allow: { own: ['official', 'department', 'admin'], other: ['official', 'admin'] }, body: { to: 'negotiating' } },
  'POST /attraction/projects/:ref/notes': { allow: { own: ['official', 'department', 'admin'], other: ['official', 'admin'] }, body: { note: '企业来襄考察' } },
  'POST /attraction/projects/:ref/attachments': { allow: { own: ['official', 'department', 'admin'], other: ['official', 'admin'] } },
  'GET /attraction/projects/:ref/attachments/:id': { allow: { own: ['official', 'department', 'admin'], other: ['official', 'admin'] } },
  'GET /attraction/cultivation': { allow: same(['official', 'admin']) },
  'GET /attraction/cultivation.xlsx': { allow: same(['official', 'admin']) },
  'GET /dashboard/what-if': { allow: same(['official', 'admin']) },
  'GET /chains': { allow: same(['procurement', 'official', 'admin']) },
  'GET /chains/:chain': { allow: same(['procurement', 'official', 'admin']) },
};

interface Fixture {
  ctx: TestCtx; users: Record<Exclude<Who, 'anonymous'>, Session>; targetUserId: number; tokenId: number; deals: Record<Side, number>; webhook: WebhookRows;
  problems: Record<Side, { ref: string; attachment: number }>;
  projects: Record<Side, { ref: string; attachment: number }>;
}

async function fixture(): Promise<Fixture> {
  const ctx = await testApp();
  const w = loadWorld(ctx);
  await ctx.app.accounts.createUser({ username: 'matrix.login', displayName: 'm', role: 'official', enterpriseId: null, password: 'matrix-login-passphrase' }, ctx.clock.now());
  const users = {
    enterprise: await signIn(ctx, 'enterprise', { enterpriseId: w.firmA }),
    procurement: await signIn(ctx, 'procurement', { enterpriseId: w.firmA }),
    official: await signIn(ctx, 'official'),
    department: await signIn(ctx, 'official'),
    admin: await signIn(ctx, 'admin'),
  };
  // Another department than the one the transitions row assigns cases to: this staff member has no side in them
  // (and the department responsible for the own side's attraction project).
  ctx.database.sqlite.prepare(`update users set department_id = 'gdj' where id = ?`).run(users.department.userId);
  const target = await signIn(ctx, 'enterprise', { enterpriseId: w.firmB });
  const token = ctx.app.accounts.createApiToken({ name: 't', role: 'official', enterpriseId: null, createdBy: null }, ctx.clock.now());
  const deal = (ref: string, buyer: number) => Number(ctx.database.sqlite.prepare(`insert into deals (component_id, buyer_id, supplier_id, created_at, updated_at)
    values ((select id from components where ref = ?), ?, ?, 0, 0)`).run(ref, buyer, w.supplier).lastInsertRowid);
  const problem = (ref: string, firm: number, chain: string) => {
    const id = Number(ctx.database.sqlite.prepare(`insert into problems (ref, enterprise_id, category, title, description, chain_id, created_at, updated_at)
      values (?, ?, 'land', '用地', '扩建用地', ?, 0, 0)`).run(ref, firm, chain).lastInsertRowid);
    const attachment = Number(ctx.database.sqlite.prepare(`insert into problem_attachments (problem_id, file_name, mime_type, size, sha256, data, created_at)
      values (?, 'a.pdf', 'application/pdf', 5, '', ?, 0)`).run(id, Buffer.from('%PDF-')).lastInsertRowid);
    return { ref, attachment };
  };
  return { ctx, users, targetUserId: target.userId, tokenId: token.id, deals: { own: deal('CA', w.firmA), other: deal('CB', w.firmB) }, webhook: webhookRows(ctx),
    problems: { own: problem('WT-2026-0001', w.firmA, 'auto'), other: problem('WT-2026-0002', w.firmB, 'equipment') },
    projects: { own: attractionProject(ctx, 'ZS-2026-0001', 'auto', 'gdj'), other: attractionProject(ctx, 'ZS-2026-0002', 'equipment') } };
}

function url(pattern: string, side: Side, f: Fixture): string {
  const own = side === 'own';
  return pattern
    .replace('/attraction/projects/:ref/attachments/:id', `/attraction/projects/${f.projects[side].ref}/attachments/${f.projects[side].attachment}`)
    .replace('/attraction/projects/:ref', `/attraction/projects/${f.projects[side].ref}`)
    .replace(':uscc', own ? FIRM_A : FIRM_B)
    .replace('/components/:ref', `/components/${own ? 'CA' : 'CB'}`)
    .replace('/problems/:ref', `/problems/${f.problems[side].ref}`)
    .replace('/attachments/:id', `/attachments/${f.problems[side].attachment}`)
    .replace(':chain', own ? 'auto' : 'equipment')
    .replace(':ref', own ? 'LA' : 'LB')
    .replace('/admin/import/conflicts/:id', '/admin/import/conflicts/1')
    .replace(':kind', 'enterprises')
    .replace(':ext', 'xlsx')
    .replace('/admin/users/:id', `/admin/users/${f.targetUserId}`)
    .replace('/admin/tokens/:id', `/admin/tokens/${f.tokenId}`)
    .replace('/webhooks/deliveries/:id', `/webhooks/deliveries/${f.webhook.deliveryId}`)
    .replace('/webhooks/:id', `/webhooks/${f.webhook.endpointId}`)
    .replace(':token', 'not-a-real-invitation')
    .replace('/api/deals/:id', `/api/deals/${f.deals[side]}`)
    .replace('/deals/:id', `/deals/${f.deals[side]}`)
    .replace(':file', 'htmx.min.js')
    .replace('/static/*', '/static/app.css');
}

let current: Fixture | undefined;
afterEach(async () => { await current?.ctx.close(); current = undefined; });

describe('authorization matrix', () => {
  it('covers every registered route, and lists no route that does not exist', async () => {
    const ctx = await testApp();
    const registered = new Set(routesOf(ctx));
    await ctx.close();
    expect([...registered].filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !registered.has(k))).toEqual([]);
  });

  for (const [route, rule] of Object.entries(MATRIX)) {
    it(route, async () => {
      current = await fixture();
      const f = current;
      const [method, pattern] = route.split(' ') as [string, string];
      const failures: string[] = [];
      for (const side of ['own', 'other'] as Side[]) {
        for (const who of EVERYONE) {
          const res = await f.ctx.app.inject({
            method: method as 'GET' | 'POST' | 'PATCH', url: url(pattern, side, f) + (rule.query?.(side) ?? ''),
            headers: { ...(await credentials(f, who)), ...rule.headers },
            ...(method !== 'GET' ? { payload: typeof rule.body === 'function' ? rule.body(side) : rule.body ?? {} } : {}),
          });
          const allowed = rule.allow[side].includes(who);
          const s = res.statusCode;
          if (s >= 500) failures.push(`${who}/${side}: ${s}`);
          else if (allowed && (s === 401 || s === 403)) failures.push(`${who}/${side}: expected access, got ${s}`);
          else if (!allowed && !(s === 401 || s === 403 || (s === 303 && who === 'anonymous' && String(res.headers.location).startsWith('/login')))) {
            failures.push(`${who}/${side}: expected 401/403, got ${s}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

/** A fresh session per request (a login or logout must not spoil the next one); a visitor's CSRF pair for anonymous. */
async function credentials(f: Fixture, who: Who): Promise<Record<string, string>> {
  if (who === 'anonymous') {
    const page = await f.ctx.app.inject({ method: 'GET', url: '/login' });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    return { cookie, 'x-csrf-token': token };
  }
  const { token, csrfToken } = f.ctx.app.accounts.createSession(f.users[who].userId, f.ctx.clock.now(), { ip: '127.0.0.1', userAgent: 'matrix' });
  return { cookie: `llt_session=${token}`, 'x-csrf-token': csrfToken };
}

/** The routes the app registered, as 'METHOD /url', HEAD left out. */
function routesOf(ctx: TestCtx): string[] {
  return ctx.app.registeredRoutes.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m) => `${m} ${r.url}`));
}
