/**
 * A named lease in the database: at most one process holds it at a time. The holder renews it well
 * before it lapses; a holder that crashed (or hangs) simply stops renewing, and after `ttlMs` any
 * other process may take it — no primary process has to notice the crash.
 */
import type Database from 'better-sqlite3';

export class Lease {
  private readonly take: Database.Statement<[string, string, number, number]>;
  private readonly drop: Database.Statement<[string, string]>;

  constructor(private readonly sqlite: Database.Database, readonly name: string, readonly holder: string, readonly ttlMs: number) {
    // One statement takes a free or lapsed lease, or renews our own; it changes no row when another process holds it.
    this.take = sqlite.prepare<[string, string, number, number]>(`insert into leases (name, holder, expires_at) values (?, ?, ?)
      on conflict(name) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where leases.holder = excluded.holder or leases.expires_at <= ?`);
    this.drop = sqlite.prepare<[string, string]>('update leases set expires_at = 0 where name = ? and holder = ?');
  }

  /** Takes or renews the lease; true while this holder has it. */
  hold(now: number): boolean {
    return this.take.run(this.name, this.holder, now + this.ttlMs, now).changes === 1;
  }

  /** Gives the lease up at once (a clean shutdown), so another process need not wait for it to lapse. */
  release(): void {
    this.drop.run(this.name, this.holder);
  }

  /** Who holds it now, if anyone (for logs and tests). */
  holderAt(now: number): string | null {
    return this.sqlite.prepare<[string, number], string>('select holder from leases where name = ? and expires_at > ?').pluck().get(this.name, now) ?? null;
  }
}
