/**
 * Who may do what: plain functions over the actor and the object, used by every route
 * and service (the server decides; pages only hide what the server would refuse anyway).
 */
import type { Role } from '../../db/schema.ts';

export interface OfficialScope { chains: string[]; regions: string[] }

export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'user' | 'token';
      /** users.id or api_tokens.id */
      id: number;
      label: string;
      role: Role;
      enterpriseId: number | null;
      scope: OfficialScope;
      /** an official who answers problems for this city department (department staff) */
      departmentId?: string | null;
      /** department staff: what the cases currently assigned to their department link to */
      linked?: DepartmentLinks;
    };

export interface DepartmentLinks { componentIds: readonly number[]; dealIds: readonly number[] }

export type SignedIn = Exclude<Actor, { kind: 'anonymous' }>;

export const ANONYMOUS: Actor = { kind: 'anonymous' };

export function isSignedIn(actor: Actor): actor is SignedIn {
  return actor.kind !== 'anonymous';
}

export function hasRole(actor: Actor, ...roles: Role[]): actor is SignedIn {
  return isSignedIn(actor) && roles.includes(actor.role);
}

/** The actor acts for this firm (enterprise and procurement users are bound to one). */
export function actsFor(actor: Actor, enterpriseId: number | null | undefined): boolean {
  return isSignedIn(actor) && enterpriseId != null && actor.enterpriseId === enterpriseId;
}

/**
 * Department staff are officials bound to a city department. Without a chain or county scope
 * of their own they are no official of the city at large: they see the cases assigned to their
 * department and what those cases link to, nothing else. Given an explicit scope, they are also
 * officials of that scope.
 */
export function isDepartmentOnly(actor: Actor): boolean {
  return hasRole(actor, 'official') && !!actor.departmentId && actor.scope.chains.length === 0 && actor.scope.regions.length === 0;
}

/** Department staff's links (what their department's cases point to); undefined for everyone else. */
export function linksOf(actor: Actor): DepartmentLinks | undefined {
  return actor.kind === 'anonymous' ? undefined : actor.linked;
}

/** The role route rules are written against: department-only staff are 'department', not city-wide officials. */
export type AccessRole = Role | 'department';

export function accessRoleOf(actor: SignedIn): AccessRole {
  return isDepartmentOnly(actor) ? 'department' : actor.role;
}

/** An official's chains and counties (empty lists: the whole city); null for anyone who is no official of the city. */
export function officialScope(actor: Actor): OfficialScope | null {
  return hasRole(actor, 'official') && !isDepartmentOnly(actor) ? actor.scope : null;
}

/** An official limited to some chains or counties sees objects within them; no limit sees all; department-only staff see none. */
export function officialCovers(actor: Actor, where: { chainIds: (string | null)[]; regionCode?: string | null }): boolean {
  const scope = officialScope(actor);
  if (!scope) return false;
  const { chains, regions } = scope;
  const chainOk = chains.length === 0 || where.chainIds.some((c) => c !== null && chains.includes(c));
  const regionOk = regions.length === 0 || (where.regionCode != null && regions.includes(where.regionCode));
  return chainOk && regionOk;
}

export function canEditProfile(actor: Actor, enterpriseId: number): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'enterprise') && actsFor(actor, enterpriseId));
}

/** Supply and demand listings: the firm's own enterprise and procurement users, and admins. */
export function canManageListingsOf(actor: Actor, enterpriseId: number): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'enterprise', 'procurement') && actsFor(actor, enterpriseId));
}

/**
 * A sole-source component and its matches are the buyer's confidential information: the buyer's
 * procurement staff, officials whose scope covers it, admins; department staff only while a case
 * assigned to their department links to it.
 */
export function canViewComponent(actor: Actor, c: { id: number; buyerId: number; chainId: string | null; buyerRegionCode?: string | null }): boolean {
  if (hasRole(actor, 'admin')) return true;
  if (hasRole(actor, 'procurement')) return actsFor(actor, c.buyerId);
  if (linksOf(actor)?.componentIds.includes(c.id)) return true;
  return officialCovers(actor, { chainIds: [c.chainId], regionCode: c.buyerRegionCode });
}

export function canManageComponentsOf(actor: Actor, buyerId: number): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'procurement') && actsFor(actor, buyerId));
}

/** A demand listing's ranked suppliers: for people signed in to the platform (the page and the API alike). */
export function canViewListingMatches(actor: Actor): boolean {
  return isSignedIn(actor);
}

/** Contact details are for people signed in to the platform, never for anonymous visitors. */
export function canSeeContacts(actor: Actor): boolean {
  return isSignedIn(actor);
}

/** What access to an attraction project depends on: its chain, its planned site, its responsible department. */
export interface ProjectAccess { chainId: string; siteRegionCode: string | null; departmentId: string }

/**
 * An attraction project (招商项目) is the work team's of its chain (officials whose scope covers the
 * chain and the planned site's county) and the responsible department's staff (包保); admins see all.
 * Those who see a project also work it: move its stage, add notes and documents.
 */
export function canViewProject(actor: Actor, p: ProjectAccess): boolean {
  if (actor.kind === 'anonymous') return false;
  if (actor.role === 'admin') return true;
  if (actor.role !== 'official') return false;
  if (actor.departmentId && actor.departmentId === p.departmentId) return true;
  return officialCovers(actor, { chainIds: [p.chainId], regionCode: p.siteRegionCode });
}

export function canManageProject(actor: Actor, p: ProjectAccess): boolean {
  return canViewProject(actor, p);
}

/** Opening a project is the work team's: an official whose scope covers the chain (not department-only staff), or an admin. */
export function canOpenProjectIn(actor: Actor, chainId: string): boolean {
  if (hasRole(actor, 'admin')) return true;
  const scope = officialScope(actor);
  return scope !== null && (scope.chains.length === 0 || scope.chains.includes(chainId));
}
