/**
 * The in-app inbox: a notification is a row per recipient, and the same event goes out
 * live to the recipient's open pages. Write inside the caller's transaction; send after.
 */
import type Database from 'better-sqlite3';
import type { LiveSender } from './live-events.ts';

export interface Notice { kind: string; title: string; body: string; href?: string }

export function unreadCount(sqlite: Database.Database, userId: number): number {
  return sqlite.prepare<[number], number>('select count(*) from notifications where user_id = ? and read_at is null').pluck().get(userId) ?? 0;
}

export class Notifier {
  constructor(private readonly sqlite: Database.Database, private readonly live: LiveSender | null) {}

  /** Stores one notification per user and pushes it to their open pages; returns the user ids reached. */
  notify(userIds: Iterable<number>, notice: Notice, now: number): number[] {
    const ids = [...new Set(userIds)];
    const insert = this.sqlite.prepare('insert into notifications (user_id, kind, title, body, href, created_at) values (?, ?, ?, ?, ?, ?)');
    this.sqlite.transaction(() => { for (const id of ids) insert.run(id, notice.kind, notice.title, notice.body, notice.href ?? null, now); })();
    if (this.live) {
      const wanted = new Set(ids);
      this.live.send((a) => a.kind === 'user' && wanted.has(a.id), (a) => ({
        type: 'notification', title: notice.title, body: notice.body, href: notice.href, unread: unreadCount(this.sqlite, a.id),
      }));
    }
    return ids;
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
