/** Components as the API reads them: whole records with their localisation status, one by ref or a buyer's in id order. */
import type Database from 'better-sqlite3';
import type { Criticality } from '../../db/schema.ts';
import { STATUS_SQL } from './register.ts';
import type { ComponentStatus } from '../vocabulary.ts';

export interface ComponentRecordRow {
  id: number; ref: string; buyerId: number; buyerUscc: string; buyerName: string; buyerRegionCode: string | null;
  name: string; partNo: string; chainId: string | null; materials: string; processes: string; certificationsRequired: string;
  annualVolume: number | null; unit: string; annualValueWan: number | null; currentSupplier: string; currentSupplierRegion: string;
  criticality: Criticality | null; description: string; status: ComponentStatus; qualifiedLocal: number | null; version: number; updatedAt: number;
}

const SELECT = `select c.id, c.ref, c.buyer_id as buyerId, b.uscc as buyerUscc, b.name as buyerName, b.region_code as buyerRegionCode,
    c.name, c.part_no as partNo, c.chain_id as chainId, c.materials, c.processes, c.certifications_required as certificationsRequired,
    c.annual_volume as annualVolume, c.unit, c.annual_value_wan as annualValueWan, c.current_supplier as currentSupplier,
    c.current_supplier_region as currentSupplierRegion, c.criticality, c.description, ${STATUS_SQL} as status,
    m.qualified_local as qualifiedLocal, c.version, c.updated_at as updatedAt
  from components c join enterprises b on b.id = c.buyer_id left join component_match_status m on m.component_id = c.id`;

export function componentRecord(sqlite: Database.Database, ref: string): ComponentRecordRow | undefined {
  return sqlite.prepare<[string], ComponentRecordRow>(`${SELECT} where c.ref = ?`).get(ref);
}

export function componentRecordById(sqlite: Database.Database, id: number): ComponentRecordRow | undefined {
  return sqlite.prepare<[number], ComponentRecordRow>(`${SELECT} where c.id = ?`).get(id);
}

/** A buyer's components after an id, in id order. */
export function componentRecordsOf(sqlite: Database.Database, buyerId: number, after: number, count: number): ComponentRecordRow[] {
  return sqlite.prepare<[number, number, number], ComponentRecordRow>(`${SELECT} where c.buyer_id = ? and c.id > ? order by c.id limit ?`).all(buyerId, after, count);
}
