import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserMissing, journey, signedInPage, startSite, type Site } from './browser.ts';
import { usccFor } from '../helpers.ts';

let site: Site;
beforeAll(async () => { if (!browserMissing) site = await startSite(); }, 60_000);
afterAll(async () => { await site?.close(); });

describe.skipIf(browserMissing)(browserMissing ? 'browser journeys (skipped: /usr/bin/chromium is not installed)' : 'browser journeys', () => {
  it('a firm posts a supply listing and finds it in search', async () => {
    const { page, errors } = await signedInPage(site, 'supplier', 'demo-supplier-2026');
    await journey('firm', page, async () => {
      await page.goto('/listings/new');
      await page.selectOption('select[name=kind]', 'supply');
      await page.fill('input[name=title]', '承接真空压铸件加工 浏览器测试');
      await page.fill('input[name=quantity]', '30000');
      await page.fill('input[name=unit]', '件');
      await page.fill('textarea[name=description]', '真空压铸 + CNC加工，材料 ADC12，持有 IATF 16949。');
      await Promise.all([page.waitForURL(/\/listings\/L\d{8}-/), page.click('#listing-form button[type=submit]')]);
      await expect.poll(() => page.locator('h1').innerText()).toContain('承接真空压铸件加工');
      await page.goto('/search');
      await page.locator('#search-q').pressSequentially('真空压铸');
      await page.press('#search-q', 'Enter');
      await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent('真空压铸')}`);
      await expect.poll(() => page.locator('#search-results').innerText(), { timeout: 10_000 }).toContain('承接真空压铸件加工 浏览器测试');
      await expect.poll(() => page.locator('#search-results article').count()).toBeLessThan(5);
      await expect.poll(() => page.locator('#search-results mark').first().innerText()).toContain('压铸');
      expect(errors).toEqual([]);
    });
  });

  it('a buyer registers a component, reviews the ranked candidates and opens a deal', async () => {
    const { page, errors } = await signedInPage(site, 'buyer', 'demo-buyer-2026');
    await journey('buyer', page, async () => {
      await page.goto('/components/new');
      await page.fill('input[name=name]', '浏览器测试壳体');
      await page.selectOption('select[name=chain]', 'auto');
      await page.fill('input[name=annual_value_wan]', '300');
      await page.fill('textarea[name=processes]', '压铸；CNC加工');
      await page.fill('textarea[name=materials]', 'ADC12');
      await page.fill('textarea[name=certifications_required]', 'IATF 16949');
      await Promise.all([page.waitForURL(/\/components\/C\d{8}-/), page.click('form.card button[type=submit]')]);
      await expect.poll(() => page.locator('h1').innerText()).toContain('浏览器测试壳体');
      const first = page.locator('#matches article.match').first();
      await expect.poll(() => first.locator('.reasons').innerText()).toContain('具备');
      const supplier = (await first.locator('h3').innerText()).trim();
      await Promise.all([page.waitForURL(/\/deals\/\d+$/), first.locator('button', { hasText: '发起对接' }).click()]);
      await expect.poll(async () => (await page.locator('h1 .stage').innerText()).trim()).toBe('推荐');
      await expect.poll(() => page.locator('body').innerText()).toContain(supplier);
      // the next stage is one button; 丢单 asks apart, with its reason
      expect(await page.locator('button', { hasText: '确认丢单' }).isVisible()).toBe(false);
      await Promise.all([page.waitForURL(/\/deals\/\d+$/), page.click('button:has-text("推进到「已对接」")')]);
      await expect.poll(async () => (await page.locator('h1 .stage').innerText()).trim()).toBe('已对接');
      expect(errors).toEqual([]);
    });
  });

  it('an official watches the near-site rate move live and closes a problem', { timeout: 60_000 }, async () => {
    const { page, errors } = await signedInPage(site, 'official', 'demo-official-2026');
    await journey('official', page, async () => {
      await page.goto('/dashboard?year=2026');
      const rate = page.locator('#dashboard .stat .n a').first();
      const before = await rate.innerText();
      await expect.poll(() => page.locator('#chart-quarters canvas').count()).toBe(1);
      await page.waitForSelector('body[data-live-state=open]');
      // a buyer signs a local deal through the API while the page stays open
      const sqlite = site.ctx.database.sqlite;
      const component = sqlite.prepare(`select ref from components c where not exists (select 1 from deals d where d.component_id = c.id)
        order by annual_value_wan desc limit 1`).pluck().get() as string;
      const owner = sqlite.prepare('select buyer_id from components where ref = ?').pluck().get(component) as number;
      const { token } = site.ctx.app.accounts.createApiToken({ name: 'erp', role: 'procurement', enterpriseId: owner, createdBy: null }, site.ctx.clock.now());
      const supplier = sqlite.prepare(`select e.uscc from enterprises e join regions r on r.code = e.region_code where r.kind = 'local' and e.id != ? limit 1`).pluck().get(owner) as string;
      const call = (path: string, body: unknown) => fetch(site.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
      const deal = await call('/api/deals', { component_ref: component, supplier_uscc: supplier });
      for (const to of ['contacted', 'sampling', 'quoting']) await call(`/api/deals/${deal.id}/transitions`, { to });
      expect(await call(`/api/deals/${deal.id}/transitions`, { to: 'signed', annual_value_wan: 500000 })).toMatchObject({ stage: 'signed' });
      await expect.poll(() => rate.innerText(), { timeout: 10_000 }).not.toBe(before);

      await page.goto('/problems?status=answered');
      const link = page.locator('#results a[href^="/problems/"]').first();
      await Promise.all([page.waitForURL(/\/problems\/WT-/), link.click()]);
      const close = page.locator('form.action-form').filter({ has: page.locator('input[name=action][value=close]') });
      await close.locator('textarea[name=note]').fill('部门已答复，企业未在期限内回复，予以销号。');
      await close.locator('button[type=submit]').click();
      await expect.poll(() => page.locator('body').innerText()).toContain('已销号');
      expect(errors).toEqual([]);
    });
  });

  it('an official opens the largest target, starts a project, takes it to 投产运营 and watches the dashboard rate change', { timeout: 60_000 }, async () => {
    const { page: dashboard, errors } = await signedInPage(site, 'official', 'demo-official-2026');
    await journey('attraction', dashboard, async () => {
      await dashboard.goto('/dashboard?year=2026');
      const rate = dashboard.locator('#dashboard .stat .n a').first();
      const before = await rate.innerText();
      await dashboard.waitForSelector('body[data-live-state=open]');
      await expect.poll(() => dashboard.locator('#what-if').innerText()).toContain('若前');

      const page = await dashboard.context().newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto('/attraction');
      const largest = page.locator('article.target').first();
      const supplier = (await largest.locator('h3').innerText()).replace(/^\d+\s*/, '').trim();
      await Promise.all([page.waitForURL(/\/attraction\/projects\/new/), largest.locator('a', { hasText: '发起招商项目' }).click()]);
      await expect.poll(() => page.locator('h1').innerText()).toContain(supplier);
      await page.fill('input[name=responsible_name]', '王副市长');
      await page.selectOption('select[name=department]', 'jxj');
      await page.fill('input[name=planned_investment_wan]', '50000');
      await Promise.all([page.waitForURL(/\/attraction\/projects\/ZS-\d{4}-\d{4}$/), page.click('form.card button[type=submit]')]);
      await expect.poll(() => page.locator('h1 .stage').innerText()).toBe('策划');
      for (const [to, label] of [['negotiating', '洽谈'], ['signed', '签约'], ['construction', '开工建设'], ['operating', '投产运营']] as const) {
        await page.selectOption('#move-form select[name=to]', to);
        await Promise.all([page.waitForURL(/\/attraction\/projects\/ZS-/), page.click('#move-form button[type=submit]')]);
        await expect.poll(() => page.locator('h1 .stage').innerText()).toBe(label);
      }
      await expect.poll(() => page.locator('body').innerText()).toContain('投产运营');
      // the dashboard, left open, refreshes itself with the new rate
      await expect.poll(() => rate.innerText(), { timeout: 10_000 }).not.toBe(before);
      expect(parseFloat(await rate.innerText())).toBeGreaterThan(parseFloat(before));
      await page.goto('/attraction');
      await expect.poll(() => page.locator('article.target h3').first().innerText()).not.toContain(supplier);
      expect(errors).toEqual([]);
    });
  });

  it('an admin imports a spreadsheet and reads the error report of a bad one', async () => {
    const { page, errors } = await signedInPage(site, 'admin', 'demo-admin-2026');
    const dir = mkdtempSync(join(tmpdir(), 'llt-upload-'));
    const good = join(dir, 'enterprises.csv');
    const bad = join(dir, 'bad-enterprises.csv');
    writeFileSync(good, `uscc,name,region,chains,tier\r\n${usccFor(9001)},襄阳浏览器导入有限公司,樊城区,汽车产业链,中小企业\r\n`);
    writeFileSync(bad, `uscc,name,region,chains,tier\r\n${usccFor(9002).slice(0, 17)}Z,襄阳坏码有限公司,樊城区,汽车产业链,中小企业\r\n`);
    await journey('admin', page, async () => {
      await page.goto('/admin/import');
      await page.setInputFiles('input[type=file]', good);
      await page.click('form.card button[type=submit]');
      // first what the file would do, with nothing written; one click writes exactly that
      // the first upload starts the import worker (from sources, tsx compiles its modules in the thread: seconds on a busy machine)
      await expect.poll(() => page.locator('#report').innerText(), { timeout: 30_000 }).toContain('预览：尚未写入任何数据');
      await page.click('form[action="/admin/import/commit"] button[type=submit]');
      await expect.poll(() => page.locator('#report').innerText(), { timeout: 15_000 }).toContain('导入完成');
      await expect.poll(() => page.locator('#report').innerText()).toContain('企业：新增 1');
      await page.setInputFiles('input[type=file]', bad);
      await page.click('form.card button[type=submit]');
      await expect.poll(() => page.locator('#report').innerText(), { timeout: 15_000 }).toContain('导入被拒绝');
      await expect.poll(() => page.locator('#report .problems').innerText()).toContain('bad-enterprises.csv:2:uscc:');
      expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
    });
  }, 60_000);
});
