/**
 * Starts the server: read config, open and migrate the database, load the demo city into
 * an empty database, listen. SIGTERM/SIGINT: answer new requests 503 while the connections
 * already made are heard (shutdown.ts), stop listening, let in-flight requests finish, close the
 * database cleanly.
 *
 * WORKERS=N (N > 1): this process becomes the cluster primary (cluster/primary.ts) and each worker
 * runs this same file as one server over the same database file; worker 1 starts first and alone
 * loads the demo city. Background work runs in whichever process holds the lease (cluster/background.ts).
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadConfig, ConfigError } from './config.ts';
import { openDatabase } from '../db/client.ts';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { isEmpty, loadDemoCity, seedDemoAccounts } from './demo.ts';
import { ROLE_LABEL } from './vocabulary.ts';
import { seedDemoProblems } from './problems/demo.ts';
import { seedDemoDeals } from './deals/demo.ts';
import { seedDemoProjects } from './attraction/demo.ts';
import { watchOverdue } from './problems/overdue.ts';
import { createSearchIndex } from '../search/create-search-index.ts';
import { ensureSearchIndex, searchFeed } from './search/sync.ts';
import { prepareShutdown } from './plugins/shutdown.ts';
import { runPrimary, workerIdentity } from './cluster/primary.ts';
import { SharedLimits } from './cluster/shared-limits.ts';
import { LoginLimiter } from './auth/login-limiter.ts';

class PortBusy extends Error {}

/** Fails fast, before the demo city is loaded, when another program holds the port. */
function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
      ? new PortBusy(`端口 ${port} 已被占用（${host}）：另一个链链通或其他程序正在使用它。\n请先停止它，或换一个端口启动：PORT=${port + 1} npm start`)
      : err));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    await checkPortFree(config.port, config.host);
    // The primary has no Fastify logger: a pino-shaped line for a log collector, plain text for a person.
    const line = (level: number) => (text: string) => console.log(config.logFormat === 'pretty' ? text : JSON.stringify({ level, time: Date.now(), pid: process.pid, msg: text }));
    await runPrimary(config.workers, line(30), line(40));
    return;
  }
  const me = workerIdentity(config.workers);
  // A cluster worker shares the primary's port: the primary checked it.
  if (!cluster.isWorker) await checkPortFree(config.port, config.host);
  const database = openDatabase(config.databaseFile, { mapped: true });
  const search = createSearchIndex(database.sqlite, config, { log: { warn: (obj, msg) => app.log.warn(obj, msg) } });
  // The search outbox (Meilisearch) is sent by the one process running background work (a job below), so deliveries keep their order.
  search.deliverOutbox?.(false);
  // A cluster worker counts sign-in tries and API calls in the primary, for the whole server.
  const limits = cluster.isWorker
    ? new SharedLimits({
      // after disconnect (shutting down) a send would raise an error event: throw here, and the worker decides locally
      send: (m) => { if (!process.connected || !process.send) throw new Error('no channel to the primary'); process.send(m, undefined, {}, () => {}); },
      onMessage: (l) => { process.on('message', l); },
    }, new LoginLimiter(systemClock), systemClock)
    : undefined;
  const app = await buildApp({ config, database, clock: systemClock, search, limits });
  try {
    const { rebuilt } = await ensureSearchIndex(database.sqlite, search);
    if (rebuilt !== null) app.log.info({ backend: search.backend, documents: rebuilt }, 'search index rebuilt from the database');
  } catch (err) {
    app.log.error({ err }, 'search backend not ready: writes wait in its outbox, searches answer 503 until it is back');
  }

  const seedDemo = config.demo && me.mayLoadDemo && isEmpty(database);
  if (seedDemo) {
    const started = Date.now();
    const c = loadDemoCity(database, systemClock.now(), { feed: searchFeed(database.sqlite, search) }).counts!;
    app.log.info({ enterprises: c.enterprises.inserted, listings: c.listings.inserted, components: c.components.inserted, ms: Date.now() - started }, 'demo city loaded');
  }

  // Background work of the one process holding the lease (it starts when the app is ready).
  app.background.add({ name: 're-rank stale components', start: () => app.matching.queueStale(), stop: () => {} });
  let overdue: { stop(): void } | null = null;
  app.background.add({
    name: 'overdue checks',
    start: () => {
      overdue = watchOverdue({ sqlite: database.sqlite, notifier: app.notifier, live: app.live, clock: systemClock,
        onError: (err) => app.log.error({ err }, 'overdue check failed') });
    },
    stop: () => { overdue?.stop(); overdue = null; },
  });
  app.background.add({ name: 'search outbox delivery', start: () => search.deliverOutbox?.(true), stop: () => search.deliverOutbox?.(false) });
  setImmediate(() => app.matching.warm());

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
    overdue?.stop();
    try {
      await shutdown.drain();
      await app.close();
      await search.close();
    } finally {
      database.close();
      app.log.info('database closed');
      // A cluster worker's channel to the primary would keep it alive: let go, and it exits as a lone process does.
      if (cluster.isWorker) cluster.worker?.disconnect();
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('127.0.0.1', 'localhost');
  // A person at a terminal reads a banner (once, from worker 1); a log collector gets JSON lines only.
  const say = config.logFormat === 'pretty' ? (text: string) => console.log(text) : (text: string) => app.log.info(text);
  const workersNote = me.count > 1 ? `（${me.count} 个工作进程）` : '';
  if (me.index === 1) say(config.logFormat === 'pretty' ? `\n链链通 已启动：${url}${workersNote}\n` : `链链通 已启动：${url}${workersNote}`);

  // Accounts cost a deliberately slow password hash each: the city is served while they are made.
  if (seedDemo && !stopping) {
    const demoAccounts = await seedDemoAccounts(database, app.accounts, systemClock.now()).catch((err: unknown) => {
      if (stopping) return null; // stopped while the accounts were being made: nothing to report
      throw err;
    });
    if (demoAccounts === null || stopping) return;
    seedDemoProblems(database, app.accounts, systemClock.now());
    seedDemoDeals(app, systemClock.now());
    seedDemoProjects({ sqlite: database.sqlite, feed: app.deps.feed, accounts: app.accounts }, systemClock.now());
    say(['演示账号（仅用于演示数据）：', ...demoAccounts.map((a) => `  ${ROLE_LABEL[a.role].padEnd(8)} 用户名 ${a.username.padEnd(9)} 密码 ${a.password}${a.firm ? `  （${a.firm}）` : ''}`)].join('\n'));
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof PortBusy) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
