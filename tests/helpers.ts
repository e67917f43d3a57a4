/** Builds a fresh app on an in-memory database; tests pass their own clock. */
import { openDatabase, type Database_ } from '../db/client.ts';
import { buildApp, type AppDeps } from '../server/app.ts';
import { testConfig, type Config } from '../server/config.ts';
import { fixedClock } from '../server/clock.ts';
import { loadDemoCity } from '../server/demo.ts';
import { withUsccCheck } from '../server/domain/uscc.ts';
import { TEST_COST } from '../server/auth/passwords.ts';
import type { Role } from '../db/schema.ts';
import { EmbeddedSearchIndex } from '../search/embedded/embedded-index.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { searchFeed } from '../server/search/sync.ts';
import { csvLine } from '../server/export/csv.ts';

export const TEST_NOW = '2026-11-27T02:00:00Z';

export function memoryDatabase(): Database_ {
  return openDatabase(':memory:');
}

export async function testApp(opts: {
  demo?: boolean; config?: Partial<Config>; now?: string; search?: (database: Database_) => SearchIndex;
  /** other dependencies (a password cost, timer intervals) */
  deps?: Partial<Pick<AppDeps, 'passwordCost' | 'liveRecheckMs' | 'sessionPurgeMs'>>;
} = {}) {
  const database = memoryDatabase();
  const clock = fixedClock(opts.now ?? TEST_NOW);
  const search = opts.search?.(database) ?? new EmbeddedSearchIndex(database.sqlite);
  // The demo city is indexed as it loads, as main.ts does; the app's own feed (matching) does not hear of it.
  if (opts.demo) loadDemoCity(database, clock.now(), { feed: searchFeed(database.sqlite, search) });
  const app = await buildApp({ config: testConfig(opts.config), database, clock, passwordCost: TEST_COST, search, ...opts.deps });
  return { app, database, clock, search, async close() { await app.close(); await search.close(); database.close(); } };
}

export type TestCtx = Awaited<ReturnType<typeof testApp>>;
export interface Session { userId: number; headers: { cookie: string; 'x-csrf-token': string }; csrf: string }

let userSeq = 0;

/** A user of that role with a live session, as the login route would make it (the login itself is tested on its own). */
export async function signIn(ctx: TestCtx, role: Role, opts: { enterpriseId?: number | null; scopeChains?: string[]; scopeRegions?: string[]; username?: string } = {}): Promise<Session> {
  const username = opts.username ?? `${role}${++userSeq}`;
  const { id } = await ctx.app.accounts.createUser({
    username, displayName: username, role, enterpriseId: opts.enterpriseId ?? null,
    scopeChains: opts.scopeChains, scopeRegions: opts.scopeRegions, password: `${username}-secret-passphrase`,
  }, ctx.clock.now());
  const { token, csrfToken } = ctx.app.accounts.createSession(id, ctx.clock.now(), { ip: '127.0.0.1', userAgent: 'vitest' });
  return { userId: id, csrf: csrfToken, headers: { cookie: `llt_session=${token}`, 'x-csrf-token': csrfToken } };
}

/** A valid USCC for a Xiangyang firm, different for each n. */
export function usccFor(n: number): string {
  return withUsccCheck(`914206${String(n).padStart(11, '0')}`.slice(0, 17));
}

/** CSV text from rows (quotes where needed), as the export module writes a line. */
export function csv(rows: (string | number)[][]): string {
  return rows.map((r) => csvLine(r)).join('');
}
