/**
 * Starts the server: read config, open and migrate the database, load the demo city into
 * an empty database, listen. SIGTERM/SIGINT: answer new requests 503 while the connections
 * already made are heard (shutdown.ts), stop listening, let in-flight requests finish, close the
 * database cleanly.
 */
import { existsSync } from 'node:fs';
import { loadConfig, ConfigError } from './config.ts';
import { openDatabase } from '../db/client.ts';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { isEmpty, loadDemoCity, seedDemoAccounts } from './demo.ts';
import { ROLE_LABEL } from './auth/policy.ts';
import { seedDemoProblems } from './problems/demo.ts';
import { seedDemoDeals } from './deals/demo.ts';
import { seedDemoProjects } from './attraction/demo.ts';
import { watchOverdue } from './problems/overdue.ts';
import { createSearchIndex } from '../search/create-search-index.ts';
import { ensureSearchIndex, searchFeed } from './search/sync.ts';
import { prepareShutdown } from './shutdown.ts';

async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const database = openDatabase(config.databaseFile);
  const search = createSearchIndex(database.sqlite, config, { log: { warn: (obj, msg) => app.log.warn(obj, msg) } });
  const app = await buildApp({ config, database, clock: systemClock, search });
  try {
    const { rebuilt } = await ensureSearchIndex(database.sqlite, search);
    if (rebuilt !== null) app.log.info({ backend: search.backend, documents: rebuilt }, 'search index rebuilt from the database');
  } catch (err) {
    app.log.error({ err }, 'search backend not ready: writes wait in its outbox, searches answer 503 until it is back');
  }

  const seedDemo = config.demo && isEmpty(database);
  if (seedDemo) {
    const started = Date.now();
    const c = loadDemoCity(database, systemClock.now(), { feed: searchFeed(database.sqlite, search) }).counts!;
    app.log.info({ enterprises: c.enterprises.inserted, listings: c.listings.inserted, components: c.components.inserted, ms: Date.now() - started }, 'demo city loaded');
  }

  app.matching.queueStale();
  setImmediate(() => app.matching.warm());
  const overdue = watchOverdue({ sqlite: database.sqlite, notifier: app.notifier, live: app.live, clock: systemClock,
    onError: (err) => app.log.error({ err }, 'overdue check failed') });

  const shutdown = prepareShutdown(app);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => { app.log.error('shutdown timed out'); process.exit(1); }, 10_000);
    force.unref();
    // A client that stops sending mid-request would hold close() up to the hard limit: cut what is left first, so the database still closes cleanly.
    const cut = setTimeout(() => { app.log.warn('shutdown: closing connections still open after 7 s'); app.server.closeAllConnections(); }, 7_000);
    cut.unref();
    overdue.stop();
    try {
      await shutdown.drain();
      await app.close();
      await search.close();
    } finally {
      database.close();
      app.log.info('database closed');
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('127.0.0.1', 'localhost');
  console.log(`\n链链通 已启动：${url}\n`);

  // Accounts cost a deliberately slow password hash each: the city is served while they are made.
  if (seedDemo) {
    const demoAccounts = await seedDemoAccounts(database, app.accounts, systemClock.now());
    seedDemoProblems(database, app.accounts, systemClock.now());
    seedDemoDeals(app, systemClock.now());
    seedDemoProjects({ sqlite: database.sqlite, feed: app.deps.feed, accounts: app.accounts }, systemClock.now());
    console.log('演示账号（仅用于演示数据）：');
    for (const a of demoAccounts) console.log(`  ${ROLE_LABEL[a.role].padEnd(8)} 用户名 ${a.username.padEnd(9)} 密码 ${a.password}${a.firm ? `  （${a.firm}）` : ''}`);
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
