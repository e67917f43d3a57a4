import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp } from '../helpers.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;
beforeAll(async () => { ctx = await testApp({ demo: true }); });
afterAll(async () => { await ctx.close(); });

const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
const one = <T>(sql: string, ...args: unknown[]) => ctx.database.sqlite.prepare(sql).pluck().get(...args) as T;

describe('home page', () => {
  it('lists the 13 chains with counts that match the database', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    for (const name of ['汽车产业链', '人工智能产业链', '轨道交通产业链']) expect(res.body).toContain(name);
    const autoFirms = one<number>(`select count(*) from enterprise_chains where chain_id = 'auto'`);
    const autoLeaders = one<number>(`select count(*) from enterprise_chains ec join enterprises e on e.id = ec.enterprise_id where chain_id = 'auto' and tier = 'chain_leader'`);
    const autoComponents = one<number>(`select count(*) from components where chain_id = 'auto'`);
    const card = res.body.slice(res.body.indexOf('href="/enterprises?chain=auto">汽车产业链'));
    const dl = card.slice(0, card.indexOf('</dl>'));
    expect(dl).toContain(`>${autoFirms.toLocaleString('zh-CN')}</a>`);
    expect(dl).toContain(`>${autoLeaders}</a>`);
    expect(dl).toContain(`<dd>${autoComponents}</dd>`);
  });
});

describe('enterprise directory', () => {
  it('filters by chain, region and tier', async () => {
    const expected = ctx.database.sqlite.prepare(`select e.name from enterprises e join enterprise_chains ec on ec.enterprise_id = e.id
      where ec.chain_id = 'aerospace' and e.region_code = '420683'`).pluck().all() as string[];
    expect(expected.length).toBeGreaterThan(0);
    const res = await get('/enterprises?chain=aerospace&region=420683');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`共 ${expected.length} 家企业`);
    for (const name of expected.slice(0, 20)) expect(res.body).toContain(name);
    const leaders = await get('/enterprises?tier=chain_leader');
    const leaderCount = one<number>(`select count(*) from enterprises where tier = 'chain_leader'`);
    expect(leaders.body).toContain(`共 ${leaderCount} 家企业`);
  });

  it('answers an htmx request with the results fragment only', async () => {
    const res = await get('/enterprises?tier=core&page=2', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('<div id="results">')).toBe(true);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('第 2 / ');
  });

  it('refuses a bad filter with the field named', async () => {
    const res = await get('/enterprises?tier=giant');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('tier: 企业类型须为');
    const api = await get('/enterprises?page=0');
    expect(api.statusCode).toBe(400);
  });

  it('shows a profile with the firm\'s own words and its normalised capabilities', async () => {
    const firm = ctx.database.sqlite.prepare(`select uscc, name, processes, certifications from enterprises where processes like '%压铸%' limit 1`).get() as Record<string, string>;
    const res = await get(`/enterprises/${firm.uscc}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(firm.name);
    expect(res.body).toContain(firm.processes);
    expect(res.body).toContain('标准化能力');
    expect(res.body).toContain('>压铸</span>');
    const phone = ctx.database.sqlite.prepare('select contact_phone from enterprises where uscc = ?').pluck().get(firm.uscc) as string;
    expect(res.body).not.toContain(phone);
    expect(res.body).toContain('登录后可见');
    const official = await signIn(ctx, 'official');
    expect((await get(`/enterprises/${firm.uscc}`, official.headers)).body).toContain(phone);
    expect((await get('/enterprises/914206000000000000')).statusCode).toBe(404);
  });
});

describe('listings', () => {
  it('lists only open listings within their validity, newest first, filtered by kind', async () => {
    const today = '2026-11-27';
    const demand = one<number>(`select count(*) from listings where kind = 'demand' and status = 'open' and valid_until >= ?`, today);
    const res = await get('/listings?kind=demand');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`共 ${demand} 条有效信息`);
    const victim = ctx.database.sqlite.prepare(`select ref, kind from listings where kind = 'demand' order by created_at desc, id desc limit 1`).get() as { ref: string };
    expect(res.body).toContain(`/listings/${victim.ref}"`);
    ctx.database.sqlite.prepare(`update listings set valid_until = '2026-11-26' where ref = ?`).run(victim.ref);
    ctx.app.reads.clear(); // written behind the app's back (no feed), as another process would
    const after = await get('/listings?kind=demand');
    expect(after.body).toContain(`共 ${demand - 1} 条有效信息`);
    expect(after.body).not.toContain(`/listings/${victim.ref}"`);
    expect((await get(`/listings/${victim.ref}`)).body).toContain('此信息已过期');
  });

  it('shows a listing with its firm and details', async () => {
    const l = ctx.database.sqlite.prepare(`select l.ref, l.title, l.description, e.name from listings l join enterprises e on e.id = l.enterprise_id limit 1`).get() as Record<string, string>;
    const res = await get(`/listings/${l.ref}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(l.title);
    expect(res.body).toContain(l.name);
    expect(res.body).toContain(l.description);
    expect((await get('/listings/NOPE')).statusCode).toBe(404);
  });
});

describe('assets and errors', () => {
  it('serves htmx and the stylesheet locally', async () => {
    const js = await get('/vendor/htmx.min.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('htmx');
    expect((await get('/static/app.css')).body).toContain('--brand');
    expect((await get('/vendor/evil.js')).statusCode).toBe(404);
  });

  it('escapes what the data says', async () => {
    ctx.database.sqlite.prepare(`update enterprises set description = '<script>alert(1)</script>' where id = 1`).run();
    const uscc = one<string>('select uscc from enterprises where id = 1');
    const res = await get(`/enterprises/${uscc}`);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).not.toContain('<script>alert(1)');
  });
});
