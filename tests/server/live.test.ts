import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestCtx } from '../helpers.ts';

let ctx: TestCtx;
beforeEach(async () => { ctx = await testApp(); await ctx.app.ready(); });
afterEach(async () => { await ctx.close(); });

const ORIGIN = 'http://localhost:80';

describe('live updates over WebSocket', () => {
  it('accepts a signed-in session from this site and delivers events chosen by actor', async () => {
    const official = await signIn(ctx, 'official');
    const admin = await signIn(ctx, 'admin');
    const ws = await ctx.app.injectWS('/ws', { headers: { cookie: official.headers.cookie, origin: ORIGIN, host: 'localhost:80' } });
    const other = await ctx.app.injectWS('/ws', { headers: { cookie: admin.headers.cookie, origin: ORIGIN, host: 'localhost:80' } });
    const received = new Promise<string>((resolve) => ws.on('message', (d) => resolve(d.toString())));
    const adminGot: string[] = [];
    other.on('message', (d) => adminGot.push(d.toString()));
    const sent = ctx.app.live.send((a) => a.role === 'official', { type: 'refresh', topic: 'deals' });
    expect(sent).toBe(1);
    expect(JSON.parse(await received)).toEqual({ type: 'refresh', topic: 'deals' });
    expect(adminGot).toEqual([]);
    ws.terminate();
    other.terminate();
  });

  it('refuses a connection without a session or from another origin', async () => {
    await expect(ctx.app.injectWS('/ws', { headers: { origin: ORIGIN, host: 'localhost:80' } })).rejects.toThrow(/401/);
    const official = await signIn(ctx, 'official');
    await expect(ctx.app.injectWS('/ws', { headers: { cookie: official.headers.cookie, origin: 'https://evil.example', host: 'localhost:80' } })).rejects.toThrow(/403/);
    await expect(ctx.app.injectWS('/ws', { headers: { cookie: official.headers.cookie, host: 'localhost:80' } })).rejects.toThrow(/403/);
    expect(ctx.app.live.size).toBe(0);
  });

  it('a notification lands in the inbox, reaches the open page with the unread count, and can be marked read', async () => {
    const buyer = await signIn(ctx, 'official');
    const ws = await ctx.app.injectWS('/ws', { headers: { cookie: buyer.headers.cookie, origin: ORIGIN, host: 'localhost:80' } });
    const received = new Promise<string>((resolve) => ws.on('message', (d) => resolve(d.toString())));
    ctx.app.notifier.notify([buyer.userId], { kind: 'match', title: '新的本地候选', body: '变速器壳体有了新的合格本地供应商', href: '/components/CA' }, ctx.clock.now());
    expect(JSON.parse(await received)).toEqual({ type: 'notification', title: '新的本地候选', body: '变速器壳体有了新的合格本地供应商', href: '/components/CA', unread: 1 });
    ws.terminate();
    const page = await ctx.app.inject({ method: 'GET', url: '/inbox', headers: buyer.headers });
    expect(page.body).toContain('变速器壳体有了新的合格本地供应商');
    expect(page.body).toMatch(/id="inbox-count" class="badge">1</);
    await ctx.app.inject({ method: 'POST', url: '/inbox/read', headers: buyer.headers });
    const after = await ctx.app.inject({ method: 'GET', url: '/inbox', headers: buyer.headers });
    expect(after.body).toMatch(/id="inbox-count" class="badge" hidden>0</);
  });
});
