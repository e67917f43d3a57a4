/**
 * The API reference in a real browser under the site's CSP (script-src 'self'; style-src 'self'):
 * Swagger UI renders every operation from /api/openapi.json and the browser reports no CSP
 * violation and no script error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, startSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => { if (!browserMissing) site = await startSite(); }, 60_000);
afterAll(async () => { await site?.close(); });

describe.skipIf(browserMissing)(browserMissing ? 'API reference page (skipped: /usr/bin/chromium is not installed)' : 'API reference page', () => {
  it('renders every operation under the strict CSP, without violations', async () => {
    const context = await site.browser.newContext({ baseURL: site.url, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text()); });
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(site.url)) external.push(r.url()); });
    await page.goto('/api/docs');
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 20_000 }).toBeGreaterThan(30);
    expect(await page.locator('.info .title').innerText()).toContain('链链通 API');
    await page.locator('.opblock-summary-path', { hasText: '/api/components/bulk' }).first().click();
    await expect.poll(() => page.locator('.opblock.is-open').innerText()).toContain('ERP');
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/api-docs-1366.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/api-docs-390.png` });
    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    await context.close();
  }, 60_000);
});
