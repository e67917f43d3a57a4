/** Behind a TLS reverse proxy: TRUST_PROXY and PUBLIC_ORIGIN. */
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { ConfigError, loadConfig, type Config } from '../../server/config.ts';

let ctx: TestCtx;
afterEach(async () => { await ctx?.close(); });

const PUBLIC = 'https://llt.example.gov.cn';
// The proxy forwards the client and the protocol but not the host: the Origin check must know PUBLIC_ORIGIN itself.
const PROXY = { 'x-forwarded-proto': 'https' };

async function withUser(config: Partial<Config>) {
  ctx = await testApp({ config });
  await ctx.app.accounts.createUser({ username: 'zhang.official', displayName: '张', role: 'official', enterpriseId: null, password: 'a long enough passphrase' }, ctx.clock.now());
}

async function login(client: string, password = 'a long enough passphrase', extra: Record<string, string> = {}) {
  const headers = { ...PROXY, 'x-forwarded-for': client, ...extra };
  const page = await ctx.app.inject({ method: 'GET', url: '/login', headers });
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return ctx.app.inject({ method: 'POST', url: '/login', headers: { ...headers, cookie }, payload: { username: 'zhang.official', password, _csrf: token } });
}

const setCookies = (res: { headers: Record<string, unknown> }) => [res.headers['set-cookie']].flat().filter(Boolean) as string[];

describe('configuration', () => {
  it('reads TRUST_PROXY as off, a hop count or a list of proxy addresses, and refuses "trust everyone"', () => {
    const dir = { DATA_DIR: '/tmp/llt-config-test' };
    expect(loadConfig(dir).trustProxy).toBe(false);
    expect(loadConfig({ ...dir, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...dir, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ ...dir, TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...dir, TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ ...dir, PUBLIC_ORIGIN: 'https://LLT.example.gov.cn/' }).publicOrigin).toBe(PUBLIC);
    expect(() => loadConfig({ ...dir, PUBLIC_ORIGIN: 'https://llt.example.gov.cn/app' })).toThrow(/PUBLIC_ORIGIN/);
  });
});

describe('behind a trusted proxy', () => {
  it('sees the real client address in sessions, the audit log and the rate limit', async () => {
    await withUser({ trustProxy: ['127.0.0.1'], publicOrigin: PUBLIC });
    expect((await login('203.0.113.5')).statusCode).toBe(303);
    expect(ctx.database.sqlite.prepare('select ip from sessions').pluck().get()).toBe('203.0.113.5');
    expect(ctx.database.sqlite.prepare(`select ip from audit_log where action = 'login.success'`).pluck().get()).toBe('203.0.113.5');
    for (let i = 0; i < 3; i++) expect((await login('198.51.100.66', `wrong guess ${i}`)).statusCode).toBe(401);
    expect((await login('198.51.100.66')).statusCode).toBe(429);
    // The guesser's back-off is its own: the owner at another address still gets in.
    expect((await login('203.0.113.5')).statusCode).toBe(303);
  });

  it('marks cookies Secure, sends HSTS and accepts forms from the public https origin', async () => {
    await withUser({ trustProxy: 1, publicOrigin: PUBLIC });
    const res = await login('203.0.113.5', 'a long enough passphrase', { origin: PUBLIC });
    expect(res.statusCode).toBe(303);
    expect(setCookies(res).find((c) => c.startsWith('llt_session='))).toMatch(/; Secure/);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const crossSite = await login('203.0.113.5', 'a long enough passphrase', { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
  });

  it('without TRUST_PROXY ignores X-Forwarded-* (a client cannot pick its address) and sends no HSTS over plain http', async () => {
    await withUser({});
    for (let i = 0; i < 3; i++) await login(`198.51.100.${i}`, `wrong guess ${i}`);
    const res = await login('198.51.100.200');
    expect(res.statusCode).toBe(429);
    expect(ctx.database.sqlite.prepare(`select distinct ip from audit_log`).pluck().all()).toEqual(['127.0.0.1']);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
