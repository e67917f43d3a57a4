/** Reads for the chain map: a chain's parts with how far their localisation has come, and the firms behind them. */
import type Database from 'better-sqlite3';
import { IN_PROJECT_SQL, LOCALISED_SQL } from '../components/localised.ts';

export interface ChainPartRow {
  componentId: number; ref: string; name: string; chainId: string | null; materials: string; valueWan: number | null;
  buyerId: number; buyerName: string; buyerUscc: string; buyerRegionCode: string | null;
  supplier: string; supplierRegion: string;
  localised: number; inProject: number; qualifiedLocal: number; qualifiedLocalIds: string;
}

export function chainParts(sqlite: Database.Database, chainId: string): ChainPartRow[] {
  return sqlite.prepare<[string], ChainPartRow>(`select c.id as componentId, c.ref, c.name, c.chain_id as chainId, c.materials, c.annual_value_wan as valueWan,
      c.buyer_id as buyerId, b.name as buyerName, b.uscc as buyerUscc, b.region_code as buyerRegionCode,
      c.current_supplier as supplier, c.current_supplier_region as supplierRegion,
      ${LOCALISED_SQL} as localised, ${IN_PROJECT_SQL} as inProject,
      coalesce(m.qualified_local, 0) as qualifiedLocal, coalesce(m.qualified_local_ids, '[]') as qualifiedLocalIds
    from components c join enterprises b on b.id = c.buyer_id left join component_match_status m on m.component_id = c.id
    where c.chain_id = ? order by c.annual_value_wan desc, c.ref`).all(chainId);
}

export interface Firm { id: number; uscc: string; name: string }

export function firmsById(sqlite: Database.Database, ids: number[]): Map<number, Firm> {
  if (ids.length === 0) return new Map();
  const unique = [...new Set(ids)];
  const rows = sqlite.prepare<number[], Firm>(`select id, uscc, name from enterprises where id in (${unique.map(() => '?').join(',')})`).all(...unique);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The local suppliers that localised each part (signed or supplying deals). */
export function localisingSuppliers(sqlite: Database.Database, componentIds: number[]): Map<number, number[]> {
  if (componentIds.length === 0) return new Map();
  const rows = sqlite.prepare<number[], { componentId: number; supplierId: number }>(`select d.component_id as componentId, d.supplier_id as supplierId
    from deals d join enterprises s on s.id = d.supplier_id join regions r on r.code = s.region_code
    where d.stage in ('signed','supplying') and r.kind = 'local' and d.component_id in (${componentIds.map(() => '?').join(',')})`).all(...componentIds);
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.componentId, [...(out.get(r.componentId) ?? []), r.supplierId]);
  return out;
}

/** Open or operating projects per part: ref, title, stage. */
export function projectsByPart(sqlite: Database.Database, componentIds: number[]): Map<number, { ref: string; title: string; stage: string; chainId: string; siteRegionCode: string | null; departmentId: string }[]> {
  if (componentIds.length === 0) return new Map();
  const rows = sqlite.prepare<number[], { componentId: number; ref: string; title: string; stage: string; chainId: string; siteRegionCode: string | null; departmentId: string }>(
    `select pp.component_id as componentId, p.ref, p.title, p.stage, p.chain_id as chainId, p.site_region_code as siteRegionCode, p.department_id as departmentId
     from attraction_project_parts pp join attraction_projects p on p.id = pp.project_id
     where p.stage != 'terminated' and pp.component_id in (${componentIds.map(() => '?').join(',')}) order by p.id`).all(...componentIds);
  const out = new Map<number, typeof rows>();
  for (const r of rows) out.set(r.componentId, [...(out.get(r.componentId) ?? []), r]);
  return out;
}
