/** Reading one component for its page, and the deals open on it. */
import type Database from 'better-sqlite3';
import { STATUS_SQL } from './register.ts';
import type { ComponentStatus } from '../vocabulary.ts';

/** A component as its page shows it (the view model the page receives). */
export interface ComponentDetail {
  ref: string; name: string; partNo: string; chainName: string | null; buyerName: string; buyerUscc: string; materials: string; processes: string;
  certificationsRequired: string; annualVolume: number | null; unit: string; annualValueWan: number | null; currentSupplier: string;
  currentSupplierRegion: string; criticality: 'high' | 'medium' | 'low' | null; description: string; status: ComponentStatus;
}

export interface ComponentRecord extends ComponentDetail { id: number; buyerId: number; chainId: string | null; buyerRegionCode: string | null; version: number }

export function componentByRef(sqlite: Database.Database, ref: string): ComponentRecord | undefined {
  return sqlite.prepare<[string], ComponentRecord>(`select c.id, c.ref, c.name, c.part_no as partNo, c.chain_id as chainId, ch.name as chainName, c.buyer_id as buyerId,
      b.name as buyerName, b.uscc as buyerUscc, b.region_code as buyerRegionCode, c.materials, c.processes,
      c.certifications_required as certificationsRequired, c.annual_volume as annualVolume, c.unit, c.annual_value_wan as annualValueWan,
      c.current_supplier as currentSupplier, c.current_supplier_region as currentSupplierRegion, c.criticality, c.description, c.version,
      ${STATUS_SQL} as status
    from components c join enterprises b on b.id = c.buyer_id left join chains ch on ch.id = c.chain_id
    left join component_match_status m on m.component_id = c.id where c.ref = ?`).get(ref);
}

export interface DealSummary { id: number; stage: string; supplierName: string; supplierUscc: string; supplierId: number; annualValueWan: number | null; updatedAt: number }

export function dealsOn(sqlite: Database.Database, column: 'component_id' | 'listing_id', id: number): DealSummary[] {
  return sqlite.prepare<[number], DealSummary>(`select d.id, d.stage, s.name as supplierName, s.uscc as supplierUscc, s.id as supplierId, d.annual_value_wan as annualValueWan, d.updated_at as updatedAt
    from deals d join enterprises s on s.id = d.supplier_id where d.${column} = ? order by d.id desc`).all(id);
}

/** What the access rule of a component needs, for every component: drill-downs filter their rows with it. */
export interface ComponentAccessRow { id: number; ref: string; name: string; buyerId: number; chainId: string | null; buyerRegionCode: string | null }

export function componentAccessRows(sqlite: Database.Database): Map<number, ComponentAccessRow> {
  const rows = sqlite.prepare<[], ComponentAccessRow>(`select c.id, c.ref, c.name, c.buyer_id as buyerId, c.chain_id as chainId, b.region_code as buyerRegionCode
    from components c join enterprises b on b.id = c.buyer_id`).all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A chain-leader firm by its credit code (the buyer an admin registers a part for), or null. */
export function chainLeaderId(sqlite: Database.Database, uscc: string): number | null {
  return sqlite.prepare<[string], { id: number }>(`select id from enterprises where uscc = ? and tier = 'chain_leader'`).get(uscc.toUpperCase())?.id ?? null;
}

/** A buyer's credit code and name, for its import page. */
export function buyerIdentity(sqlite: Database.Database, firmId: number): { uscc: string; name: string } | undefined {
  return sqlite.prepare<[number], { uscc: string; name: string }>('select uscc, name from enterprises where id = ?').get(firmId);
}
