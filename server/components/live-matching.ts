/**
 * Keeps rankings current. It owns the in-memory MatchingIndex, answers match requests for
 * pages and the API, and after every committed change re-ranks the components the change can
 * move — in small batches, yielding to requests — updating component_match_status and telling
 * buyers when a new qualified local candidate appears.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.ts';
import type { ChangeSet } from '../changes.ts';
import type { Notifier } from '../notifications.ts';
import type { LiveSender } from '../live-events.ts';
import { loadListingRequest, loadMatchingIndex, refreshComponents, refreshEnterprises } from '../matching/load.ts';
import type { MatchingIndex } from '../matching/matching-index.ts';
import { isQualified } from '../matching/rank.ts';
import type { MatchResult, Scope, TrackRecord } from '../matching/types.ts';
import type { ReadCache } from '../read-cache.ts';
import { marksFor } from './marks.ts';
import { idList } from '../../db/rows.ts';
import { getLexicon } from '../../search/lexicon.ts';

const BATCH = 25;
/** Firms re-read per turn of the event loop after a large import. */
const REFRESH_SLICE = 2000;

export class LiveMatching {
  private index: MatchingIndex | null = null;
  private readonly queue = new Set<number>();
  /** components whose re-rank was caused by firms changing: their buyers hear of new candidates */
  private readonly announce = new Set<number>();
  private draining: Promise<void> | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly live: LiveSender | null,
    private readonly log: { error(obj: unknown, msg: string): void } = console,
    /** repeated requests for the same ranking are answered from here until the next write */
    private readonly reads: ReadCache | null = null,
    /** told, inside each re-ranking transaction, which components' summaries it rewrote */
    private readonly ranked: (componentIds: number[]) => void = () => {},
    /**
     * whether this process re-ranks (WORKERS: only the one running background work does; every
     * process keeps its own index current, since every process answers match requests)
     */
    private readonly ranks: () => boolean = () => true,
  ) {}

  private cached<T>(key: string, compute: () => T): T {
    return this.reads ? this.reads.get(`matches:${key}`, compute) : compute();
  }

  /** Built with the lexicon in force; when it changes (lexiconChanged) the index is dropped and built again. */
  private get engine(): MatchingIndex {
    this.index ??= loadMatchingIndex(this.sqlite, getLexicon());
    return this.index;
  }

  /** Deals per supplier, read once and kept until a deal changes (refresh drops it). */
  private records: Map<number, TrackRecord> | null = null;

  private trackRecords(): Map<number, TrackRecord> {
    if (this.records) return this.records;
    const rows = this.sqlite.prepare<[], { id: number } & TrackRecord>(`select supplier_id as id, sum(stage = 'signed') as signed, sum(stage = 'supplying') as supplying, sum(stage = 'lost') as lost
      from deals group by supplier_id`).all();
    this.records = new Map(rows.map((r) => [r.id, { signed: r.signed, supplying: r.supplying, lost: r.lost }]));
    return this.records;
  }

  componentMatches(componentId: number, scope: Scope = 'local', limit?: number): MatchResult | undefined {
    return this.cached(`component:${componentId}:${scope}:${limit}`, () => {
      const request = this.engine.component(componentId);
      return request ? this.engine.match(request, { scope, limit, trackRecords: this.trackRecords(), marks: marksFor(this.sqlite, componentId) }) : undefined;
    });
  }

  listingMatches(listingId: number, scope: Scope = 'local', limit?: number): MatchResult | undefined {
    return this.cached(`listing:${listingId}:${scope}:${limit}`, () => {
      const request = loadListingRequest(this.sqlite, this.engine.lexicon, listingId);
      return request ? this.engine.match(request, { scope, limit, trackRecords: this.trackRecords() }) : undefined;
    });
  }

  /** Called after a write commits: refresh what changed and queue the re-ranks. The write stands whatever happens here. */
  changed(changes: ChangeSet): void {
    try {
      this.refresh(changes);
    } catch (err) {
      this.log.error({ err }, 'matching refresh failed');
    }
  }

  private refresh(changes: ChangeSet): void {
    if (changes.deals?.length) this.records = null;
    const firms = new Set(changes.enterprises);
    // A supply listing says what its firm can do: treat its firm as changed.
    if (changes.listings.length) {
      const rows = this.sqlite.prepare<number[], number>(`select distinct enterprise_id from listings where id in (${changes.listings.map(() => '?').join(',')})`).pluck().all(...changes.listings);
      for (const id of rows) firms.add(id);
    }
    if (firms.size) {
      // A large import's firms are re-read in slices, yielding between them, so pages keep answering;
      // the first slice (every ordinary edit) is read at once, so what was just saved ranks fresh.
      const all = [...firms];
      this.refreshFirms(all.slice(0, REFRESH_SLICE));
      if (all.length > REFRESH_SLICE) this.later(all.slice(REFRESH_SLICE));
    }
    if (changes.components.length) {
      refreshComponents(this.engine, this.sqlite, changes.components);
      for (const id of changes.components) this.queue.add(id);
    }
    this.drain();
  }

  /**
   * The lexicon learned a wording: every reading (firms' capabilities, parts' requirements) is made
   * again from the new lexicon, and every component re-ranked, in the background as after an import.
   */
  lexiconChanged(): void {
    this.forget();
    for (const id of this.sqlite.prepare<[], number>('select id from components').pluck().all()) this.queue.add(id);
    this.drain();
  }

  /** Drops what is held in memory; the index is read again on the next request. */
  forget(): void {
    this.index = null;
    this.records = null;
    this.reads?.clear();
  }

  private refreshFirms(ids: number[]): void {
    for (const id of refreshEnterprises(this.engine, this.sqlite, ids).affectedComponentIds) { this.queue.add(id); this.announce.add(id); }
  }

  private refreshing: Promise<void> | null = null;

  private later(ids: number[]): void {
    const previous = this.refreshing ?? Promise.resolve();
    const run: Promise<void> = previous.then(async () => {
      for (let i = 0; i < ids.length; i += REFRESH_SLICE) {
        await new Promise((resolve) => setImmediate(resolve));
        try {
          this.refreshFirms(ids.slice(i, i + REFRESH_SLICE));
        } catch (err) {
          this.log.error({ err }, 'matching refresh failed');
        }
      }
      this.reads?.clear();
      this.drain();
    }).finally(() => { if (this.refreshing === run) this.refreshing = null; });
    this.refreshing = run;
  }

  /** Loads the index now rather than on the first match request (about 2 s at 20k firms). */
  warm(): void {
    void this.engine;
  }

  /**
   * At start: rank components never ranked, and re-rank those older than the latest change to
   * firms or to themselves (an import by the command line while the server was down).
   */
  queueStale(): void {
    const latestFirm = this.sqlite.prepare<[], number | null>('select max(updated_at) from enterprises').pluck().get() ?? 0;
    const rows = this.sqlite.prepare<[], { id: number; computedAt: number | null; updatedAt: number }>(`select c.id, m.computed_at as computedAt, c.updated_at as updatedAt from components c
      left join component_match_status m on m.component_id = c.id`).all();
    for (const r of rows) {
      if (r.computedAt === null || r.computedAt < r.updatedAt) this.queue.add(r.id);
      else if (r.computedAt < latestFirm) { this.queue.add(r.id); this.announce.add(r.id); }
    }
    this.drain();
  }

  /** Resolves when every queued re-rank is done (tests and benchmarks wait on it). */
  async settled(): Promise<void> {
    while (this.refreshing || this.draining) await (this.refreshing ?? this.draining);
  }

  private drain(): void {
    if (!this.ranks()) {
      // Another process re-ranks (it replays the same changes from the journal).
      this.queue.clear();
      this.announce.clear();
      return;
    }
    if (this.draining || this.queue.size === 0) return;
    this.draining = (async () => {
      try {
        while (this.queue.size && this.ranks()) {
          const batch = [...this.queue].slice(0, BATCH);
          for (const id of batch) this.queue.delete(id);
          this.rerank(batch);
          await new Promise((resolve) => setImmediate(resolve));
        }
        // One signal when the queue is empty, not one per batch: pages that show statuses refresh once.
        this.live?.send((a) => a.role === 'official' || a.role === 'admin' || a.role === 'procurement', { type: 'refresh', topic: 'components' });
      } catch (err) {
        this.log.error({ err }, 're-ranking failed');
      } finally {
        this.draining = null;
      }
    })();
  }

  /** Ranks each component, stores its summary, and notifies buyers of new qualified local firms. */
  rerank(componentIds: number[]): void {
    const records = this.trackRecords();
    const now = this.clock.now();
    const previous = this.sqlite.prepare<[number], { ids: string }>('select qualified_local_ids as ids from component_match_status where component_id = ?');
    const upsert = this.sqlite.prepare(`insert into component_match_status (component_id, qualified_local, qualified_local_ids, best_score, best_enterprise_id, computed_at)
      values (?, ?, ?, ?, ?, ?) on conflict(component_id) do update set qualified_local = excluded.qualified_local, qualified_local_ids = excluded.qualified_local_ids,
      best_score = excluded.best_score, best_enterprise_id = excluded.best_enterprise_id, computed_at = excluded.computed_at`);
    const news: { componentId: number; names: string[] }[] = [];
    this.sqlite.transaction(() => {
      const rewritten: number[] = [];
      for (const id of componentIds) {
        const request = this.engine.component(id);
        if (!request) continue;
        rewritten.push(id);
        const ranked = this.engine.rank(request, { scope: 'local', trackRecords: records, includeUnfit: false, marks: marksFor(this.sqlite, id) });
        const qualified = ranked.filter(isQualified);
        const before = previous.get(id);
        upsert.run(id, qualified.length, JSON.stringify(qualified.map((q) => q.enterpriseId)), ranked[0]?.score ?? null, ranked[0]?.enterpriseId ?? null, now);
        if (before && this.announce.has(id)) {
          const had = new Set(idList(before.ids));
          const fresh = qualified.filter((q) => !had.has(q.enterpriseId));
          if (fresh.length) news.push({ componentId: id, names: fresh.map((q) => q.name) });
        }
        this.announce.delete(id);
      }
      if (rewritten.length) this.ranked(rewritten);
    })();
    for (const n of news) this.notifyBuyers(n.componentId, n.names, now);
  }

  private notifyBuyers(componentId: number, names: string[], now: number): void {
    const c = this.sqlite.prepare<[number], { ref: string; name: string; buyerId: number }>('select ref, name, buyer_id as buyerId from components where id = ?').get(componentId);
    if (!c) return;
    const users = this.notifier.firmUsers(c.buyerId, ['procurement']);
    if (!users.length) return;
    this.notifier.notify(users, {
      kind: 'match.new_local',
      title: `「${c.name}」出现新的本地合格供应商`,
      body: `${c.ref} ${c.name}：新增 ${names.length} 家可配套的本地企业——${names.slice(0, 3).join('、')}${names.length > 3 ? ' 等' : ''}。`,
      href: `/components/${encodeURIComponent(c.ref)}`,
    }, now);
  }
}
