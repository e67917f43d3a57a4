/**
 * Users, sessions, invitations and API tokens in SQLite. Sessions: a new random id at
 * login, deleted at logout, 30 minutes idle and 12 hours absolute; disabling a user ends
 * every session at once.
 */
import type Database from 'better-sqlite3';
import type { Role } from '../../db/schema.ts';
import { hashPassword, verifyPassword, type HashCost, PRODUCTION_COST } from './passwords.ts';
import { randomToken, sha256 } from './secrets.ts';
import type { Actor, SignedIn } from './policy.ts';

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
    kind: 'user', id: u.id, label: u.username, role: u.role, enterpriseId: u.enterpriseId,
    scope: { chains: JSON.parse(u.scopeChains) as string[], regions: JSON.parse(u.scopeRegions) as string[] },
    departmentId: u.departmentId,
  };
}

export interface NewUser {
  username: string; displayName: string; role: Role; enterpriseId: number | null;
  scopeChains?: string[]; scopeRegions?: string[]; departmentId?: string | null; password?: string;
}

export class Accounts {
  constructor(private readonly sqlite: Database.Database, private readonly cost: HashCost = PRODUCTION_COST) {}

  findUser(username: string): UserRow | undefined {
    return this.sqlite.prepare(`select ${USER_COLUMNS} from users where username = ?`).get(username.trim().toLowerCase()) as UserRow | undefined;
  }

  getUser(id: number): UserRow | undefined {
    return this.sqlite.prepare(`select ${USER_COLUMNS} from users where id = ?`).get(id) as UserRow | undefined;
  }

  /** Creates a user; without a password, returns a one-time invitation token to choose one. */
  async createUser(u: NewUser, now: number, createdBy: number | null = null): Promise<{ id: number; invitation: string | null }> {
    const hash = u.password ? await hashPassword(u.password, this.cost) : null;
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

  invitationUser(token: string, now: number): UserRow | undefined {
    const row = this.sqlite.prepare(`select user_id as userId from invitations where token_hash = ? and used_at is null and expires_at > ?`)
      .get(sha256(token), now) as { userId: number } | undefined;
    const user = row ? this.getUser(row.userId) : undefined;
    return user && user.disabledAt === null ? user : undefined;
  }

  async acceptInvitation(token: string, password: string, now: number): Promise<UserRow | undefined> {
    const user = this.invitationUser(token, now);
    if (!user) return undefined;
    const hash = await hashPassword(password, this.cost);
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`update invitations set used_at = ? where token_hash = ?`).run(now, sha256(token));
      this.sqlite.prepare(`update users set password_hash = ?, updated_at = ? where id = ?`).run(hash, now, user.id);
      this.sqlite.prepare(`delete from sessions where user_id = ?`).run(user.id);
    })();
    return this.getUser(user.id);
  }

  /** The user when the password is right and the account is active; undefined otherwise. */
  async authenticate(username: string, password: string): Promise<UserRow | undefined> {
    const user = this.findUser(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
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
    const hash = sha256(token);
    const s = this.sqlite.prepare(`select user_id as userId, csrf_token as csrfToken, last_seen_at as lastSeenAt, expires_at as expiresAt
      from sessions where token_hash = ?`).get(hash) as { userId: number; csrfToken: string; lastSeenAt: number; expiresAt: number } | undefined;
    if (!s) return undefined;
    const user = this.getUser(s.userId);
    if (!user || user.disabledAt !== null || now >= s.expiresAt || now - s.lastSeenAt >= SESSION_IDLE_MS) {
      this.sqlite.prepare(`delete from sessions where token_hash = ?`).run(hash);
      return undefined;
    }
    if (now - s.lastSeenAt >= TOUCH_EVERY_MS) this.sqlite.prepare(`update sessions set last_seen_at = ? where token_hash = ?`).run(now, hash);
    return { user, csrfToken: s.csrfToken };
  }

  destroySession(token: string): void {
    this.sqlite.prepare(`delete from sessions where token_hash = ?`).run(sha256(token));
  }

  setDisabled(userId: number, disabled: boolean, now: number): void {
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`update users set disabled_at = ?, updated_at = ? where id = ?`).run(disabled ? now : null, now, userId);
      if (disabled) this.sqlite.prepare(`delete from sessions where user_id = ?`).run(userId);
    })();
  }

  createApiToken(t: { name: string; role: Role; enterpriseId: number | null; createdBy: number | null }, now: number): { id: number; token: string } {
    const token = randomToken('llt_');
    const id = Number(this.sqlite.prepare(`insert into api_tokens (token_hash, prefix, name, role, enterprise_id, created_by, created_at)
      values (?, ?, ?, ?, ?, ?, ?)`).run(sha256(token), token.slice(0, 10), t.name, t.role, t.enterpriseId, t.createdBy, now).lastInsertRowid);
    return { id, token };
  }

  resolveApiToken(token: string, now: number): Actor | undefined {
    const row = this.sqlite.prepare(`select id, name, role, enterprise_id as enterpriseId, last_used_at as lastUsedAt from api_tokens
      where token_hash = ? and revoked_at is null`).get(sha256(token)) as { id: number; name: string; role: Role; enterpriseId: number | null; lastUsedAt: number | null } | undefined;
    if (!row) return undefined;
    if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS) this.sqlite.prepare(`update api_tokens set last_used_at = ? where id = ?`).run(now, row.id);
    return { kind: 'token', id: row.id, label: `令牌:${row.name}`, role: row.role, enterpriseId: row.enterpriseId, scope: { chains: [], regions: [] } };
  }

  revokeApiToken(id: number, now: number): boolean {
    return this.sqlite.prepare(`update api_tokens set revoked_at = ? where id = ? and revoked_at is null`).run(now, id).changes === 1;
  }
}
