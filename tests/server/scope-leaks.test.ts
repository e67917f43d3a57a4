/**
 * What a list, a count or a drill-down shows is what the object's own page would show the same
 * person: one rule per object, on every path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { FIRM_A, loadWorld, SUPPLIER } from './world.ts';
import { importFiles } from '../../server/import/index.ts';
import { move, raised } from '../problems/people.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
});
afterEach(async () => { await ctx.close(); });

const get = (url: string, s?: Session) => ctx.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });

/** Firm A also buys for the equipment chain: a second component, in another chain than its first. */
function secondChainComponent() {
  ctx.database.sqlite.prepare(`insert into enterprise_chains (enterprise_id, chain_id) values (?, 'equipment')`).run(w.firmA);
  const report = importFiles(ctx.database.sqlite, [{ name: 'components.csv', bytes: Buffer.from(csv([
    ['ref', 'buyer_uscc', 'name', 'chain', 'materials', 'processes', 'annual_value_wan'],
    ['CA2', FIRM_A, '数控转台壳体', '智能装备产业链', 'ADC12', '压铸', '600'],
  ])) }], { now: ctx.clock.now() });
  if (!report.loaded) throw new Error(JSON.stringify(report.problems));
}

async function signedDeal(buyer: Session, ref: string, value: number): Promise<number> {
  const id = (await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: buyer.headers, payload: { component_ref: ref, supplier_uscc: SUPPLIER } })).json().id as number;
  for (const to of ['contacted', 'sampling', 'quoting']) await ctx.app.inject({ method: 'POST', url: `/api/deals/${id}/transitions`, headers: buyer.headers, payload: { to } });
  await ctx.app.inject({ method: 'POST', url: `/api/deals/${id}/transitions`, headers: buyer.headers, payload: { to: 'signed', annual_value_wan: value } });
  return id;
}

describe('near-site drill-down', () => {
  it('shows a scoped official only the deals on components of their own chains, even for a buyer in several chains', async () => {
    secondChainComponent();
    const buyer = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
    await signedDeal(buyer, 'CA', 1500);
    await signedDeal(buyer, 'CA2', 500);
    const auto = await signIn(ctx, 'official', { scopeChains: ['auto'] });
    const equipment = await signIn(ctx, 'official', { scopeChains: ['equipment'] });
    const autoPage = (await get('/dashboard/near-site?year=2026', auto)).body;
    expect(autoPage).toContain('变速器壳体');
    expect(autoPage).not.toContain('数控转台壳体');
    const equipmentPage = (await get('/dashboard/near-site?year=2026', equipment)).body;
    expect(equipmentPage).toContain('数控转台壳体');
    expect(equipmentPage).not.toContain('变速器壳体');
    const all = (await get('/dashboard/near-site?year=2026', await signIn(ctx, 'official'))).body;
    expect(all).toContain('变速器壳体');
    expect(all).toContain('数控转台壳体');
  });
});

describe('home workbench', () => {
  it('counts only the problems a scoped official or a department may open', async () => {
    const firmA = await signIn(ctx, 'enterprise', { enterpriseId: w.firmA });
    const firmB = await signIn(ctx, 'enterprise', { enterpriseId: w.firmB });
    const city = await signIn(ctx, 'official');
    const refA = await raised(ctx, firmA, { title: '甲的问题' });
    await raised(ctx, firmB, { title: '乙的问题' });
    await raised(ctx, firmB, { title: '乙的另一个问题' });
    await move(ctx, city, refA, { action: 'assign', department: 'jxj', deadline: '2026-12-20', version: 1 });
    const count = async (s: Session) => /<strong class="">(\d+)<\/strong> 个问题未销号/.exec((await get('/', s)).body)?.[1];
    const staff = async (department: string) => {
      const s = await signIn(ctx, 'official');
      ctx.database.sqlite.prepare('update users set department_id = ? where id = ?').run(department, s.userId);
      return s;
    };
    expect(await count(city)).toBe('3');
    expect(await count(await signIn(ctx, 'official', { scopeChains: ['auto'] }))).toBe('1');
    expect(await count(await signIn(ctx, 'official', { scopeChains: ['equipment'] }))).toBe('2');
    expect(await count(await staff('jxj'))).toBe('1');
    expect(await count(await staff('gdj'))).toBe('0');
  });
});

describe('deals: the list shows exactly what each deal page lets one see', () => {
  it('for every role, a listed deal opens and an unlisted one is refused', async () => {
    const buyerA = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
    const firmA = await signIn(ctx, 'enterprise', { enterpriseId: w.firmA });
    const componentDeal = (await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: buyerA.headers, payload: { component_ref: 'CA', supplier_uscc: SUPPLIER } })).json().id as number;
    const listingDeal = Number(/\/deals\/(\d+)/.exec(String((await ctx.app.inject({ method: 'POST', url: '/listings/LA/deals', headers: firmA.headers, payload: { supplier_uscc: SUPPLIER } })).headers.location))![1]);
    const buyerB = await signIn(ctx, 'procurement', { enterpriseId: w.firmB });
    const componentDealB = (await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: buyerB.headers, payload: { component_ref: 'CB', supplier_uscc: SUPPLIER } })).json().id as number;
    const people: Record<string, Session> = {
      buyerA, firmA, buyerB, supplier: await signIn(ctx, 'enterprise', { enterpriseId: w.supplier }),
      firmB: await signIn(ctx, 'enterprise', { enterpriseId: w.firmB }),
      city: await signIn(ctx, 'official'), auto: await signIn(ctx, 'official', { scopeChains: ['auto'] }), admin: await signIn(ctx, 'admin'),
    };
    const listed: Record<string, number[]> = {};
    for (const [who, s] of Object.entries(people)) {
      const body = (await get('/deals', s)).body;
      listed[who] = [...body.matchAll(/href="\/deals\/(\d+)"/g)].map((m) => Number(m[1])).sort();
      for (const id of [componentDeal, listingDeal, componentDealB]) {
        const status = (await get(`/deals/${id}`, s)).statusCode;
        expect(`${who} #${id}: ${status}`).toBe(`${who} #${id}: ${listed[who]!.includes(id) ? 200 : 403}`);
      }
    }
    // The chain leader's other users see its listing's deal, not its procurement staff's component deal.
    expect(listed.firmA).toEqual([listingDeal]);
    expect(listed.supplier).toEqual([componentDeal, listingDeal, componentDealB].sort());
    expect(listed.auto).toEqual([componentDeal, listingDeal].sort());
  });

  it('the deal page shows the supplier the deal\'s own value, never the buyer\'s annual purchase value', async () => {
    const buyer = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
    const supplier = await signIn(ctx, 'enterprise', { enterpriseId: w.supplier });
    const id = (await ctx.app.inject({ method: 'POST', url: '/api/deals', headers: buyer.headers, payload: { component_ref: 'CA', supplier_uscc: SUPPLIER } })).json().id as number;
    const value = /<dt>年合同额<\/dt><dd>([^<]*)<\/dd>/;
    expect(value.exec((await get(`/deals/${id}`, buyer)).body)?.[1]).toBe('2,000 万元');
    expect(value.exec((await get(`/deals/${id}`, supplier)).body)?.[1]).toBe('—');
    for (const to of ['contacted', 'sampling', 'quoting']) await ctx.app.inject({ method: 'POST', url: `/api/deals/${id}/transitions`, headers: buyer.headers, payload: { to } });
    await ctx.app.inject({ method: 'POST', url: `/api/deals/${id}/transitions`, headers: buyer.headers, payload: { to: 'signed', annual_value_wan: 1750 } });
    expect(value.exec((await get(`/deals/${id}`, supplier)).body)?.[1]).toBe('1,750 万元');
  });
});

describe('a demand listing\'s ranked suppliers', () => {
  it('are for people signed in, on the page as on the API', async () => {
    ctx.app.matching.queueStale();
    await ctx.app.matching.settled();
    expect((await get('/api/listings/LA/matches')).statusCode).toBe(401);
    const anonymous = (await get('/listings/LA')).body;
    expect(anonymous).not.toContain('襄阳丙精密铸造有限公司');
    expect(anonymous).toContain('登录</a>后可查看');
    const s = await signIn(ctx, 'enterprise', { enterpriseId: w.firmB });
    const api = (await get('/api/listings/LA/matches', s)).json() as { matches: { name: string }[] };
    expect(api.matches.map((m) => m.name)).toContain('襄阳丙精密铸造有限公司');
    expect((await get('/listings/LA', s)).body).toContain('襄阳丙精密铸造有限公司');
  });
});
