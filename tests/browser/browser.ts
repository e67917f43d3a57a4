/**
 * Browser journeys run a real server (the demo city, the demo accounts, a fixed clock) and
 * drive Debian's Chromium through playwright-core. Without /usr/bin/chromium they are skipped
 * with the reason, unless REQUIRE_BROWSER=1 (CI sets it), when they fail instead.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testApp, type TestCtx } from '../helpers.ts';
import { seedDemoAccounts } from '../../server/demo.ts';
import { seedDemoProblems } from '../../server/problems/demo.ts';
import { seedDemoProjects } from '../../server/attraction/demo.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const browserMissing = !existsSync(CHROMIUM) && process.env.REQUIRE_BROWSER !== '1';

export interface Site { ctx: TestCtx; url: string; browser: Browser; close(): Promise<void> }

export async function startSite(): Promise<Site> {
  const ctx = await testApp({ demo: true });
  await seedDemoAccounts(ctx.database, ctx.app.accounts, ctx.clock.now());
  seedDemoProblems(ctx.database, ctx.app.accounts, ctx.clock.now());
  seedDemoProjects({ sqlite: ctx.database.sqlite, feed: ctx.app.deps.feed, accounts: ctx.app.accounts }, ctx.clock.now());
  ctx.app.matching.queueStale();
  await ctx.app.matching.settled();
  const url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return { ctx, url, browser, async close() { await browser.close(); await ctx.close(); } };
}

/** A fresh browser context signed in through the login form. Page errors are collected so a journey can assert none happened. */
export async function signedInPage(site: Site, username: string, password: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const context = await site.browser.newContext({ baseURL: site.url, locale: 'zh-CN', ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form.card button[type=submit]')]);
  return { page, errors };
}

/** Runs a journey and keeps a screenshot of the page when it fails. */
export async function journey(name: string, page: Page, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (err) {
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/${name}.png`, fullPage: true }).catch(() => undefined);
    throw err;
  }
}
