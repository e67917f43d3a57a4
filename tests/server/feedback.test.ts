/** Pages that tell people what happened and what to do next. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestCtx } from '../helpers.ts';
import { loadWorld } from './world.ts';

let ctx: TestCtx;
let world: ReturnType<typeof loadWorld>;
beforeEach(async () => { ctx = await testApp(); world = loadWorld(ctx); });
afterEach(async () => { await ctx.close(); });

describe('next steps and plain refusals', () => {
  it('a supplier without deals is told how deals come, and is never sent to a page it cannot open', async () => {
    const supplier = await signIn(ctx, 'enterprise', { enterpriseId: world.supplier });
    const page = await ctx.app.inject({ method: 'GET', url: '/deals', headers: supplier.headers });
    expect(page.body).toContain('采购方在外采件或需求信息的候选供应商中选中贵企业');
    expect(page.body).toContain('href="/me"');
    expect(page.body).not.toContain('href="/components"');
  });

  it('a supplier sees its deal on a buyer\'s component without a link to the component page it may not open', async () => {
    const buyer = await signIn(ctx, 'procurement', { enterpriseId: world.firmA });
    const opened = await ctx.app.inject({ method: 'POST', url: '/components/CA/deals', headers: buyer.headers, payload: { supplier_uscc: (ctx.database.sqlite.prepare('select uscc from enterprises where id = ?').pluck().get(world.supplier) as string) } });
    expect(opened.statusCode).toBeLessThan(400);
    const supplier = await signIn(ctx, 'enterprise', { enterpriseId: world.supplier });
    const list = await ctx.app.inject({ method: 'GET', url: '/deals', headers: supplier.headers });
    expect(list.body).toContain('变速器壳体');
    expect(list.body).not.toContain('href="/components/CA"');
    expect((await ctx.app.inject({ method: 'GET', url: '/deals', headers: buyer.headers })).body).toContain('href="/components/CA"');
  });

  it('an invitation link that does not exist is called an invalid link, not a missing page', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/invite/not-a-real-link' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('<h1>链接无效</h1>');
  });
});

describe('every firm that can supply is reachable', () => {
  it('the component page offers 显示全部 when more firms qualify than a page shows, and shows them all', async () => {
    const demo = await testApp({ demo: true });
    try {
      demo.app.matching.queueStale();
      await demo.app.matching.settled();
      const ids = demo.database.sqlite.prepare('select id, ref from components order by id').all() as { id: number; ref: string }[];
      const big = ids.map((c) => ({ ...c, result: demo.app.matching.componentMatches(c.id, 'local', 500)! })).find((c) => c.result.qualifiedCount > 20);
      expect(big, 'the demo city has a part with more than 20 qualified local firms').toBeDefined();
      const admin = await signIn(demo, 'admin');
      const page = await demo.app.inject({ method: 'GET', url: `/components/${big!.ref}`, headers: admin.headers });
      expect(page.body).toContain(`显示全部 ${big!.result.qualifiedCount} 家可配套企业`);
      const all = await demo.app.inject({ method: 'GET', url: `/components/${big!.ref}?all=1`, headers: admin.headers });
      expect(all.statusCode).toBe(200);
      expect(all.body).not.toContain('显示全部');
      expect((all.body.match(/<article class="result match /g) ?? []).length).toBe(big!.result.matches.length);
      expect(big!.result.matches.length).toBeGreaterThan(20);
    } finally {
      await demo.close();
    }
  });
});

describe('the home page', () => {
  it('tells a visitor what the platform is, offers a search and says how a firm joins', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/' });
    expect(page.body).toMatch(/<form class="search-hero" method="get" action="\/search" role="search">[\s\S]*?name="q"/);
    expect(page.body).toContain('企业如何加入');
    expect(page.body).toContain('统一社会信用代码、联系人及手机');
  });

  it('gives a firm with nothing posted its first steps, and a firm with listings its workbench only', async () => {
    const newFirm = await signIn(ctx, 'enterprise', { enterpriseId: world.firmB });
    ctx.database.sqlite.prepare(`update listings set status = 'closed' where enterprise_id = ?`).run(world.firmB);
    const fresh = await ctx.app.inject({ method: 'GET', url: '/', headers: newFirm.headers });
    expect(fresh.body).toContain('开始使用');
    expect(fresh.body).toContain('href="/listings/new">发布第一条供应信息');
    expect(fresh.body).not.toContain('企业如何加入');
    const busy = await signIn(ctx, 'enterprise', { enterpriseId: world.supplier });
    expect((await ctx.app.inject({ method: 'GET', url: '/', headers: busy.headers })).body).not.toContain('开始使用');
  });
});

describe('choices of several', () => {
  it('are checkbox groups, not a multiple select that needs Ctrl-click', async () => {
    const supplier = await signIn(ctx, 'enterprise', { enterpriseId: world.supplier });
    const uscc = ctx.database.sqlite.prepare('select uscc from enterprises where id = ?').pluck().get(world.supplier) as string;
    const form = await ctx.app.inject({ method: 'GET', url: `/enterprises/${uscc}/edit`, headers: supplier.headers });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<input type="checkbox" name="chains" value="汽车产业链" checked>');
    expect(form.body).toContain('<input type="checkbox" name="chains" value="医药产业链">');
    expect(form.body).not.toContain(' multiple');
  });
});

describe('a firm is chosen by its name', () => {
  it('binds an account to a firm typed by name, and says which firms a vague name fits', async () => {
    const admin = await signIn(ctx, 'admin');
    const create = (enterprise: string, username: string) => ctx.app.inject({ method: 'POST', url: '/admin/users', headers: admin.headers,
      payload: { username, displayName: '丙公司业务员', role: 'enterprise', enterprise } });
    const byName = await create('襄阳丙精密铸造有限公司', 'bing.sales');
    expect(byName.statusCode).toBeLessThan(400);
    expect(ctx.database.sqlite.prepare(`select enterprise_id from users where username = 'bing.sales'`).pluck().get()).toBe(world.supplier);
    const vague = await create('襄阳', 'vague.user');
    expect(vague.statusCode).toBe(422);
    expect(vague.body).toContain('有多家企业与「襄阳」相符');
    expect(ctx.database.sqlite.prepare(`select count(*) from users where username = 'vague.user'`).pluck().get()).toBe(0);
    const form = await ctx.app.inject({ method: 'GET', url: '/admin/users', headers: admin.headers });
    expect(form.body).toContain('list="enterprise-firm-names"');
    // the audit log is filtered by a firm's name too
    const audit = await ctx.app.inject({ method: 'GET', url: `/admin/audit?enterprise=${encodeURIComponent('襄阳丙精密铸造有限公司')}`, headers: admin.headers });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).not.toContain('共 0 条');
  });
});

describe('the admin\'s own workbench', () => {
  it('counts open import conflicts, refused imports of the week and given-up webhook deliveries, each a link', async () => {
    const admin = await signIn(ctx, 'admin');
    ctx.database.sqlite.prepare(`insert into import_conflicts (enterprise_id, field, old_value, firm_value, imported_value, created_at) values (?, 'contact_name', '"甲"', '"乙"', '"丙"', ?)`)
      .run(world.supplier, ctx.clock.now());
    ctx.database.sqlite.prepare(`insert into import_runs (started_at, source, files, ok, summary) values (?, 'upload', '["x.csv"]', 0, '{}')`).run(ctx.clock.now());
    const home = await ctx.app.inject({ method: 'GET', url: '/', headers: admin.headers });
    expect(home.body).toMatch(/<a href="\/admin\/import\/conflicts"><strong class="warn-text">1<\/strong> 个字段导入与企业填写冲突，待处理<\/a>/);
    expect(home.body).toMatch(/<a href="\/admin\/import"><strong class="warn-text">1<\/strong> 次导入近 7 天被拒绝<\/a>/);
    expect(home.body).toContain('<strong class="">0</strong> 条 Webhook 推送已放弃');
  });
});
