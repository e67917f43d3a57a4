/**
 * API tokens as the admin page and `npm run token` create them: role, firm and an official's
 * chain/county scope checked the same way as accounts (a scoped official token sees what a
 * scoped official user sees).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { accountInput, resolveAccount } from './user-admin.ts';
import type { Accounts } from './accounts.ts';
import type { Role } from '../../db/schema.ts';
import { stringList } from '../../db/rows.ts';

export const tokenInput = accountInput.pick({ role: true, enterprise: true, scopeChains: true, scopeRegions: true }).extend({
  name: z.string().trim().min(1, { message: '必填，不能为空' }).max(80, { message: '不能超过 80 个字符' }),
});

export function issueApiToken(sqlite: Database.Database, accounts: Accounts, input: unknown, now: number, createdBy: number | null):
  { ok: true; id: number; token: string; role: Role; enterpriseId: number | null; scopeChains: string[]; scopeRegions: string[] } | { ok: false; errors: Record<string, string> } {
  const parsed = tokenInput.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? '_form')] ??= i.message;
    return { ok: false, errors };
  }
  const account = resolveAccount(sqlite, parsed.data);
  if (!account.ok) return account;
  const { role, enterpriseId, scopeChains, scopeRegions } = account.value;
  const { id, token } = accounts.createApiToken({ name: parsed.data.name, role, enterpriseId, scopeChains, scopeRegions, createdBy }, now);
  return { ok: true, id, token, role, enterpriseId, scopeChains, scopeRegions };
}

export interface TokenRow {
  id: number; prefix: string; name: string; role: Role; enterpriseName: string | null; scopeChains: string[]; scopeRegions: string[];
  createdAt: number; lastUsedAt: number | null; revokedAt: number | null;
}

type StoredTokenRow = Omit<TokenRow, 'scopeChains' | 'scopeRegions'> & { scopeChains: string; scopeRegions: string };

export function listApiTokens(sqlite: Database.Database): TokenRow[] {
  return sqlite.prepare<[], StoredTokenRow>(`select t.id, t.prefix, t.name, t.role, e.name as enterpriseName, t.scope_chains as scopeChains, t.scope_regions as scopeRegions,
    t.created_at as createdAt, t.last_used_at as lastUsedAt, t.revoked_at as revokedAt
    from api_tokens t left join enterprises e on e.id = t.enterprise_id order by t.id desc`).all()
    .map((t) => ({ ...t, scopeChains: stringList(t.scopeChains), scopeRegions: stringList(t.scopeRegions) }));
}
