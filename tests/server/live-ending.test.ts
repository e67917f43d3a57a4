/** A live socket lives no longer than the session or token that opened it. */
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { SESSION_IDLE_MS } from '../../server/auth/accounts.ts';
import { CLOSE_SIGNED_OUT } from '../../server/plugins/live.ts';

let ctx: TestCtx;
afterEach(async () => { await ctx.close(); });

const ORIGIN = 'http://localhost:80';
const open = (headers: Record<string, string>) => ctx.app.injectWS('/ws', { headers: { origin: ORIGIN, host: 'localhost:80', ...headers } });

/** Resolves with the close code, or 'open' when nothing closed it within the wait. */
function closed(ws: WebSocket, waitMs = 1000): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('open'), waitMs);
    ws.on('close', (code) => { clearTimeout(timer); resolve(code); });
  });
}

async function start(opts: Parameters<typeof testApp>[0] = {}) {
  ctx = await testApp(opts);
  await ctx.app.ready();
}

const post = (url: string, s: Session, payload: Record<string, unknown> = {}) => ctx.app.inject({ method: 'POST', url, headers: s.headers, payload });

describe('live sockets end with what opened them', () => {
  it('logout closes the socket and the user gets nothing more', async () => {
    await start();
    const official = await signIn(ctx, 'official');
    const ws = await open({ cookie: official.headers.cookie });
    const got: string[] = [];
    ws.on('message', (d) => got.push(d.toString()));
    const ended = closed(ws);
    expect((await post('/logout', official)).statusCode).toBe(303);
    expect(await ended).toBe(CLOSE_SIGNED_OUT);
    ctx.app.notifier.notify([official.userId], { kind: 'match', title: '新的本地候选', body: '保密内容', href: '/components/CA' }, ctx.clock.now());
    expect(got).toEqual([]);
    expect(ctx.app.live.size).toBe(0);
  });

  it('disabling the user, and changing their role, close their sockets; other users keep theirs', async () => {
    await start();
    const admin = await signIn(ctx, 'admin');
    const a = await signIn(ctx, 'official');
    const b = await signIn(ctx, 'official');
    const other = await signIn(ctx, 'official');
    const [wsA, wsB, wsOther] = await Promise.all([open({ cookie: a.headers.cookie }), open({ cookie: b.headers.cookie }), open({ cookie: other.headers.cookie })]);
    const endedA = closed(wsA);
    const endedB = closed(wsB);
    const otherEnded = closed(wsOther, 300);
    expect((await post(`/admin/users/${a.userId}/disable`, admin)).statusCode).toBe(200);
    expect(await endedA).toBe(CLOSE_SIGNED_OUT);
    expect((await post(`/admin/users/${b.userId}`, admin, { role: 'admin' })).statusCode).toBe(200);
    expect(await endedB).toBe(CLOSE_SIGNED_OUT);
    expect(await otherEnded).toBe('open');
    wsOther.terminate();
  });

  it('revoking an API token closes the socket it opened', async () => {
    await start();
    const admin = await signIn(ctx, 'admin');
    const { id, token } = ctx.app.accounts.createApiToken({ name: 'erp', role: 'official', enterpriseId: null, createdBy: null }, ctx.clock.now());
    const ws = await open({ authorization: `Bearer ${token}` });
    const ended = closed(ws);
    expect((await post(`/admin/tokens/${id}/revoke`, admin)).statusCode).toBe(200);
    expect(await ended).toBe(CLOSE_SIGNED_OUT);
  });

  it('the periodic check closes a socket whose session expired, and one whose account changed behind its back', async () => {
    await start({ deps: { liveRecheckMs: 20 } });
    const idle = await signIn(ctx, 'official');
    const changed = await signIn(ctx, 'official');
    const steady = await signIn(ctx, 'admin');
    const [wsIdle, wsChanged, wsSteady] = await Promise.all([open({ cookie: idle.headers.cookie }), open({ cookie: changed.headers.cookie }), open({ cookie: steady.headers.cookie })]);
    const idleEnded = closed(wsIdle);
    const changedEnded = closed(wsChanged);
    const steadyEnded = closed(wsSteady, 300);
    // Changed straight in the database (another process, an import): only the periodic check can notice.
    ctx.database.sqlite.prepare(`update users set scope_chains = '["auto"]' where id = ?`).run(changed.userId);
    expect(await changedEnded).toBe(CLOSE_SIGNED_OUT);
    expect(await steadyEnded).toBe('open');
    ctx.clock.set(ctx.clock.now() + SESSION_IDLE_MS + 1);
    expect(await idleEnded).toBe(CLOSE_SIGNED_OUT);
    wsSteady.terminate();
  });
});
