/**
 * Users, sessions, invitations and API tokens in SQLite. Sessions: a new random id at
 * login, deleted at logout, 30 minutes idle and 12 hours absolute, expired rows purged;
 * disabling a user ends every session at once. Choosing a password through a link ends every
 * other open link of that user. Password hashes take turns in a small queue (hash-queue.ts).
 * Whatever ends a session or a token is announced (`onEnded`), so live connections close too.
 */
import type Database from 'better-sqlite3';
import type { Role } from '../../db/schema.ts';
import { hashPassword, verifyPassword, type HashCost, PRODUCTION_COST } from './passwords.ts';
import { HashQueue } from './hash-queue.ts';
import { randomToken, sha256 } from './secrets.ts';
import type { SignedIn } from './policy.ts';
import { stringList } from '../../db/rows.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most this often, so reading pages does not write on every request */
const TOUCH_EVERY_MS = 60_000;
export const INVITATION_MS = 7 * 86_400_000;

export interface UserRow {
  id: number; username: string; displayName: string; passwordHash: string | null; role: Role;
  enterpriseId: number | null; scopeChains: string; scopeRegions: string; departmentId: string | null; disabledAt: number | null;
}

const USER_COLUMNS = `id, username, display_name as displayName, password_hash as passwordHash, role,
  enterprise_id as enterpriseId, scope_chains as scopeChains, scope_regions as scopeRegions, department_id as departmentId, disabled_at as disabledAt`;

export function userActor(u: UserRow): SignedIn {
  return {
    // people see a name, not a login: timelines, the header and the audit log use the display name
    kind: 'user', id: u.id, label: u.displayName.trim() || u.username, role: u.role, enterpriseId: u.enterpriseId,
    scope: { chains: stringList(u.scopeChains), regions: stringList(u.scopeRegions) },
    departmentId: u.departmentId,
  };
}

/** What a live connection was opened with: a session (its token's hash) or an API token. */
export type Credential = { sessionHash: string } | { tokenId: number };

/** Sessions or tokens that just ended: one session, every session of a user, or an API token. */
export type Ended = { sessionHash: string } | { userId: number } | { tokenId: number };

interface SessionRow { userId: number; csrfToken: string; lastSeenAt: number; expiresAt: number }
interface TokenRow { id: number; name: string; role: Role; enterpriseId: number | null; scopeChains: string; scopeRegions: string; lastUsedAt: number | null }

export interface NewApiToken { name: string; role: Role; enterpriseId: number | null; createdBy: number | null; scopeChains?: string[]; scopeRegions?: string[] }

export interface NewUser {
  username: string; displayName: string; role: Role; enterpriseId: number | null;
  scopeChains?: string[]; scopeRegions?: string[]; departmentId?: string | null; password?: string;
}

export class Accounts {
  private readonly endedListeners: ((e: Ended) => void)[] = [];

  constructor(private readonly sqlite: Database.Database, private readonly cost: HashCost = PRODUCTION_COST, readonly hashing = new HashQueue()) {}

  /** Told whenever a session, all of a user's sessions or a token end (the live hub closes their sockets). */
  onEnded(listener: (e: Ended) => void): void { this.endedListeners.push(listener); }
  private ended(e: Ended): void { for (const l of this.endedListeners) l(e); }

  private hash(password: string): Promise<string> {
    return this.hashing.run(() => hashPassword(password, this.cost));
  }

  findUser(username: string): UserRow | undefined {
    return this.sqlite.prepare<[string], UserRow>(`select ${USER_COLUMNS} from users where username = ?`).get(username.trim().toLowerCase());
  }

  getUser(id: number): UserRow | undefined {
    return this.sqlite.prepare<[number], UserRow>(`select ${USER_COLUMNS} from users where id = ?`).get(id);
  }

  /** The actor of a user's request: department staff also carry what their department's cases link to. */
  actorOf(u: UserRow): SignedIn {
    const actor = userActor(u);
    if (u.role !== 'official' || !u.departmentId) return actor;
    const links = this.sqlite.prepare<[string], { componentId: number | null; dealId: number | null }>(
      'select component_id as componentId, deal_id as dealId from problems where department_id = ?').all(u.departmentId);
    return { ...actor, linked: {
      componentIds: links.flatMap((l) => (l.componentId === null ? [] : [l.componentId])),
      dealIds: links.flatMap((l) => (l.dealId === null ? [] : [l.dealId])),
    } };
  }

  /** Creates a user; without a password, returns a one-time invitation token to choose one. */
  async createUser(u: NewUser, now: number, createdBy: number | null = null): Promise<{ id: number; invitation: string | null }> {
    const hash = u.password ? await this.hash(u.password) : null;
    return this.sqlite.transaction(() => {
      const id = Number(this.sqlite.prepare(`insert into users (username, display_name, password_hash, role, enterprise_id, scope_chains, scope_regions, department_id, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(u.username.trim().toLowerCase(), u.displayName, hash, u.role, u.enterpriseId,
        JSON.stringify(u.scopeChains ?? []), JSON.stringify(u.scopeRegions ?? []), u.departmentId ?? null, now, now).lastInsertRowid);
      const invitation = hash ? null : this.invite(id, now, createdBy);
      return { id, invitation };
    })();
  }

  invite(userId: number, now: number, createdBy: number | null): string {
    const token = randomToken();
    this.sqlite.prepare(`insert into invitations (token_hash, user_id, created_by, created_at, expires_at) values (?, ?, ?, ?, ?)`)
      .run(sha256(token), userId, createdBy, now, now + INVITATION_MS);
    return token;
  }

  /** What a link is: open (with its active user), or gone — used, expired, superseded, its user disabled, or never issued. */
  invitationState(token: string, now: number): { state: 'open'; user: UserRow } | { state: 'ended' } | { state: 'unknown' } {
    const row = this.sqlite.prepare<[string], { userId: number; usedAt: number | null; expiresAt: number }>(
      'select user_id as userId, used_at as usedAt, expires_at as expiresAt from invitations where token_hash = ?').get(sha256(token));
    if (!row) return { state: 'unknown' };
    const user = this.getUser(row.userId);
    if (row.usedAt !== null || row.expiresAt <= now || !user || user.disabledAt !== null) return { state: 'ended' };
    return { state: 'open', user };
  }

  invitationUser(token: string, now: number): UserRow | undefined {
    const s = this.invitationState(token, now);
    return s.state === 'open' ? s.user : undefined;
  }

  async acceptInvitation(token: string, password: string, now: number): Promise<UserRow | undefined> {
    const user = this.invitationUser(token, now);
    if (!user) return undefined;
    const hash = await this.hash(password);
    const accepted = this.sqlite.transaction(() => {
      // Another request may have used the link while this one hashed.
      if (this.sqlite.prepare('update invitations set used_at = ? where token_hash = ? and used_at is null').run(now, sha256(token)).changes !== 1) return false;
      this.setPasswordHash(user.id, hash, now);
      return true;
    })();
    if (!accepted) return undefined;
    this.ended({ userId: user.id });
    return this.getUser(user.id);
  }

  /** A new password ends every open invitation or reset link of the user and every session (the caller opens a fresh one). */
  private setPasswordHash(userId: number, hash: string, now: number): void {
    this.sqlite.prepare('update users set password_hash = ?, updated_at = ? where id = ?').run(hash, now, userId);
    this.sqlite.prepare('update invitations set used_at = ? where user_id = ? and used_at is null').run(now, userId);
    this.sqlite.prepare('delete from sessions where user_id = ?').run(userId);
  }

  /**
   * The user when the password is right and the account is active; undefined otherwise. An unknown
   * name, a user without a password and a disabled user cost one hash at the real cost, like a wrong password.
   * Throws HashQueueFull when too many hashes wait already.
   */
  async authenticate(username: string, password: string): Promise<UserRow | undefined> {
    const user = this.findUser(username);
    const ok = await this.hashing.run(() => verifyPassword(password, user?.passwordHash ?? null, this.cost));
    return ok && user && user.disabledAt === null ? user : undefined;
  }

  createSession(userId: number, now: number, meta: { ip: string; userAgent: string }): { token: string; csrfToken: string } {
    const token = randomToken();
    const csrfToken = randomToken();
    this.sqlite.prepare(`insert into sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
      values (?, ?, ?, ?, ?, ?, ?, ?)`).run(sha256(token), userId, csrfToken, now, now, now + SESSION_ABSOLUTE_MS, meta.ip, meta.userAgent.slice(0, 300));
    return { token, csrfToken };
  }

  /** The session's user and CSRF token, or undefined when unknown, idle too long, expired or disabled. */
  resolveSession(token: string, now: number): { user: UserRow; csrfToken: string } | undefined {
    return this.sessionByHash(sha256(token), now, true);
  }

  private sessionByHash(hash: string, now: number, touch: boolean): { user: UserRow; csrfToken: string } | undefined {
    const s = this.sqlite.prepare<[string], SessionRow>(`select user_id as userId, csrf_token as csrfToken, last_seen_at as lastSeenAt, expires_at as expiresAt
      from sessions where token_hash = ?`).get(hash);
    if (!s) return undefined;
    const user = this.getUser(s.userId);
    if (!user || user.disabledAt !== null || now >= s.expiresAt || now - s.lastSeenAt >= SESSION_IDLE_MS) {
      this.sqlite.prepare(`delete from sessions where token_hash = ?`).run(hash);
      return undefined;
    }
    if (touch && now - s.lastSeenAt >= TOUCH_EVERY_MS) this.sqlite.prepare(`update sessions set last_seen_at = ? where token_hash = ?`).run(now, hash);
    return { user, csrfToken: s.csrfToken };
  }

  /** Who a live connection acts for now, without counting as activity; undefined once its session or token has ended. */
  recheck(credential: Credential, now: number): SignedIn | undefined {
    if ('tokenId' in credential) return this.tokenActor(credential.tokenId);
    const session = this.sessionByHash(credential.sessionHash, now, false);
    return session && this.actorOf(session.user);
  }

  destroySession(token: string): void {
    const hash = sha256(token);
    this.sqlite.prepare(`delete from sessions where token_hash = ?`).run(hash);
    this.ended({ sessionHash: hash });
  }

  /** Ends every session of a user (a changed role, firm or scope must not ride on sessions opened under the old one). */
  endSessions(userId: number): void {
    this.sqlite.prepare('delete from sessions where user_id = ?').run(userId);
    this.ended({ userId });
  }

  /** Deletes sessions past their absolute or idle limit; returns how many. */
  purgeExpiredSessions(now: number): number {
    return this.sqlite.prepare('delete from sessions where expires_at <= ? or last_seen_at <= ?').run(now, now - SESSION_IDLE_MS).changes;
  }

  setDisabled(userId: number, disabled: boolean, now: number): void {
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`update users set disabled_at = ?, updated_at = ? where id = ?`).run(disabled ? now : null, now, userId);
      if (disabled) this.sqlite.prepare(`delete from sessions where user_id = ?`).run(userId);
    })();
    if (disabled) this.ended({ userId });
  }

  createApiToken(t: NewApiToken, now: number): { id: number; token: string } {
    const token = randomToken('llt_');
    const id = Number(this.sqlite.prepare(`insert into api_tokens (token_hash, prefix, name, role, enterprise_id, scope_chains, scope_regions, created_by, created_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(sha256(token), token.slice(0, 10), t.name, t.role, t.enterpriseId,
      JSON.stringify(t.scopeChains ?? []), JSON.stringify(t.scopeRegions ?? []), t.createdBy, now).lastInsertRowid);
    return { id, token };
  }

  private tokenRow(where: 'token_hash' | 'id', key: string | number): TokenRow | undefined {
    return this.sqlite.prepare<[string | number], TokenRow>(`select id, name, role, enterprise_id as enterpriseId, scope_chains as scopeChains,
      scope_regions as scopeRegions, last_used_at as lastUsedAt from api_tokens where ${where} = ? and revoked_at is null`).get(key);
  }

  private tokenActor(id: number, row = this.tokenRow('id', id)): SignedIn | undefined {
    if (!row) return undefined;
    return {
      kind: 'token', id: row.id, label: `令牌:${row.name}`, role: row.role, enterpriseId: row.enterpriseId,
      scope: { chains: stringList(row.scopeChains), regions: stringList(row.scopeRegions) },
    };
  }

  resolveApiToken(token: string, now: number): SignedIn | undefined {
    const row = this.tokenRow('token_hash', sha256(token));
    if (!row) return undefined;
    if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS) this.sqlite.prepare(`update api_tokens set last_used_at = ? where id = ?`).run(now, row.id);
    return this.tokenActor(row.id, row);
  }

  revokeApiToken(id: number, now: number): boolean {
    const revoked = this.sqlite.prepare(`update api_tokens set revoked_at = ? where id = ? and revoked_at is null`).run(now, id).changes === 1;
    if (revoked) this.ended({ tokenId: id });
    return revoked;
  }
}
