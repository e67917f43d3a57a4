/**
 * The Meilisearch backend, kept thin: translate.ts says what to send, outbox.ts remembers
 * what is still to send; this class talks to the server through the official client.
 * `waitTask` resolves with a failed task rather than throwing, so every task's status is
 * checked (checkTask) and a failure becomes an error with Meilisearch's own message.
 */
import type Database from 'better-sqlite3';
import {
  Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise, type Index, type Task,
} from 'meilisearch';
import { getLexicon, type Lexicon } from '../lexicon.ts';
import {
  emptyFacetCounts, SearchUnavailableError, type SearchDocument, type SearchIndex, type SearchQuery, type SearchResult, type SearchStats,
} from '../search-index.ts';
import { conceptGroupsFor, lexiconFingerprint } from '../text/concept-groups.ts';
import { planQuery } from '../text/query-plan.ts';
import { DEFAULT_BACKOFF, latestPerKey, Outbox, type Backoff } from './outbox.ts';
import { fromMeiliResponse, meiliSearchParams, meiliSettings, PRIMARY_KEY, removalFilter, toMeiliDocument, type MeiliDocument } from './translate.ts';

export interface MeiliOptions {
  host: string;
  apiKey?: string;
  indexUid?: string;
  /** Per HTTP request. */
  requestTimeoutMs?: number;
  /** Per awaited task (settings and big batches take longer than searches). */
  taskTimeoutMs?: number;
  pollIntervalMs?: number;
  backoff?: Backoff;
  /** How often the outbox is looked at without a local write (writes by other processes, retries). */
  pollOutboxMs?: number;
  lexicon?: Lexicon;
  log?: { warn(obj: object, msg: string): void };
}

export class MeiliTaskError extends Error {
  override readonly name = 'MeiliTaskError';
  constructor(readonly task: Task) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no reason given'}${task.error?.code ? ` [${task.error.code}]` : ''}`);
  }
}

/** A task that ended in any state but success is an error. */
export function checkTask(task: Task): Task {
  if (task.status !== 'succeeded') throw new MeiliTaskError(task);
  return task;
}

const unreachable = (err: unknown) => err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError
  || err instanceof MeilisearchTaskTimeOutError;

const STATE_KEY = 'meili.fingerprint';
/** The index a rebuild fills beside the live one before the two are swapped. */
export const REBUILD_SUFFIX = '_rebuild';
const BATCH = 1000;

export class MeiliSearchIndex implements SearchIndex {
  readonly backend = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly index: Index<MeiliDocument>;
  private readonly outbox: Outbox;
  private readonly lexicon: Lexicon;
  private ready: Promise<void> | null = null;
  private draining: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private closed = false;
  private delivering = true;

  constructor(private readonly sqlite: Database.Database, private readonly opts: MeiliOptions) {
    this.client = new Meilisearch({
      host: opts.host, apiKey: opts.apiKey, timeout: opts.requestTimeoutMs ?? 5000,
      defaultWaitOptions: { timeout: opts.taskTimeoutMs ?? 30_000, interval: opts.pollIntervalMs ?? 50 },
    });
    this.index = this.client.index<MeiliDocument>(opts.indexUid ?? 'lianliantong');
    this.outbox = new Outbox(sqlite, opts.backoff ?? DEFAULT_BACKOFF);
    this.lexicon = opts.lexicon ?? getLexicon();
  }

  private async wait(task: EnqueuedTaskPromise): Promise<Task> {
    return checkTask(await task.waitTask());
  }

  /** Creates the index and applies the settings, once; a failure is retried by the next caller. */
  private ensureReady(): Promise<void> {
    this.ready ??= this.prepareIndex(this.index.uid).catch((err) => { this.ready = null; throw err; });
    return this.ready;
  }

  /** Creates an index (if it is not there) with the primary key and the settings. */
  private async prepareIndex(uid: string): Promise<void> {
    const created = await this.client.createIndex(uid, { primaryKey: PRIMARY_KEY }).waitTask();
    if (created.status !== 'succeeded' && created.error?.code !== 'index_already_exists') checkTask(created);
    await this.wait(this.client.index(uid).updateSettings(meiliSettings(this.lexicon.synonymGroups())));
  }

  private fingerprint(): string {
    return lexiconFingerprint(this.lexicon);
  }

  async start(): Promise<{ rebuildNeeded: boolean }> {
    await this.ensureReady();
    if (!this.poller && !this.closed) {
      this.poller = setInterval(() => this.kick(), this.opts.pollOutboxMs ?? 2000);
      this.poller.unref();
    }
    this.kick();
    const stored = this.sqlite.prepare('select value from search_state where key = ?').pluck().get(STATE_KEY);
    return { rebuildNeeded: stored !== this.fingerprint() };
  }

  upsert(docs: SearchDocument[]): void {
    const groups = conceptGroupsFor(this.lexicon);
    this.outbox.add('upsert', docs.map((d) => ({ key: d.key, body: JSON.stringify(toMeiliDocument(d, groups)) })));
    this.kick();
  }

  remove(keys: string[]): void {
    this.outbox.add('remove', keys.map((key) => ({ key, body: null })));
    this.kick();
  }

  deliverOutbox(on: boolean): void {
    this.delivering = on;
    if (on) this.kick();
  }

  /** Delivers soon, after the caller's transaction has committed (or rolled back: then there is nothing). */
  private kick(delayMs = 0): void {
    if (this.closed || this.timer || !this.delivering) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain(false).catch((err) => this.opts.log?.warn({ err }, 'search outbox: delivery failed, will retry'));
    }, delayMs);
    this.timer.unref();
  }

  /** Delivers runs until the outbox is empty or a run fails (then it stays, with its backoff). */
  private drain(force: boolean): Promise<void> {
    const run = this.draining.then(async () => {
      for (;;) {
        const now = Date.now();
        const entries = this.outbox.nextRun(force ? Number.MAX_SAFE_INTEGER : now, BATCH);
        if (entries.length === 0) return;
        try {
          await this.ensureReady();
          const latest = latestPerKey(entries);
          if (entries[0]!.op === 'upsert') {
            await this.wait(this.index.addDocuments(latest.map((e) => JSON.parse(e.body!) as MeiliDocument), { primaryKey: PRIMARY_KEY }));
          } else {
            await this.wait(this.index.deleteDocuments({ filter: removalFilter(latest.map((e) => e.key)) }));
          }
          this.outbox.delivered(entries.map((e) => e.id));
        } catch (err) {
          const retryAt = this.outbox.failed(entries, err instanceof Error ? err.message : String(err), Date.now());
          if (!force) this.kick(Math.max(0, retryAt - Date.now()));
          throw err;
        }
      }
    });
    this.draining = run.catch(() => undefined);
    return run;
  }

  async flush(): Promise<void> {
    await this.drain(true);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const plan = planQuery(query.text, this.lexicon);
    if (plan.void) return { total: 0, totalExact: true, facetsExact: true, maxOffset: 0, hits: [], facets: emptyFacetCounts() };
    const { q, ...params } = meiliSearchParams(query, plan);
    try {
      return fromMeiliResponse(await this.index.search(q, params), query, plan);
    } catch (err) {
      const notReady = err instanceof MeilisearchApiError && (err.response.status >= 500 || err.cause?.code === 'index_not_found');
      if (unreachable(err) || notReady) {
        throw new SearchUnavailableError(`Meilisearch: ${(err as Error).message}`, { cause: err });
      }
      throw err;
    }
  }

  /** Queued behind any delivery in progress, so no older outbox entry lands after the fresh documents. */
  /**
   * Rebuilds with no moment without results: every document goes into a fresh index beside the live
   * one, which keeps answering; then the two are swapped in one task and the old one is deleted.
   * Writes made meanwhile wait in the outbox (delivery takes turns with this) and reach the new index
   * after the swap; the entries older than the rebuild are dropped, the rebuild carries them.
   */
  async rebuild(batches: Iterable<SearchDocument[]>): Promise<number> {
    const run = this.draining.then(async () => {
      await this.ensureReady();
      const supersededUpTo = this.outbox.maxId();
      const groups = conceptGroupsFor(this.lexicon);
      const next = `${this.index.uid}${REBUILD_SUFFIX}`;
      // a rebuild that died half-way leaves its index behind
      await this.client.deleteIndexIfExists(next);
      await this.prepareIndex(next);
      let count = 0;
      for (const batch of batches) {
        if (batch.length === 0) continue;
        await this.wait(this.client.index(next).addDocuments(batch.map((d) => toMeiliDocument(d, groups)), { primaryKey: PRIMARY_KEY }));
        count += batch.length;
      }
      await this.wait(this.client.swapIndexes([{ indexes: [this.index.uid, next], rename: false }]));
      await this.wait(this.client.deleteIndex(next));
      this.outbox.clearUpTo(supersededUpTo);
      this.sqlite.prepare('insert into search_state (key, value) values (?, ?) on conflict(key) do update set value = excluded.value')
        .run(STATE_KEY, this.fingerprint());
      return count;
    });
    this.draining = run.then(() => undefined, () => undefined);
    return run;
  }

  async stats(): Promise<SearchStats> {
    const pending = this.outbox.size();
    const documents = await this.index.getStats().then((s) => s.numberOfDocuments, () => null);
    return { backend: 'meilisearch', documents, pending };
  }

  /** The oldest delivery error still waiting, for status pages and the reindex command. */
  lastDeliveryError(): string | null {
    return this.outbox.lastError();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    this.timer = null;
    this.poller = null;
    await this.draining;
  }
}
