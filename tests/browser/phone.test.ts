/**
 * The product on a phone (390 px) and at a desk (1366 px), for each role: no page scrolls
 * sideways, the navigation folds behind 菜单, every table row's buttons are on screen, long
 * text fields take the form's width, and the dashboard stays a few screens long. Each page's
 * screenshot is kept in test-results/screens/ for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { browserMissing, signedInPage, startSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => { if (!browserMissing) site = await startSite(); }, 60_000);
afterAll(async () => { await site?.close(); });

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };
const ROLES = [
  { user: 'supplier', password: 'demo-supplier-2026', pages: ['/me', '/listings/new', '/search?q=压铸', '/problems/new', '/enterprises'] },
  { user: 'buyer', password: 'demo-buyer-2026', pages: ['/components', '/components/new', '/deals'] },
  { user: 'official', password: 'demo-official-2026', pages: ['/dashboard', '/problems', '/attraction', '/chains/auto'] },
  { user: 'admin', password: 'demo-admin-2026', pages: ['/admin/audit', '/admin/import', '/admin/users'] },
] as const;

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(browserMissing)(browserMissing ? 'phone and desk layout (skipped: /usr/bin/chromium is not installed)' : 'phone and desk layout', () => {
  for (const role of ROLES) {
    it(`${role.user}: no page scrolls sideways at 390 px or 1366 px`, async () => {
      for (const viewport of [PHONE, DESK]) {
        const { page, errors } = await signedInPage(site, role.user, role.password, viewport);
        for (const path of role.pages) {
          const response = await page.goto(path);
          expect(response?.status(), path).toBe(200);
          await page.waitForLoadState('networkidle');
          await shoot(page, `${role.user}${path.replace(/[^a-z0-9]+/gi, '-')}-${viewport.width}`);
          expect(await sideways(page), `${path} at ${viewport.width}px`).toBeLessThanOrEqual(0);
        }
        expect(errors).toEqual([]);
        await page.context().close();
      }
    }, 60_000);
  }

  it('the navigation is one line on a desk and folds behind 菜单 on a phone', async () => {
    const phone = await signedInPage(site, 'official', 'demo-official-2026', PHONE);
    await phone.page.goto('/dashboard');
    const nav = phone.page.locator('nav[aria-label="主导航"]');
    expect(await nav.isVisible()).toBe(false);
    await phone.page.click('label.nav-button');
    expect(await nav.isVisible()).toBe(true);
    expect(await nav.locator('a').first().isVisible()).toBe(true);
    await phone.page.context().close();
    const desk = await signedInPage(site, 'official', 'demo-official-2026', DESK);
    await desk.page.goto('/dashboard');
    expect(await desk.page.locator('label.nav-button').isVisible()).toBe(false);
    const navBox = await desk.page.locator('nav[aria-label="主导航"]').boundingBox();
    expect(navBox!.height).toBeLessThan(60);
    await desk.page.context().close();
  });

  it('on a phone every button of the firm\'s listings is on screen, each value labelled by its column', async () => {
    const { page } = await signedInPage(site, 'supplier', 'demo-supplier-2026', PHONE);
    await page.goto('/me');
    const renew = page.locator('button', { hasText: '续期至' }).first();
    await expect.poll(() => renew.count()).toBeGreaterThan(0);
    const box = (await renew.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    // closing asks first: the button that closes appears only after 「关闭…」 is opened
    const confirm = page.locator('button', { hasText: '确认关闭' }).first();
    expect(await confirm.isVisible()).toBe(false);
    await page.locator('details.confirm summary').first().click();
    expect(await confirm.isVisible()).toBe(true);
    const label = await page.locator('table[data-cards] td[data-label]').first().evaluate((td) => getComputedStyle(td, '::before').content);
    expect(label).not.toBe('none');
    await page.context().close();
  });

  it('long text fields take the form\'s width, and the required mark stays on the label\'s line', async () => {
    for (const viewport of [PHONE, DESK]) {
      const { page } = await signedInPage(site, 'supplier', 'demo-supplier-2026', viewport);
      await page.goto('/listings/new');
      const area = (await page.locator('textarea[name=description]').boundingBox())!;
      const form = (await page.locator('#listing-form').boundingBox())!;
      expect(area.width).toBeGreaterThan(form.width * 0.8);
      const caption = page.locator('label:has(input[name=title]) .caption');
      expect(await caption.innerText()).toMatch(/^标题\s*\*$/);
      const captionBox = (await caption.boundingBox())!;
      expect(captionBox.height).toBeLessThan(30);
      await page.context().close();
    }
  });

  it('the dashboard on a phone is a few screens, not a scroll of ten', async () => {
    const { page } = await signedInPage(site, 'official', 'demo-official-2026', PHONE);
    await page.goto('/dashboard');
    await page.waitForLoadState('networkidle');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(7_000);
    expect(await page.locator('th', { hasText: '采购总额' }).first().isVisible()).toBe(false);
    await page.context().close();
  });
});
