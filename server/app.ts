/**
 * buildApp(deps) assembles the Fastify app and never listens: main.ts listens, tests inject.
 * Order: ecosystem plugins → own plugins → routes.
 */
import { prettyLogStream } from './log-format.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { Config } from './config.ts';
import type { Database_ } from '../db/client.ts';
import type { Clock } from './clock.ts';
import { answerFrameworkError, registerErrorHandling } from './plugins/errors.ts';
import { registerStaticAssets } from './plugins/static-assets.ts';
import { registerPageRendering } from './plugins/pages.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerWriteContext } from './plugins/write-context.ts';
import { registerCsrf } from './plugins/csrf.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerLive } from './plugins/live.ts';
import { Accounts } from './auth/accounts.ts';
import { LoginLimiter } from './auth/login-limiter.ts';
import { localLoginGate, type LoginGate, type SharedLimits } from './cluster/shared-limits.ts';
import { HashQueue } from './auth/hash-queue.ts';
import { sessionPurgeJob } from './auth/session-purge.ts';
import type { HashCost } from './auth/passwords.ts';
import { ChangeFeed, noChanges } from './changes.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';
import { webhooksOnWrite } from './webhooks/outbox.ts';
import { ReadCache } from './read-cache.ts';
import { Notifier } from './notifications.ts';
import { LiveMatching } from './components/live-matching.ts';
import { authRoutes } from './routes/auth.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { adminTokenRoutes } from './routes/admin-tokens.ts';
import { adminWebhookRoutes } from './routes/admin-webhooks.ts';
import { selfServiceRoutes } from './routes/self-service.ts';
import { componentRoutes } from './routes/components.ts';
import { dealRoutes } from './routes/deals.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { apiRoutes } from './routes/api/index.ts';
import { registerApiSchema } from './plugins/api-schema.ts';
import { registerApiRateLimit } from './plugins/rate-limit.ts';
import { homeRoutes } from './routes/home.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { listingRoutes } from './routes/listings.ts';
import { importRoutes } from './routes/import.ts';
import { searchRoutes } from './routes/search.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { EmbeddedSearchIndex } from '../search/embedded/embedded-index.ts';
import { indexOnWrite } from './search/sync.ts';
import { problemRoutes } from './routes/problems.ts';
import { announceSteps } from './problems/announce.ts';
import { problemStatsRoutes } from './routes/problems-stats.ts';
import { dispatchRoutes } from './routes/dispatch.ts';
import { attractionRoutes } from './routes/attraction.ts';
import { attractionProjectRoutes } from './routes/attraction-projects.ts';
import { whatIfRoutes } from './routes/what-if.ts';
import { chainRoutes } from './routes/chains.ts';
import { lexiconRoutes } from './routes/lexicon.ts';
import { loadAdditions } from './lexicon/additions.ts';
import { ChangeJournal, JOURNAL_KEEP_MS, PROCESS_ORIGIN } from './cluster/journal.ts';
import { Background, LEASE_TTL_MS, repeatingJob, type BackgroundJob } from './cluster/background.ts';
import { Lease } from './cluster/lease.ts';
import { ProcessFollower } from './cluster/follow.ts';
import { randomBytes } from 'node:crypto';

export interface AppDeps {
  config: Config;
  database: Database_;
  clock: Clock;
  /** scrypt cost; tests pass a cheap one */
  passwordCost?: HashCost;
  /** what writes announce to indexes and live updates; one is made when not given */
  feed?: ChangeFeed;
  /** the search backend (main.ts picks it from config); the embedded index over `database` when not given */
  search?: SearchIndex;
  /** a cluster worker's login and API limits, counted in the primary for every worker; this process's own when not given */
  limits?: SharedLimits;
  /** how often live sockets' sessions and tokens are looked up again (60 s); tests pass a short one */
  liveRecheckMs?: number;
  /** how often expired session rows are deleted (15 min; also once at start) */
  sessionPurgeMs?: number;
  /**
   * names this process in the change journal (its own rows are not replayed to it) and, with a
   * random suffix, as a background-lease holder; tests opening two apps on one file give each its own
   */
  processName?: string;
  /** how often an idle process looks for other processes' commits (250 ms; before every request too) */
  followPollMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance { deps: AppDeps & { feed: ChangeFeed; search: SearchIndex }; accounts: Accounts; loginLimiter: LoginGate; notifier: Notifier; matching: LiveMatching; reads: ReadCache; webhooks: WebhookDispatcher;
    journal: ChangeJournal; background: Background; follower: ProcessFollower }
}

/** Old journal rows go, once a minute, from the process running background work. */
function journalPruneJob(journal: ChangeJournal, log: { error(obj: unknown, msg: string): void }): BackgroundJob {
  return repeatingJob('journal prune', 60_000, () => {
    try { journal.prune(Date.now(), JOURNAL_KEEP_MS); } catch (err) { log.error({ err }, 'pruning the change journal failed'); }
  });
}

/**
 * Before every request (and every `pollMs` when idle) this process replays what other processes
 * committed: the same after-commit listeners run as for its own writes (cluster/follow.ts).
 */
function followOtherProcesses(app: FastifyInstance, pollMs?: number): void {
  const { sqlite } = app.deps.database;
  let refresh: NodeJS.Timeout | undefined;
  const follower = new ProcessFollower({
    sqlite, journal: app.journal, feed: app.deps.feed, log: app.log,
    ranked: () => {
      app.reads.clear();
      // Re-ranking commits in batches of 25: open pages hear once, a second after the last batch (as the ranking process's own pages do at its end).
      clearTimeout(refresh);
      refresh = setTimeout(() => app.live.send((a) => a.role === 'official' || a.role === 'admin' || a.role === 'procurement', { type: 'refresh', topic: 'components' }), 1000);
      refresh.unref();
    },
    ended: (e) => app.live.end(e),
    reset: () => { loadAdditions(sqlite); app.matching.forget(); },
    deliverNotifications: () => app.notifier.deliver(),
  });
  app.decorate('follower', follower);
  app.addHook('onRequest', async () => { follower.catchUp(); });
  app.addHook('onReady', async () => { follower.start(pollMs); });
  app.addHook('onClose', async () => { follower.stop(); clearTimeout(refresh); });
}

/** A hop count as Fastify applies it: the nearest `hops` addresses are proxies, the next one is the client. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false
      : { level: deps.config.logLevel, ...(deps.config.logFormat === 'pretty' ? { stream: prettyLogStream } : {}) },
    // Off unless TRUST_PROXY names the proxies in front: then request.ip/protocol/host are the client's.
    trustProxy: typeof deps.config.trustProxy === 'number' ? trustHops(deps.config.trustProxy) : deps.config.trustProxy,
    frameworkErrors: answerFrameworkError,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // A client may not hold a request open forever (slow uploads still have two minutes).
    requestTimeout: 120_000,
    forceCloseConnections: 'idle',
  });
  app.decorate('deps', { ...deps, feed: deps.feed ?? new ChangeFeed(), search: deps.search ?? new EmbeddedSearchIndex(deps.database.sqlite) });
  // Every write announced on the feed reaches the search index inside its own transaction.
  indexOnWrite(app.deps.feed, deps.database.sqlite, app.deps.search);
  // … and the change journal, from which other processes on the same file (WORKERS) replay it.
  const { sqlite } = deps.database;
  const origin = deps.processName ?? PROCESS_ORIGIN;
  const journal = new ChangeJournal(sqlite, origin);
  journal.recordWrites(app.deps.feed);
  app.decorate('journal', journal);
  // Background work (re-ranking, purges, deliveries) runs in the one process holding this lease.
  const background = new Background(new Lease(sqlite, 'background', `${origin}#${randomBytes(4).toString('hex')}`, LEASE_TTL_MS), app.log);
  app.decorate('background', background);
  if (!deps.search) app.addHook('onClose', async () => { await app.deps.search.close(); });

  await registerApiSchema(app);
  await app.register(formbody);
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploadLimitBytes, files: 10, fields: 10, fieldSize: 1024, parts: 20 },
  });
  // PASSWORD_HASH_CONCURRENCY is the server's (each hash takes ~128 MB): WORKERS share it out, at least one each
  const concurrency = Math.max(1, Math.floor(deps.config.passwordHashConcurrency / deps.config.workers));
  const accounts = new Accounts(deps.database.sqlite, deps.passwordCost, new HashQueue(concurrency, 8 * concurrency));
  app.decorate('accounts', accounts);
  // WORKERS > 1: the limits count in the primary, for every worker (cluster/shared-limits.ts)
  app.decorate('loginLimiter', deps.limits?.loginGate ?? localLoginGate(new LoginLimiter(deps.clock)));
  background.add(sessionPurgeJob(accounts, () => deps.clock.now(), app.log, deps.sessionPurgeMs));
  // Sockets on other processes opened with a session or token that ended here close too.
  accounts.onEnded((e) => journal.append({ ended: e }, Date.now()));
  await registerAuth(app, accounts);
  registerWriteContext(app);
  await registerApiRateLimit(app);
  registerCsrf(app);
  registerSecurityHeaders(app);
  registerErrorHandling(app);
  registerPageRendering(app);
  await registerStaticAssets(app);
  await registerLive(app, { recheckMs: deps.liveRecheckMs });
  app.decorate('notifier', new Notifier(deps.database.sqlite, app.live));
  // A problem's step: its notices written with it, pushed and its open pages refreshed after commit (also when replayed from another process).
  announceSteps(app.deps.feed, sqlite, { notifier: app.notifier, live: app.live });
  // Cached reads last until the next committed write (the matching index refreshes first, so matches are fresh too).
  app.decorate('reads', new ReadCache());
  // Webhooks hear of every write (and every re-ranking) inside its transaction: the outbox row commits with the change.
  webhooksOnWrite(app.deps.feed, deps.database.sqlite, deps.clock);
  // The wordings admins taught are in force before anything reads the lexicon.
  loadAdditions(deps.database.sqlite);
  const matching = new LiveMatching(deps.database.sqlite, deps.clock, app.notifier, app.live, app.log, app.reads,
    (componentIds) => app.deps.feed.written({ ...noChanges(), ranked: componentIds }), () => background.isLeader);
  app.decorate('matching', matching);
  app.deps.feed.onCommit((changes) => matching.changed(changes));
  app.deps.feed.onCommit(() => app.reads.clear());
  // A taught wording (here, or replayed from another process): in force, then every reading again.
  app.deps.feed.onCommit((changes) => {
    if (!changes.lexicon) return;
    loadAdditions(sqlite);
    matching.lexiconChanged();
  });
  app.deps.feed.onCommit((changes) => {
    if (changes.deals?.length) app.live.send((a) => a.role === 'official' || a.role === 'admin', { type: 'refresh', topic: 'deals' });
    // A project reaching operation localises parts: pages that show components' status and the rate refresh.
    if (changes.projects?.length) app.live.send((a) => a.role === 'official' || a.role === 'admin', { type: 'refresh', topic: 'components' });
  });
  // One process delivers webhooks (WEBHOOK_DELIVERY); any process may write to the outbox.
  const webhooks = new WebhookDispatcher(deps.database.sqlite, deps.clock, deps.config.sessionSecret, app.log);
  app.decorate('webhooks', webhooks);
  app.deps.feed.onCommit(() => webhooks.nudge());
  if (deps.config.webhookDelivery) background.add({ name: 'webhook delivery', start: () => webhooks.start(), stop: () => webhooks.stop() });
  app.addHook('onClose', async () => { await webhooks.stop(); });
  background.add(journalPruneJob(journal, app.log));
  followOtherProcesses(app, deps.followPollMs);
  app.addHook('onReady', async () => { background.start(); });
  app.addHook('onClose', async () => { await background.stop(); });

  await app.register(authRoutes);
  await app.register(adminUserRoutes);
  await app.register(adminTokenRoutes);
  await app.register(adminWebhookRoutes);
  await app.register(selfServiceRoutes);
  await app.register(componentRoutes);
  await app.register(dealRoutes);
  await app.register(dashboardRoutes);
  await app.register(inboxRoutes);
  await app.register(apiRoutes);

  await app.register(homeRoutes);
  await app.register(enterpriseRoutes);
  await app.register(listingRoutes);
  await app.register(searchRoutes);
  await app.register(importRoutes);
  await app.register(problemStatsRoutes);
  await app.register(problemRoutes);
  await app.register(dispatchRoutes);
  await app.register(attractionRoutes);
  await app.register(attractionProjectRoutes);
  await app.register(whatIfRoutes);
  await app.register(chainRoutes);
  await app.register(lexiconRoutes);
  return app;
}
