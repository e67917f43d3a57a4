/**
 * Every page every role can reach — the navigation's pages and the first detail page each of
 * them links to — at 1366 px and 390 px: answered 200, no console errors, no sideways scroll of
 * the page body, and (at the desk width) no serious or critical accessibility violation by
 * axe-core's WCAG 2 A/AA rules. Screenshots go to test-results/pages/ for a reviewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { browserMissing, signedInPage, startSite, type Site } from './browser.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let site: Site;
beforeAll(async () => { if (!browserMissing) site = await startSite(); }, 60_000);
afterAll(async () => { await site?.close(); });

const ROLES = [
  { user: 'anonymous', password: '' },
  { user: 'supplier', password: 'demo-supplier-2026' },
  { user: 'buyer', password: 'demo-buyer-2026' },
  { user: 'official', password: 'demo-official-2026' },
  { user: 'dept', password: 'demo-dept-2026' },
  { user: 'admin', password: 'demo-admin-2026' },
];
/** Detail pages reached from the lists: the first link of each kind. */
const DETAIL = [/^\/enterprises\/[0-9A-Z]{18}$/, /^\/listings\/L[\w-]+$/, /^\/components\/C[\w-]+$/, /^\/deals\/\d+$/, /^\/problems\/WT-[\w-]+$/, /^\/chains\/[a-z_]+$/, /^\/dispatch\/[a-z_]+/, /^\/attraction\/projects\/\d+$/];

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

async function axe(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE); // through the devtools protocol: the page keeps its strict CSP
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
}

async function open(role: (typeof ROLES)[number], width: number) {
  const viewport = { width, height: 900 };
  if (role.user === 'anonymous') {
    const context = await site.browser.newContext({ baseURL: site.url, locale: 'zh-CN', viewport });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    return { page, errors };
  }
  return signedInPage(site, role.user, role.password, viewport);
}

async function reachable(page: Page): Promise<string[]> {
  await page.goto('/');
  const nav = await page.locator('nav[aria-label="主导航"] a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const pages = new Set<string>(nav);
  for (const list of nav) {
    await page.goto(list);
    const links = await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    for (const pattern of DETAIL) {
      const first = links.find((l) => pattern.test(l));
      if (first) pages.add(first);
    }
  }
  return [...pages].sort();
}

describe.skipIf(browserMissing)(browserMissing ? 'every page (skipped: /usr/bin/chromium is not installed)' : 'every page, every role', () => {
  for (const role of ROLES) {
    it(`${role.user}: every page answers, fits 390 px and 1366 px, logs no error and has no serious accessibility violation`, async () => {
      mkdirSync('test-results/pages', { recursive: true });
      const desk = await open(role, 1366);
      const pages = await reachable(desk.page);
      expect(pages.length).toBeGreaterThan(role.user === 'anonymous' ? 3 : 6);
      const problems: string[] = [];
      for (const path of pages) {
        const response = await desk.page.goto(path);
        if (response?.status() !== 200) { problems.push(`${path}: status ${response?.status()}`); continue; }
        await desk.page.waitForLoadState('networkidle');
        await desk.page.screenshot({ path: `test-results/pages/${role.user}${path.replace(/[^a-z0-9]+/gi, '-')}-1366.png`, fullPage: true });
        const over = await desk.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (over > 0) problems.push(`${path} at 1366 px: ${over} px sideways`);
        for (const v of await axe(desk.page)) {
          if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${path}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
        }
      }
      expect(desk.errors).toEqual([]);
      await desk.page.context().close();
      const phone = await open(role, 390);
      if (role.user !== 'anonymous') await phone.page.goto('/');
      for (const path of pages) {
        await phone.page.goto(path);
        await phone.page.waitForLoadState('networkidle');
        await phone.page.screenshot({ path: `test-results/pages/${role.user}${path.replace(/[^a-z0-9]+/gi, '-')}-390.png`, fullPage: true });
        const over = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (over > 0) problems.push(`${path} at 390 px: ${over} px sideways`);
      }
      expect(phone.errors).toEqual([]);
      await phone.page.context().close();
      expect(problems).toEqual([]);
    }, 300_000);
  }
});
