/**
 * The change journal: how one process hears what another committed to the same database file.
 *
 * Every ChangeSet a feed announces is written to `change_log` inside the writing transaction (so a
 * row exists exactly when the change does), tagged with the writing process. Another process asks,
 * cheaply, whether anything was committed since it last looked (follow.ts: `PRAGMA data_version`
 * changes when another connection commits to the file) and only then reads the rows after the last id it
 * saw, skipping its own (it told its own listeners already). Rows older than a few minutes are
 * pruned by the one process that runs background work; a process that slept past the pruned rows
 * sees the gap and starts its caches afresh instead of replaying.
 */
import type Database from 'better-sqlite3';
import type { ChangeFeed, ChangeSet } from '../changes.ts';
import type { Ended } from '../auth/accounts.ts';

/** This process (and its worker threads, whose writes the main thread announces itself). */
export const PROCESS_ORIGIN = `pid:${process.pid}`;

/** How long journal rows are kept: far longer than any live process takes to read them. */
export const JOURNAL_KEEP_MS = 10 * 60_000;

/** A committed change, or a session/token that ended (its live sockets on every process close). */
export type JournalEntry = { changes: ChangeSet } | { ended: Ended };

export interface JournalNews {
  entries: JournalEntry[];
  /** rows this process never saw were pruned: what it holds in memory must be rebuilt */
  gap: boolean;
}

const isEmpty = (c: ChangeSet) => !c.lexicon && c.enterprises.length + c.listings.length + c.components.length + (c.deals?.length ?? 0)
  + (c.problems?.length ?? 0) + (c.projects?.length ?? 0) + (c.ranked?.length ?? 0) + (c.events?.length ?? 0) === 0;

/** Writes each change announced on `feed` into the journal, in its transaction (also for writers outside the app: the import command). */
export function journalWrites(feed: ChangeFeed, sqlite: Database.Database, origin = PROCESS_ORIGIN): ChangeFeed {
  const insert = sqlite.prepare<[number, string, string]>('insert into change_log (at, origin, changes) values (?, ?, ?)');
  feed.onWrite((changes) => { if (!isEmpty(changes)) insert.run(Date.now(), origin, JSON.stringify({ changes })); });
  return feed;
}

interface Row { id: number; origin: string; changes: string }

export class ChangeJournal {
  private cursor: number;
  private readonly after: Database.Statement<[number], Row>;
  private readonly insert: Database.Statement<[number, string, string]>;

  constructor(private readonly sqlite: Database.Database, readonly origin = PROCESS_ORIGIN) {
    this.after = sqlite.prepare<[number], Row>('select id, origin, changes from change_log where id > ? order by id');
    this.insert = sqlite.prepare<[number, string, string]>('insert into change_log (at, origin, changes) values (?, ?, ?)');
    // What is in the database now is what this process starts from: only later rows are news.
    this.cursor = this.lastId();
  }

  private lastId(): number {
    return this.sqlite.prepare<[], number>(`select seq from sqlite_sequence where name = 'change_log'`).pluck().get() ?? 0;
  }

  /** Records an entry on its own (outside a feed's transaction). */
  append(entry: JournalEntry, now: number): void {
    this.insert.run(now, this.origin, JSON.stringify(entry));
  }

  /** Writes every change announced on `feed` into the journal, inside its transaction. */
  recordWrites(feed: ChangeFeed): void {
    journalWrites(feed, this.sqlite, this.origin);
  }

  /** What other processes committed since the last call (ask only when `DataVersion` says someone did). */
  news(): JournalNews | null {
    const rows = this.after.all(this.cursor);
    if (rows.length === 0) return null;
    // AUTOINCREMENT ids have no holes but the ones pruning makes.
    const gap = rows[0]!.id !== this.cursor + 1;
    this.cursor = rows[rows.length - 1]!.id;
    const entries = rows.filter((r) => r.origin !== this.origin).map((r) => JSON.parse(r.changes) as JournalEntry);
    return entries.length || gap ? { entries, gap } : null;
  }

  /** Deletes rows older than `keepMs`; returns how many. */
  prune(now: number, keepMs = JOURNAL_KEEP_MS): number {
    return this.sqlite.prepare<[number]>('delete from change_log where at < ?').run(now - keepMs).changes;
  }
}
