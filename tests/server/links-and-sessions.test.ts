/** Invitation and reset links end when any of them is used; expired sessions are deleted; logout is audited. */
import { afterEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../server/auth/accounts.ts';

let ctx: TestCtx;
afterEach(async () => { await ctx.close(); });

const sessions = () => ctx.database.sqlite.prepare('select count(*) from sessions').pluck().get() as number;

async function visitor() {
  const page = await ctx.app.inject({ method: 'GET', url: '/login' });
  return { cookie: String(page.headers['set-cookie']).split(';')[0]!, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

async function setPassword(link: string, password: string) {
  const v = await visitor();
  return ctx.app.inject({ method: 'POST', url: `/invite/${link}`, headers: { cookie: v.cookie }, payload: { _csrf: v.token, password, confirm: password } });
}

/** A user with two open links: the invitation, then a reset link an admin sent later. */
async function userWithTwoLinks() {
  const { id, invitation } = await ctx.app.accounts.createUser({ username: 'wang.official', displayName: '王', role: 'official', enterpriseId: null }, ctx.clock.now());
  const reset = ctx.app.accounts.invite(id, ctx.clock.now() + 1000, null);
  return { id, first: invitation!, second: reset };
}

describe('invitation and reset links', () => {
  for (const used of ['second', 'first'] as const) {
    it(`using the ${used} link ends the other one ("链接已失效"), and the password stays the one chosen`, async () => {
      ctx = await testApp();
      const links = await userWithTwoLinks();
      const other = used === 'first' ? links.second : links.first;
      expect((await setPassword(links[used], 'the chosen passphrase 2026')).statusCode).toBe(303);
      const page = await ctx.app.inject({ method: 'GET', url: `/invite/${other}` });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('<h1>链接已失效</h1>');
      const hash = ctx.database.sqlite.prepare('select password_hash from users where id = ?').pluck().get(links.id);
      const late = await setPassword(other, 'an attacker passphrase 99');
      expect(late.statusCode).toBe(410);
      expect(ctx.database.sqlite.prepare('select password_hash from users where id = ?').pluck().get(links.id)).toBe(hash);
      expect(ctx.database.sqlite.prepare('select count(*) from invitations where user_id = ? and used_at is null').pluck().get(links.id)).toBe(0);
    });
  }

  it('a link that never existed is 404, not "expired"', async () => {
    ctx = await testApp();
    const res = await ctx.app.inject({ method: 'GET', url: '/invite/not-a-real-link' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('邀请链接无效');
  });
});

describe('expired sessions', () => {
  it('are deleted when the server starts', async () => {
    ctx = await testApp();
    await signIn(ctx, 'official');
    await signIn(ctx, 'admin');
    ctx.clock.set(ctx.clock.now() + SESSION_IDLE_MS + 1);
    await signIn(ctx, 'official');
    expect(sessions()).toBe(3);
    await ctx.app.ready();
    expect(sessions()).toBe(1);
  });

  it('are deleted periodically while it runs, idle and absolute limits alike', async () => {
    ctx = await testApp({ deps: { sessionPurgeMs: 10 } });
    await ctx.app.ready();
    const idle = await signIn(ctx, 'official');
    const busy = await signIn(ctx, 'admin');
    const start = ctx.clock.now();
    // The busy one stays active (a page every 20 minutes) until its 12 hours are up.
    while (ctx.clock.now() - start < SESSION_ABSOLUTE_MS - 20 * 60_000) {
      ctx.clock.set(ctx.clock.now() + 20 * 60_000);
      expect((await ctx.app.inject({ method: 'GET', url: '/inbox', headers: busy.headers })).statusCode).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(ctx.database.sqlite.prepare('select user_id from sessions').pluck().all()).toEqual([busy.userId]);
    expect(idle.userId).not.toBe(busy.userId);
    ctx.clock.set(start + SESSION_ABSOLUTE_MS);
    await new Promise((r) => setTimeout(r, 50));
    expect(sessions()).toBe(0);
  });
});

describe('logout', () => {
  it('is audited with who and from where', async () => {
    ctx = await testApp();
    const s = await signIn(ctx, 'official', { username: 'li.logout' });
    expect((await ctx.app.inject({ method: 'POST', url: '/logout', headers: s.headers, remoteAddress: '198.51.100.23' })).statusCode).toBe(303);
    const row = ctx.database.sqlite.prepare(`select actor_user_id as userId, actor_label as label, object_id as objectId, ip from audit_log where action = 'logout'`).get();
    expect(row).toEqual({ userId: s.userId, label: 'li.logout', objectId: String(s.userId), ip: '198.51.100.23' });
  });
});
