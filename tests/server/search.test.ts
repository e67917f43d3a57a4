/** GET /api/search and the /search page, on the demo city. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { haversineKm } from '../../search/geo.ts';

let ctx: TestCtx;
beforeAll(async () => { ctx = await testApp({ demo: true }); });
afterAll(async () => { await ctx.close(); });

const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
const api = async (query: string) => {
  const res = await get(`/api/search?${query}`);
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};
const sql = <T>(text: string, ...args: unknown[]) => ctx.database.sqlite.prepare(text).all(...args) as T[];
const countsOf = (rows: { v: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.v, r.n]));
const enc = encodeURIComponent;

describe('GET /api/search', () => {
  it('answers in the contract shape', async () => {
    const { status, body } = await api(`q=${enc('压铸')}`);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['total', 'hits', 'facets']));
    expect(Object.keys(body.facets).sort()).toEqual(['cert', 'chain', 'kind', 'region', 'tier']);
    expect(body.total).toBeGreaterThan(20);
    expect(body.hits).toHaveLength(20);
    for (const h of body.hits) {
      if (h.type === 'listing') expect(Object.keys(h).sort()).toEqual(['highlight', 'ref', 'title', 'type']);
      else expect(Object.keys(h).sort()).toEqual(['highlight', 'name', 'type', 'uscc']);
      expect(h.highlight).toMatch(/<mark>[^<]+<\/mark>/);
    }
    const firm = body.hits.find((h: any) => h.type === 'enterprise');
    expect(sql<{ name: string }>('select name from enterprises where uscc = ?', firm.uscc)[0]!.name).toBe(firm.name);
  });

  it('counts facets as SQL counts the rows', async () => {
    const firms = await api('type=enterprise&limit=1');
    expect(firms.body.total).toBe(sql<{ n: number }>('select count(*) n from enterprises')[0]!.n);
    expect(firms.body.total_exact).toBe(true);
    expect(firms.body.facets.tier).toEqual(countsOf(sql('select tier v, count(*) n from enterprises group by tier')));
    expect(firms.body.facets.chain).toEqual(countsOf(sql('select chain_id v, count(*) n from enterprise_chains group by chain_id')));
    expect(firms.body.facets.region).toEqual(countsOf(sql('select region_code v, count(*) n from enterprises where region_code is not null group by region_code')));
    expect(firms.body.facets.cert).toEqual(countsOf(sql(`select concept_id v, count(*) n from enterprise_capabilities
      where kind = 'certification' and concept_id not like '~%' group by concept_id`)));
    const listings = await api('type=listing&limit=1');
    expect(listings.body.facets.kind).toEqual(countsOf(sql(`select kind v, count(*) n from listings
      where status = 'open' and valid_until >= '2026-11-27' group by kind`)));
    expect(listings.body.facets.tier).toEqual({});
  });

  it('filters by chain, region, tier and certificate as SQL does', async () => {
    const expected = sql<{ n: number }>(`select count(*) n from enterprises e join enterprise_chains c on c.enterprise_id = e.id
      where c.chain_id = 'aerospace' and e.tier = 'core'`)[0]!.n;
    const { body } = await api('type=enterprise&chain=aerospace&tier=core&limit=100');
    expect(body.total).toBe(expected);
    const iatf = await api(`type=enterprise&cert=certification.iatf16949&q=${enc('冲压')}&limit=100`);
    const holders = new Set(sql<{ uscc: string }>(`select e.uscc from enterprises e join enterprise_capabilities c on c.enterprise_id = e.id
      where c.concept_id = 'certification.iatf16949'`).map((r) => r.uscc));
    expect(iatf.body.hits.length).toBeGreaterThan(0);
    for (const h of iatf.body.hits) expect(holders.has(h.uscc)).toBe(true);
    const two = await api('type=enterprise&region=420602&region=420606&limit=1');
    expect(two.body.total).toBe(sql<{ n: number }>(`select count(*) n from enterprises where region_code in ('420602', '420606')`)[0]!.n);
  });

  it('sorts by distance from a firm', async () => {
    const [firm] = sql<{ uscc: string; lat: number; lng: number }>(`select uscc, lat, lng from enterprises where name like '%压铸%' and lat is not null order by uscc limit 1`);
    const { body } = await api(`type=enterprise&sort=distance&near=${firm!.uscc}&limit=30`);
    const distances = body.hits.map((h: any) => h.distance_km);
    expect(distances).toEqual([...distances].sort((a: number, b: number) => a - b));
    expect(body.hits[0].uscc).toBe(firm!.uscc);
    const farthestShown = sql<{ lat: number; lng: number }>('select lat, lng from enterprises where uscc = ?', body.hits[29].uscc)[0]!;
    const nearer = sql<{ lat: number; lng: number }>('select lat, lng from enterprises')
      .filter((p) => haversineKm(firm!, p) < haversineKm(firm!, farthestShown) - 0.05);
    expect(nearer.length).toBeLessThanOrEqual(29);
  });

  it('refuses bad parameters with the field named', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['offset=-1', 'offset'], ['type=firm', 'type'],
      ['chain=moon', 'chain'], ['sort=loudest', 'sort'], ['sort=distance', 'near'], ['sort=distance&lat=91&lng=1', 'lat']] as const) {
      const { status, body } = await api(query);
      expect(status, query).toBe(400);
      expect(body.error).toBe('invalid_request');
      expect(body.details.map((d: any) => d.field)).toContain(field);
    }
    const missing = await api('sort=distance&near=914206000000000000');
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('near: 找不到名称或信用代码为「914206000000000000」的企业');
  });

  it('answers hostile queries without an error', async () => {
    for (const q of ['AND', '"', "'", '*', '-钢', '(', ':', '^', 'NEAR(a b)', 'GB/T 5782', '钢 OR 铝', 'x'.repeat(2000), '{title}:钢']) {
      const res = await get(`/api/search?q=${enc(q)}`);
      expect(res.statusCode, q.slice(0, 10)).toBe(200);
      expect(typeof res.json().total).toBe('number');
    }
  });
});

describe('the /search page', () => {
  it('is in the navigation and shows highlighted results and facets', async () => {
    const res = await get(`/search?q=${enc('压铸')}&type=enterprise`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/search" aria-current="page">搜索</a>');
    expect(res.body).toMatch(/<mark>[^<]*铸[^<]*<\/mark>/);
    expect(res.body).toContain('name="chain" value="auto"');
    expect(res.body).toContain('汽车产业链');
    expect(res.body).toContain('<form id="search-form" class="search-form" method="get" action="/search"');
    expect(res.body).toContain('hx-push-url="true"');
  });

  it('gives an htmx request the results fragment and a plain request the whole page, with the same hits', async () => {
    const url = `/search?q=${enc('注塑')}&chain=auto`;
    const page = await get(url);
    const fragment = await get(url, { 'hx-request': 'true' });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body.startsWith('<div id="search-results"')).toBe(true);
    expect(fragment.body).not.toContain('<html');
    const titles = (body: string) => [...body.matchAll(/<h3>.*?<a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);
    expect(titles(fragment.body).length).toBeGreaterThan(0);
    expect(titles(page.body)).toEqual(titles(fragment.body));
    const apiTitles = (await api(`q=${enc('注塑')}&chain=auto`)).body.hits.map((h: any) => h.title ?? h.name);
    expect(titles(page.body)).toEqual(apiTitles);
    expect(page.body).toContain('name="chain" value="auto" checked');
  });

  it('pages with links that keep the whole state', async () => {
    const res = await get(`/search?q=${enc('加工')}&chain=auto&chain=equipment`);
    const next = /href="(\/search\?[^"]*page=2)"/.exec(res.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const params = new URLSearchParams(next!.split('?')[1]);
    expect(params.get('q')).toBe('加工');
    expect(params.getAll('chain')).toEqual(['auto', 'equipment']);
    const second = await get(next!);
    expect(second.body).toContain('第 2 / ');
  });

  it('shows what was wrong with a bad request on the page itself', async () => {
    const res = await get('/search?q=x&limit=5&tier=giant');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('企业类型：企业类型须为');
    expect(res.body).toContain('value="x"');
  });

  it('takes a firm\'s name as the distance reference, says in the form when it is unknown or ambiguous, and suggests names', async () => {
    const firm = sql<{ uscc: string; name: string }>('select uscc, name from enterprises where lat is not null order by id limit 1')[0]!;
    const byName = await get(`/search?q=&sort=distance&near=${enc(firm.name)}`, { 'hx-request': 'true' });
    expect(byName.statusCode).toBe(200);
    expect(byName.body).toContain('<div id="search-results" class="search-layout">');
    expect(byName.body).not.toContain('<html');
    const byCode = await get(`/search?q=&sort=distance&near=${firm.uscc}`, { 'hx-request': 'true' });
    // the same hits in the same order (only the links keep what was typed)
    expect(byName.body.split('<nav class="pager"')[0]).toBe(byCode.body.split('<nav class="pager"')[0]);
    const unknown = await get(`/search?q=&sort=distance&near=${enc('不存在的企业名')}`, { 'hx-request': 'true' });
    expect(unknown.statusCode).toBe(400);
    // a fragment, never a whole page inside the results
    expect(unknown.body).toContain('<div class="notice bad" role="alert"><div>距离参照企业：找不到名称或信用代码为「不存在的企业名」的企业</div></div>');
    expect(unknown.body).not.toContain('<html');
    const missing = await get('/search?q=&sort=distance', { 'hx-request': 'true' });
    expect(missing.body).toContain('距离参照企业：按距离排序，请填写距离参照企业（企业名称或统一社会信用代码）');
    const ambiguous = await get(`/search?q=&sort=distance&near=${enc('襄阳')}`, { 'hx-request': 'true' });
    expect(ambiguous.body).toContain('请写出企业全称');
    const names = await get(`/search/firm-names?near=${enc(firm.name.slice(0, 4))}`);
    expect(names.body).toMatch(/^(<option value="[^"]+"><\/option>){1,10}$/);
    expect(names.body).toContain(`<option value="${firm.name}">`);
    // the same suggestions serve the firm field of an account, a token or a webhook
    expect((await get(`/search/firm-names?enterprise=${enc(firm.name.slice(0, 4))}`)).body).toBe(names.body);
  });
});
