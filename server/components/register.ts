/**
 * The sole-source register as people read it: each component with its localisation status —
 * no local candidate / candidates found / in a deal / localised — from the latest ranking and the deals.
 */
import type Database from 'better-sqlite3';
import { officialScope, type Actor } from '../auth/policy.ts';
import { LOCALISED_SQL } from './localised.ts';
import type { ComponentStatus } from '../vocabulary.ts';

/** SQL for a component's status; `c` is the components row. Localised: see localised.ts. */
export const STATUS_SQL = `case
  when ${LOCALISED_SQL} then 'localised'
  when exists (select 1 from deals d where d.component_id = c.id and d.stage not in ('lost')) then 'in_deal'
  when m.component_id is null then 'unranked'
  when m.qualified_local > 0 then 'candidates'
  else 'no_local' end`;

export interface RegisterRow {
  id: number; ref: string; name: string; partNo: string; chainId: string | null; chainName: string | null; buyerName: string; buyerUscc: string;
  annualValueWan: number | null; criticality: 'high' | 'medium' | 'low' | null; currentSupplierRegion: string; status: ComponentStatus;
  qualifiedLocal: number | null; bestScore: number | null;
}

export interface RegisterFilter { chain?: string; status?: ComponentStatus; buyerId?: number }

/** The components an actor may see: the buyer's procurement staff their own, officials within scope, admins all. */
export function listRegister(sqlite: Database.Database, actor: Actor, f: RegisterFilter): RegisterRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (actor.kind === 'anonymous') return [];
  if (actor.role === 'procurement') { where.push('c.buyer_id = ?'); args.push(actor.enterpriseId); }
  else if (actor.role === 'enterprise') return [];
  else if (actor.role === 'official') {
    const scope = officialScope(actor);
    if (!scope) return [];
    if (scope.chains.length) { where.push(`c.chain_id in (${scope.chains.map(() => '?').join(',')})`); args.push(...scope.chains); }
    if (scope.regions.length) { where.push(`b.region_code in (${scope.regions.map(() => '?').join(',')})`); args.push(...scope.regions); }
  }
  if (f.chain) { where.push('c.chain_id = ?'); args.push(f.chain); }
  if (f.buyerId) { where.push('c.buyer_id = ?'); args.push(f.buyerId); }
  const rows = sqlite.prepare<unknown[], RegisterRow>(`select c.id, c.ref, c.name, c.part_no as partNo, c.chain_id as chainId, ch.name as chainName, b.name as buyerName, b.uscc as buyerUscc,
      c.annual_value_wan as annualValueWan, c.criticality, c.current_supplier_region as currentSupplierRegion, ${STATUS_SQL} as status,
      m.qualified_local as qualifiedLocal, m.best_score as bestScore
    from components c join enterprises b on b.id = c.buyer_id left join chains ch on ch.id = c.chain_id
    left join component_match_status m on m.component_id = c.id
    ${where.length ? `where ${where.join(' and ')}` : ''}
    order by c.annual_value_wan desc, c.ref`).all(...args);
  return f.status ? rows.filter((r) => r.status === f.status) : rows;
}
