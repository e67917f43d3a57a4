/**
 * What an admin may set on an account, validated: the role, the firm it acts for
 * (procurement only for a chain-leader firm), an official's optional chain/county scope and
 * the city department an official answers problems for (department staff).
 */
import { findFirm, firmLookupProblem } from '../marketplace/find-firm.ts';
import { z } from 'zod';
import type Database from 'better-sqlite3';
import { ROLES, type Role } from '../../db/schema.ts';
import { DEPARTMENTS } from '../../db/reference.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { usccProblem } from '../domain/uscc.ts';
import { asList } from '../forms.ts';
import { allChains } from '../../db/repositories/catalog.ts';
import type { Database_ } from '../../db/client.ts';
import { stringList } from '../../db/rows.ts';

const chainIds = () => new Set(getLexicon().chains().map((c) => c.id));
const localRegions = () => new Set(getLexicon().regions().filter((r) => r.kind === 'local').map((r) => r.code));
const departmentIds = new Set(DEPARTMENTS.map(([id]) => id));

export const accountInput = z.object({
  role: z.enum(ROLES, { message: '请选择角色' }),
  /** the firm by credit code or name (find-firm.ts) */
  enterprise: z.string().trim().max(100, { message: '不能超过 100 个字符' }).optional().default(''),
  scopeChains: z.preprocess(asList, z.array(z.string()).refine((ids) => ids.every((id) => chainIds().has(id)), { message: '含未知的产业链' })),
  scopeRegions: z.preprocess(asList, z.array(z.string()).refine((codes) => codes.every((c) => localRegions().has(c)), { message: '含未知的区县' })),
  department: z.string().trim().optional().default('').refine((id) => id === '' || departmentIds.has(id), { message: '未知的部门' }),
});

export const newUserInput = accountInput.extend({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,64}$/, { message: '用户名为 3–64 位小写字母、数字或 . _ -' }),
  displayName: z.string().trim().min(1, { message: '必填，不能为空' }).max(60, { message: '不能超过 60 个字符' }),
});

export interface ResolvedAccount { role: Role; enterpriseId: number | null; scopeChains: string[]; scopeRegions: string[]; departmentId: string | null }

/** Checks the firm against the role; returns field errors or the values to store. */
export function resolveAccount(sqlite: Database.Database, input: Omit<z.output<typeof accountInput>, 'department'> & { department?: string }):
  { ok: true; value: ResolvedAccount } | { ok: false; errors: Record<string, string> } {
  const needsFirm = input.role === 'enterprise' || input.role === 'procurement';
  if (!needsFirm) {
    const scoped = input.role === 'official';
    return { ok: true, value: {
      role: input.role, enterpriseId: null, scopeChains: scoped ? input.scopeChains : [], scopeRegions: scoped ? input.scopeRegions : [],
      departmentId: scoped && input.department ? input.department : null,
    } };
  }
  if (input.enterprise === '') return { ok: false, errors: { enterprise: '企业用户和链主采购必须绑定一家企业（填写企业名称或统一社会信用代码）' } };
  const lookup = findFirm(sqlite, input.enterprise);
  if (!('found' in lookup)) {
    const looksLikeCode = /^[0-9A-Z]{18}$/i.test(input.enterprise);
    return { ok: false, errors: { enterprise: looksLikeCode && usccProblem(input.enterprise.toUpperCase()) ? '统一社会信用代码无效' : looksLikeCode ? '平台上没有这家企业' : firmLookupProblem(input.enterprise, lookup) } };
  }
  const firm = lookup.found;
  if (input.role === 'procurement' && firm.tier !== 'chain_leader') return { ok: false, errors: { enterprise: '链主采购只能绑定链主企业' } };
  return { ok: true, value: { role: input.role, enterpriseId: firm.id, scopeChains: [], scopeRegions: [], departmentId: null } };
}

export interface UserListRow {
  id: number; username: string; displayName: string; role: Role; enterpriseName: string | null; enterpriseUscc: string | null;
  scopeChains: string[]; scopeRegions: string[]; departmentId: string | null; departmentName: string | null; disabledAt: number | null; hasPassword: number; createdAt: number;
}

type StoredUserRow = Omit<UserListRow, 'scopeChains' | 'scopeRegions'> & { scopeChains: string; scopeRegions: string };

export function listUsers(sqlite: Database.Database): UserListRow[] {
  return sqlite.prepare<[], StoredUserRow>(`select u.id, u.username, u.display_name as displayName, u.role, e.name as enterpriseName, e.uscc as enterpriseUscc,
      u.scope_chains as scopeChains, u.scope_regions as scopeRegions, u.department_id as departmentId, d.name as departmentName,
      u.disabled_at as disabledAt, (u.password_hash is not null) as hasPassword, u.created_at as createdAt
    from users u left join enterprises e on e.id = u.enterprise_id left join departments d on d.id = u.department_id order by u.id`).all()
    .map((u) => ({ ...u, scopeChains: stringList(u.scopeChains), scopeRegions: stringList(u.scopeRegions) }));
}

/** What the audit log keeps of an account (never the password hash). */
export function accountSnapshot(sqlite: Database.Database, id: number) {
  return sqlite.prepare<[number], Record<string, unknown>>(`select username, display_name as displayName, role, enterprise_id as enterpriseId, scope_chains as scopeChains,
    scope_regions as scopeRegions, department_id as departmentId, disabled_at as disabledAt from users where id = ?`).get(id);
}

/** What the account and token forms offer: chains, the city's counties, departments. */
export interface ScopeChoices { chains: { id: string; name: string }[]; regions: { code: string; name: string }[]; departments: { id: string; name: string }[] }

export function scopeChoices(database: Database_): ScopeChoices {
  return {
    chains: allChains(database.db),
    regions: getLexicon().regions().filter((r) => r.kind === 'local').map((r) => ({ code: r.code, name: r.name })),
    departments: database.sqlite.prepare<[], { id: string; name: string }>('select id, name from departments order by sort_order').all(),
  };
}

/** Writes a user's role, firm, scope and department (the caller holds the transaction and audits). */
export function saveAccount(sqlite: Database.Database, userId: number, a: ResolvedAccount, now: number): void {
  sqlite.prepare<[string, number | null, string, string, string | null, number, number]>(
    'update users set role = ?, enterprise_id = ?, scope_chains = ?, scope_regions = ?, department_id = ?, updated_at = ? where id = ?')
    .run(a.role, a.enterpriseId, JSON.stringify(a.scopeChains), JSON.stringify(a.scopeRegions), a.departmentId, now, userId);
}
