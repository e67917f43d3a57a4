/**
 * The durable outbox between the database and Meilisearch: writes are recorded here inside
 * the transaction that changes the data, and delivered later in order, with retries and
 * exponential backoff. A Meilisearch that is down only delays them; nothing is lost, and a
 * process that dies mid-delivery sends again (upserts and removals are idempotent).
 */
import type Database from 'better-sqlite3';

export type OutboxOp = 'upsert' | 'remove';

export interface OutboxEntry { id: number; op: OutboxOp; key: string; body: string | null; attempts: number; not_before: number }

export interface Backoff { baseMs: number; maxMs: number }
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 5 * 60_000 };

/** Delay before attempt n+1 after n failures: doubling from baseMs, capped, with ±20% jitter. */
export function backoffMs(attempts: number, b: Backoff = DEFAULT_BACKOFF, random = Math.random): number {
  const plain = Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(plain * (0.8 + 0.4 * random()));
}

export class Outbox {
  private readonly st;

  constructor(private readonly sqlite: Database.Database, private readonly backoff: Backoff = DEFAULT_BACKOFF) {
    const p = <Params extends unknown[] | {} = unknown[], Row = unknown>(sql: string) => sqlite.prepare<Params, Row>(sql);
    this.st = {
      add: p(`insert into search_outbox (op, key, body) values (?, ?, ?)`),
      head: p<[number], OutboxEntry>(`select id, op, key, body, attempts, not_before from search_outbox order by id limit ?`),
      done: p(`delete from search_outbox where id in (select value from json_each(?))`),
      failed: p(`update search_outbox set attempts = attempts + 1, not_before = ?, last_error = ? where id in (select value from json_each(?))`),
      size: p<[], number>(`select count(*) from search_outbox`).pluck(),
      maxId: p<[], number>(`select coalesce(max(id), 0) from search_outbox`).pluck(),
      clearUpTo: p(`delete from search_outbox where id <= ?`),
      lastError: p<[], string>(`select last_error from search_outbox where last_error is not null order by id limit 1`).pluck(),
    };
  }

  add(op: OutboxOp, entries: readonly { key: string; body: string | null }[]): void {
    if (entries.length === 0) return;
    this.sqlite.transaction(() => {
      for (const e of entries) this.st.add.run(op, e.key, e.body);
    })();
  }

  /**
   * The next run to deliver: the oldest entries that share one operation (order between an
   * upsert and a later removal matters), at most `max`, or none while the oldest waits out its backoff.
   */
  nextRun(now: number, max: number): OutboxEntry[] {
    const head = this.st.head.all(max);
    if (head.length === 0 || head[0]!.not_before > now) return [];
    const op = head[0]!.op;
    const end = head.findIndex((e) => e.op !== op);
    return end === -1 ? head : head.slice(0, end);
  }

  delivered(ids: readonly number[]): void {
    this.st.done.run(JSON.stringify(ids));
  }

  /** Records a failed delivery; returns when the run may be tried again. */
  failed(entries: readonly OutboxEntry[], error: string, now: number): number {
    const attempts = Math.max(...entries.map((e) => e.attempts)) + 1;
    const notBefore = now + backoffMs(attempts, this.backoff);
    this.st.failed.run(notBefore, error.slice(0, 500), JSON.stringify(entries.map((e) => e.id)));
    return notBefore;
  }

  size(): number { return this.st.size.get() ?? 0; }
  maxId(): number { return this.st.maxId.get() ?? 0; }
  lastError(): string | null { return this.st.lastError.get() ?? null; }
  /** Drops entries a full rebuild has made redundant (it read the data after they were written). */
  clearUpTo(id: number): void { this.st.clearUpTo.run(id); }
}

/** The last write per key wins within a run of one operation. */
export function latestPerKey(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const byKey = new Map<string, OutboxEntry>();
  for (const e of entries) byKey.set(e.key, e);
  return [...byKey.values()];
}
