/** Logins under concurrency: tries are reserved before hashing, and hashing takes turns (429 beyond the queue). */
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';

let ctx: TestCtx;
afterEach(async () => { await ctx.close(); });

async function visitor() {
  const page = await ctx.app.inject({ method: 'GET', url: '/login' });
  return { cookie: String(page.headers['set-cookie']).split(';')[0]!, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

async function officialUser() {
  await ctx.app.accounts.createUser({ username: 'zhang.official', displayName: '张', role: 'official', enterpriseId: null, password: 'a long enough passphrase' }, ctx.clock.now());
}

const auditCount = (action: string) => ctx.database.sqlite.prepare('select count(*) from audit_log where action = ?').pluck().get(action) as number;

describe('login under concurrency', () => {
  it('gives 40 parallel guesses at one account from one address only the free tries; the rest get 429 before any hashing', async () => {
    ctx = await testApp();
    await officialUser();
    const v = await visitor();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => ctx.app.inject({
      method: 'POST', url: '/login', headers: { cookie: v.cookie }, payload: { username: 'zhang.official', password: `guess number ${i}`, _csrf: v.token },
    })));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(37);
    expect(auditCount('login.failure')).toBe(3);
    expect(auditCount('login.blocked')).toBe(37);
  });

  it('answers 429 with Retry-After when the hashing queue is full, without charging the try to the account', async () => {
    ctx = await testApp({ config: { passwordHashConcurrency: 1 } });
    await officialUser();
    const queue = ctx.app.accounts.hashing;
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const holders = Array.from({ length: 1 + queue.maxWaiting }, () => queue.run(() => held));
    expect([queue.active, queue.queued]).toEqual([1, queue.maxWaiting]);
    const v = await visitor();
    const post = (password: string) => ctx.app.inject({ method: 'POST', url: '/login', headers: { cookie: v.cookie }, payload: { username: 'zhang.official', password, _csrf: v.token } });
    const busy = await post('a long enough passphrase');
    expect(busy.statusCode).toBe(429);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy.body).toContain('登录的人较多');
    expect((await ctx.app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200);
    release();
    await Promise.all(holders);
    for (let i = 0; i < 2; i++) expect((await post(`wrong passphrase ${i}`)).statusCode).toBe(401);
    expect((await post('a long enough passphrase')).statusCode).toBe(303);
  });
});

describe('setting a password while hashing is busy', () => {
  it('answers 429 on the invitation form and keeps the link open', async () => {
    ctx = await testApp({ config: { passwordHashConcurrency: 1 } });
    const { id, invitation } = await ctx.app.accounts.createUser({ username: 'wang.official', displayName: '王', role: 'official', enterpriseId: null }, ctx.clock.now());
    const queue = ctx.app.accounts.hashing;
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const holders = Array.from({ length: 1 + queue.maxWaiting }, () => queue.run(() => held));
    const v = await visitor();
    const post = () => ctx.app.inject({ method: 'POST', url: `/invite/${invitation}`, headers: { cookie: v.cookie },
      payload: { _csrf: v.token, password: 'the chosen passphrase 2026', confirm: 'the chosen passphrase 2026' } });
    const busy = await post();
    expect(busy.statusCode).toBe(429);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy.body).toContain('设置密码的人较多');
    expect(ctx.database.sqlite.prepare('select password_hash from users where id = ?').pluck().get(id)).toBeNull();
    release();
    await Promise.all(holders);
    expect((await post()).statusCode).toBe(303);
  });
});
