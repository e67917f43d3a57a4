/**
 * The in-app inbox: a notification is a row per recipient, and the same event goes out
 * live to the recipient's open pages — on whichever process holds them (`deliver`).
 */
import type Database from 'better-sqlite3';
import type { LiveSender } from './live-events.ts';

export interface Notice { kind: string; title: string; body: string; href?: string }

export function unreadCount(sqlite: Database.Database, userId: number): number {
  return sqlite.prepare<[number], number>('select count(*) from notifications where user_id = ? and read_at is null').pluck().get(userId) ?? 0;
}

interface Pushed { id: number; userId: number; title: string; body: string; href: string | null }

export class Notifier {
  /** the last notification row pushed to this process's sockets (rows are pushed by whichever process holds the socket) */
  private pushedUpTo: number;

  constructor(private readonly sqlite: Database.Database, private readonly live: LiveSender | null) {
    this.pushedUpTo = sqlite.prepare<[], number | null>('select max(id) from notifications').pluck().get() ?? 0;
  }

  /** Stores one notification per user and pushes it to their open pages; returns the user ids reached. */
  notify(userIds: Iterable<number>, notice: Notice, now: number): number[] {
    const ids = this.store(userIds, notice, now);
    this.deliver();
    return ids;
  }

  /**
   * Stores one notification per user without pushing it: called inside a write's transaction, the rows
   * commit with the write (or roll back with it) and `deliver` pushes them once it has committed.
   */
  store(userIds: Iterable<number>, notice: Notice, now: number): number[] {
    const ids = [...new Set(userIds)];
    const insert = this.sqlite.prepare('insert into notifications (user_id, kind, title, body, href, created_at) values (?, ?, ?, ?, ?, ?)');
    this.sqlite.transaction(() => { for (const id of ids) insert.run(id, notice.kind, notice.title, notice.body, notice.href ?? null, now); })();
    return ids;
  }

  /**
   * Pushes every notification stored since the last push — by this process or another one writing
   * to the same database (WORKERS) — to the recipients' pages open on this process.
   */
  deliver(): void {
    const rows = this.sqlite.prepare<[number], Pushed>('select id, user_id as userId, title, body, href from notifications where id > ? order by id')
      .all(this.pushedUpTo);
    if (!rows.length) return;
    this.pushedUpTo = rows[rows.length - 1]!.id;
    if (!this.live) return;
    for (const n of rows) {
      this.live.send((a) => a.kind === 'user' && a.id === n.userId, (a) => ({
        type: 'notification', title: n.title, body: n.body, href: n.href ?? undefined, unread: unreadCount(this.sqlite, a.id),
      }));
    }
  }

  /** Active users of a firm in the given roles (e.g. a chain leader's procurement staff). */
  firmUsers(enterpriseId: number, roles: string[]): number[] {
    return this.sqlite.prepare<unknown[], number>(`select id from users where enterprise_id = ? and disabled_at is null and role in (${roles.map(() => '?').join(',')})`)
      .pluck().all(enterpriseId, ...roles);
  }
}

export interface InboxRow { id: number; kind: string; title: string; body: string; href: string | null; createdAt: number; readAt: number | null }

export function inbox(sqlite: Database.Database, userId: number, limit = 50): InboxRow[] {
  return sqlite.prepare<[number, number], InboxRow>(`select id, kind, title, body, href, created_at as createdAt, read_at as readAt from notifications
    where user_id = ? order by id desc limit ?`).all(userId, limit);
}

export function markRead(sqlite: Database.Database, userId: number, now: number, id?: number): number {
  return id === undefined
    ? sqlite.prepare('update notifications set read_at = ? where user_id = ? and read_at is null').run(now, userId).changes
    : sqlite.prepare('update notifications set read_at = ? where user_id = ? and id = ? and read_at is null').run(now, userId, id).changes;
}
