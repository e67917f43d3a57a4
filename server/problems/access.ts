/**
 * Who may see and work a problem. One function, `sidesOf`, answers both: an actor sees a case
 * when it has at least one side in it, and may make the moves of those sides (statuses.ts).
 *
 * - the firm's own enterprise and procurement users are the firm side;
 * - an official bound to a department is that department's staff: the department side of the
 *   cases currently assigned to it; only when also given an explicit chain or county scope is it
 *   a work-team member of the cases that scope covers (policy.ts, `isDepartmentOnly`);
 * - other officials are the work team (工作专班) of the cases their scope covers — the case's
 *   chain and the firm's county; no scope covers every case;
 * - admins take every side.
 */
import type Database from 'better-sqlite3';
import { actsFor, hasRole, officialCovers, officialScope, type Actor, type SignedIn } from '../auth/policy.ts';
import type { ProblemSide } from './statuses.ts';
import { stringList } from '../../db/rows.ts';

/** What access depends on: the firm, the case's chain, the firm's county, the department. */
export interface ProblemAccess { enterpriseId: number; chainId: string | null; regionCode: string | null; departmentId: string | null }

export function isDepartmentStaff(actor: Actor): boolean {
  return actor.kind !== 'anonymous' && actor.role === 'official' && !!actor.departmentId;
}

export function sidesOf(actor: Actor, p: ProblemAccess): ProblemSide[] {
  if (actor.kind === 'anonymous') return [];
  switch (actor.role) {
    case 'admin': return ['official', 'department', 'firm'];
    case 'enterprise': case 'procurement': return actsFor(actor, p.enterpriseId) ? ['firm'] : [];
    case 'official': {
      const sides: ProblemSide[] = [];
      if (actor.departmentId && p.departmentId === actor.departmentId) sides.push('department');
      if (officialCovers(actor, { chainIds: [p.chainId], regionCode: p.regionCode })) sides.push('official');
      return sides;
    }
  }
}

export function canViewProblem(actor: Actor, p: ProblemAccess): boolean {
  return sidesOf(actor, p).length > 0;
}

/** Firms raise problems for themselves; an admin records one for a named firm. */
export function canRaiseFor(actor: Actor, enterpriseId: number): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'enterprise', 'procurement') && actsFor(actor, enterpriseId));
}

/** The quarterly dispatch of a chain is the work team's: officials whose scope includes the chain (not department-only staff), admins. */
export function canDispatch(actor: Actor, chainId: string): boolean {
  if (hasRole(actor, 'admin')) return true;
  const scope = officialScope(actor);
  return scope !== null && (scope.chains.length === 0 || scope.chains.includes(chainId));
}

interface OfficialRow { id: number; scopeChains: string; scopeRegions: string; departmentId: string | null }

function activeOfficials(sqlite: Database.Database): SignedIn[] {
  const rows = sqlite.prepare<[], OfficialRow>(`select id, scope_chains as scopeChains, scope_regions as scopeRegions, department_id as departmentId
    from users where role = 'official' and disabled_at is null`).all();
  return rows.map((u) => ({
    kind: 'user', id: u.id, label: '', role: 'official', enterpriseId: null, departmentId: u.departmentId,
    scope: { chains: stringList(u.scopeChains), regions: stringList(u.scopeRegions) },
  }));
}

/** The work-team officials a case concerns (the ones who assign and close it). */
export function workTeamOf(sqlite: Database.Database, p: ProblemAccess): number[] {
  return activeOfficials(sqlite).filter((a) => sidesOf(a, p).includes('official')).map((a) => a.id);
}

/** The staff of the department a case is assigned to. */
export function departmentStaffOf(sqlite: Database.Database, departmentId: string | null): number[] {
  if (!departmentId) return [];
  return sqlite.prepare<[string], number>(`select id from users where role = 'official' and department_id = ? and disabled_at is null`).pluck().all(departmentId);
}
