import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { loadWorld } from './world.ts';
import { hashPassword, passwordProblem, PRODUCTION_COST, verifyPassword } from '../../server/auth/passwords.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../server/auth/accounts.ts';

let ctx: TestCtx;
beforeEach(async () => { ctx = await testApp(); loadWorld(ctx); });
afterEach(async () => { await ctx.close(); });

const q = <T>(sql: string, ...args: unknown[]) => ctx.database.sqlite.prepare(sql).all(...args) as T[];

async function visitor() {
  const page = await ctx.app.inject({ method: 'GET', url: '/login' });
  return { cookie: String(page.headers['set-cookie']).split(';')[0]!, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

async function login(username: string, password: string, extra: Record<string, string> = {}) {
  const v = await visitor();
  return ctx.app.inject({ method: 'POST', url: '/login', headers: { cookie: [v.cookie, extra.cookie].filter(Boolean).join('; ') },
    payload: { username, password, _csrf: v.token, next: extra.next ?? '/me' } });
}

const sessionCookie = (res: { headers: Record<string, unknown> }) =>
  ([res.headers['set-cookie']].flat() as string[]).find((c) => c.startsWith('llt_session='))!;

async function officialUser(username = 'zhang.official', password = 'a long enough passphrase') {
  await ctx.app.accounts.createUser({ username, displayName: '张', role: 'official', enterpriseId: null, password }, ctx.clock.now());
}

describe('passwords', () => {
  it('hash with scrypt at N=2^17, r=8, p=1 and verify only the right passphrase', async () => {
    const hash = await hashPassword('correct horse battery staple 襄阳', PRODUCTION_COST);
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery staple 襄阳', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
  });

  it('accept long passphrases and refuse short, trivial or name-bearing ones', () => {
    expect(passwordProblem('short')).toContain('至少 12 个字符');
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toContain('过于简单');
    expect(passwordProblem('zhang-is-my-password', 'zhang')).toContain('用户名');
    expect(passwordProblem('我在襄阳高新区做压铸已经二十年了 and counting'.repeat(3))).toBeNull();
    expect(passwordProblem('x'.repeat(257))).toContain('不能超过 256');
  });
});

describe('login and sessions', () => {
  it('logs in with a new server-side session and a HttpOnly, SameSite=Lax cookie; audits success and failure', async () => {
    await officialUser();
    const bad = await login('zhang.official', 'not the passphrase');
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('用户名或密码错误');
    const ok = await login('zhang.official', 'a long enough passphrase');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/me');
    const cookie = sessionCookie(ok);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = cookie.split(';')[0]!.split('=')[1]!;
    expect(q<{ n: number }>('select count(*) as n from sessions')[0]!.n).toBe(1);
    expect(q<{ token_hash: string }>('select token_hash from sessions')[0]!.token_hash).not.toBe(token);
    expect(q<{ action: string }>(`select action from audit_log where action like 'login.%' order by id`).map((r) => r.action)).toEqual(['login.failure', 'login.success']);
  });

  it('gives a new session id at login and ends the old one', async () => {
    await officialUser();
    const first = sessionCookie(await login('zhang.official', 'a long enough passphrase')).split(';')[0]!;
    const form = await ctx.app.inject({ method: 'GET', url: '/login', headers: { cookie: first } });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const second = await ctx.app.inject({ method: 'POST', url: '/login', headers: { cookie: first }, payload: { username: 'zhang.official', password: 'a long enough passphrase', _csrf: token } });
    expect(second.statusCode).toBe(303);
    expect(sessionCookie(second).split(';')[0]).not.toBe(first);
    const withOld = await ctx.app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: first } });
    expect(withOld.statusCode).toBe(303);
    expect(q('select * from sessions')).toHaveLength(1);
  });

  it('backs off failures per account and address with 429 and Retry-After, and audits the refusal', async () => {
    await officialUser();
    for (let i = 0; i < 3; i++) expect((await login('zhang.official', `wrong ${i} passphrase`)).statusCode).toBe(401);
    const blocked = await login('zhang.official', 'a long enough passphrase');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(q(`select * from audit_log where action = 'login.blocked'`)).toHaveLength(1);
    ctx.clock.set(ctx.clock.now() + 16 * 60_000);
    expect((await login('zhang.official', 'a long enough passphrase')).statusCode).toBe(303);
  });

  it('rate-limits failures per address across accounts', async () => {
    for (let i = 0; i < 30; i++) await login(`someone${i}`, 'wrong passphrase here');
    expect((await login('someone-else', 'wrong passphrase here')).statusCode).toBe(429);
  });

  it('invalidates the session on the server at logout', async () => {
    const s = await signIn(ctx, 'official');
    expect((await ctx.app.inject({ method: 'POST', url: '/logout', headers: s.headers })).statusCode).toBe(303);
    expect(q('select * from sessions')).toHaveLength(0);
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/audit', headers: s.headers })).statusCode).toBe(303);
  });

  it('expires a session after 30 idle minutes and after 12 hours in all', async () => {
    const admin = await signIn(ctx, 'admin');
    const get = () => ctx.app.inject({ method: 'GET', url: '/admin/users', headers: admin.headers });
    ctx.clock.set(ctx.clock.now() + SESSION_IDLE_MS - 60_000);
    expect((await get()).statusCode).toBe(200);
    ctx.clock.set(ctx.clock.now() + SESSION_IDLE_MS + 1);
    expect((await get()).statusCode).toBe(303);

    const busy = await signIn(ctx, 'admin');
    const start = ctx.clock.now();
    while (ctx.clock.now() - start < SESSION_ABSOLUTE_MS - 20 * 60_000) {
      ctx.clock.set(ctx.clock.now() + 20 * 60_000);
      expect((await ctx.app.inject({ method: 'GET', url: '/admin/users', headers: busy.headers })).statusCode).toBe(200);
    }
    ctx.clock.set(start + SESSION_ABSOLUTE_MS);
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/users', headers: busy.headers })).statusCode).toBe(303);
  });

  it('ends every session of a user an admin disables, and refuses their login', async () => {
    const admin = await signIn(ctx, 'admin');
    await officialUser('li.official', 'li official passphrase');
    const li = ctx.app.accounts.findUser('li.official')!;
    const liSession = ctx.app.accounts.createSession(li.id, ctx.clock.now(), { ip: '', userAgent: '' });
    const res = await ctx.app.inject({ method: 'POST', url: `/admin/users/${li.id}/disable`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(q('select * from sessions where user_id = ?', li.id)).toHaveLength(0);
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/audit', headers: { cookie: `llt_session=${liSession.token}` } })).statusCode).toBe(303);
    expect((await login('li.official', 'li official passphrase')).statusCode).toBe(401);
    const audit = q<{ before: string; after: string }>(`select before, after from audit_log where action = 'user.disable'`)[0]!;
    expect(JSON.parse(audit.before).disabledAt).toBeNull();
    expect(JSON.parse(audit.after).disabledAt).toBe(ctx.clock.now());
  });

  it('does not redirect to another site after login', async () => {
    await officialUser();
    const res = await login('zhang.official', 'a long enough passphrase', { next: '//evil.example/' });
    expect(res.headers.location).toBe('/');
  });
});

describe('forgery protection and headers', () => {
  it('refuses a state change without the CSRF token, with a wrong one, or from another origin', async () => {
    const admin = await signIn(ctx, 'admin');
    const body = { username: 'x.user', displayName: 'X', role: 'official' };
    const none = await ctx.app.inject({ method: 'POST', url: '/admin/users', headers: { cookie: admin.headers.cookie }, payload: body });
    expect(none.statusCode).toBe(403);
    const wrong = await ctx.app.inject({ method: 'POST', url: '/admin/users', headers: { cookie: admin.headers.cookie, 'x-csrf-token': 'forged' }, payload: body });
    expect(wrong.statusCode).toBe(403);
    const crossSite = await ctx.app.inject({ method: 'POST', url: '/admin/users', headers: { ...admin.headers, origin: 'https://evil.example' }, payload: body });
    expect(crossSite.statusCode).toBe(403);
    expect(q('select * from users where username = ?', 'x.user')).toHaveLength(0);
    const ok = await ctx.app.inject({ method: 'POST', url: '/admin/users', headers: { ...admin.headers, origin: 'http://localhost:80' }, payload: body });
    expect(ok.statusCode).toBe(201);
  });

  it('puts the token where htmx sends it and sets a strict CSP and other security headers', async () => {
    const admin = await signIn(ctx, 'admin');
    const page = await ctx.app.inject({ method: 'GET', url: '/admin/users', headers: admin.headers });
    expect(page.body).toContain(`hx-headers="{&quot;X-CSRF-Token&quot;:&quot;${admin.csrf}&quot;}"`);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.body).not.toMatch(/\sstyle="/);
  });
});

describe('invitations and API tokens', () => {
  it('an admin invites a user who sets a passphrase once and is signed in', async () => {
    const admin = await signIn(ctx, 'admin');
    const created = await ctx.app.inject({ method: 'POST', url: '/admin/users', headers: admin.headers,
      payload: { username: 'wang.buyer', displayName: '王', role: 'procurement', enterprise: '' } });
    expect(created.statusCode).toBe(422);
    expect(created.body).toContain('企业用户和链主采购必须绑定一家企业');
    const firmA = q<{ uscc: string }>(`select uscc from enterprises where name = '襄阳甲汽车有限公司'`)[0]!.uscc;
    const supplier = q<{ uscc: string }>(`select uscc from enterprises where tier = 'specialized'`)[0]!.uscc;
    const notLeader = await ctx.app.inject({ method: 'POST', url: '/admin/users', headers: admin.headers, payload: { username: 'wang.buyer', displayName: '王', role: 'procurement', enterprise: supplier } });
    expect(notLeader.body).toContain('链主采购只能绑定链主企业');
    const ok = await ctx.app.inject({ method: 'POST', url: '/admin/users', headers: admin.headers, payload: { username: 'wang.buyer', displayName: '王', role: 'procurement', enterprise: firmA } });
    expect(ok.statusCode).toBe(201);
    const link = /\/invite\/([\w-]+)/.exec(ok.body)![1]!;
    const v = await visitor();
    const weak = await ctx.app.inject({ method: 'POST', url: `/invite/${link}`, headers: { cookie: v.cookie }, payload: { _csrf: v.token, password: 'short', confirm: 'short' } });
    expect(weak.statusCode).toBe(400);
    const set = await ctx.app.inject({ method: 'POST', url: `/invite/${link}`, headers: { cookie: v.cookie }, payload: { _csrf: v.token, password: 'buyer passphrase 2026', confirm: 'buyer passphrase 2026' } });
    expect(set.statusCode).toBe(303);
    expect(sessionCookie(set)).toBeTruthy();
    const used = await ctx.app.inject({ method: 'GET', url: `/invite/${link}` });
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('<h1>链接已失效</h1>');
    expect((await login('wang.buyer', 'buyer passphrase 2026')).statusCode).toBe(303);
  });

  it('stores API tokens hashed, answers 401 without or with a bad or revoked token', async () => {
    const admin = await signIn(ctx, 'admin');
    const created = await ctx.app.inject({ method: 'POST', url: '/admin/tokens', headers: admin.headers, payload: { name: 'city data platform', role: 'admin' } });
    expect(created.statusCode).toBe(201);
    const token = /<div class="secret">(llt_[\w-]+)<\/div>/.exec(created.body)![1]!;
    expect(q<{ token_hash: string }>('select token_hash from api_tokens')[0]!.token_hash).not.toContain(token);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const audit = await ctx.app.inject({ method: 'GET', url: '/admin/audit', headers: bearer(token) });
    expect(audit.statusCode).toBe(200);
    // the log speaks words: the action, the object and the fields set, not codes and JSON
    expect(audit.body).toMatch(/<td[^>]*title="token\.create"[^>]*>接口令牌新建<\/td>/);
    expect(audit.body).toMatch(/<td[^>]*>接口令牌 \d+<\/td>/);
    expect(audit.body).not.toContain('<code class="json">');
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/audit', headers: bearer('llt_nope') })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/audit', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
    const id = q<{ id: number }>('select id from api_tokens')[0]!.id;
    await ctx.app.inject({ method: 'POST', url: `/admin/tokens/${id}/revoke`, headers: admin.headers });
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/audit', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('a token of a role that does not fit gets 403', async () => {
    const { token } = ctx.app.accounts.createApiToken({ name: 'erp', role: 'enterprise', enterpriseId: 1, createdBy: null }, ctx.clock.now());
    const res = await ctx.app.inject({ method: 'GET', url: '/admin/users', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(403);
  });
});
