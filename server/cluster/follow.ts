/**
 * Keeping this process in step with the others on the same file. `catchUp()` costs one
 * `PRAGMA data_version` when nobody else committed; it runs before every request (so no answer is
 * built from what another process already changed) and on a short timer (so an idle process still
 * pushes live events and its background work hears of changes). When someone did commit, the
 * journal rows it has not seen are replayed through the same after-commit listeners a local write
 * reaches (matching index, read cache, lexicon, live refreshes), and notification rows go to this
 * process's own sockets.
 */
import type Database from 'better-sqlite3';
import type { ChangeFeed } from '../changes.ts';
import type { Ended } from '../auth/accounts.ts';
import type { ChangeJournal } from './journal.ts';

export const FOLLOW_POLL_MS = 250;

export interface FollowDeps {
  sqlite: Database.Database;
  journal: ChangeJournal;
  feed: ChangeFeed;
  /** another process re-ranked components (their summaries changed): cached pages and open pages refresh */
  ranked(componentIds: number[]): void;
  /** a session or token ended in another process: close its sockets here */
  ended(e: Ended): void;
  /** journal rows were pruned before this process read them: rebuild what it holds in memory */
  reset(): void;
  /** notifications other processes stored, pushed to this process's sockets */
  deliverNotifications(): void;
  log: { error(obj: unknown, msg: string): void };
}

export class ProcessFollower {
  private readonly dataVersion: Database.Statement<[], number>;
  private version: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: FollowDeps) {
    this.dataVersion = deps.sqlite.prepare<[], number>('pragma data_version').pluck();
    this.version = this.dataVersion.get()!;
  }

  /** Replays what other processes committed since the last look; returns whether there was anything. */
  catchUp(): boolean {
    const version = this.dataVersion.get()!;
    if (version === this.version) return false;
    this.version = version;
    const { deps } = this;
    try {
      const news = deps.journal.news();
      if (news?.gap) deps.reset();
      const ranked: number[] = [];
      for (const entry of news?.entries ?? []) {
        if ('ended' in entry) deps.ended(entry.ended);
        else {
          deps.feed.committed(entry.changes);
          if (entry.changes.ranked?.length) ranked.push(...entry.changes.ranked);
        }
      }
      if (ranked.length) deps.ranked(ranked);
      deps.deliverNotifications();
    } catch (err) {
      deps.log.error({ err }, 'catching up with other processes failed');
    }
    return true;
  }

  start(everyMs = FOLLOW_POLL_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.catchUp(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
