/** What a firm's own pages (/me, its profile and listing forms) read: plain queries, typed rows. */
import type Database from 'better-sqlite3';
import type { Tier } from '../../db/schema.ts';

export interface OwnFirm { id: number; uscc: string; name: string; tier: Tier; version: number }
export type ListingForForm = Record<string, unknown> & { id: number; ref: string; enterpriseId: number; kind: string; title: string; description: string; chain: string | null;
  quantity: number | null; unit: string; valid_until: string; version: number };
export interface OwnListingRow { ref: string; kind: 'supply' | 'demand'; title: string; validUntil: string | null; status: 'open' | 'closed'; version: number; quantity: number | null; unit: string }

const FIRM = 'select id, uscc, name, tier, version from enterprises';

export function firmByUscc(sqlite: Database.Database, uscc: string): OwnFirm | undefined {
  return sqlite.prepare<[string], OwnFirm>(`${FIRM} where uscc = ?`).get(uscc.toUpperCase());
}

export function firmById(sqlite: Database.Database, id: number): OwnFirm | undefined {
  return sqlite.prepare<[number], OwnFirm>(`${FIRM} where id = ?`).get(id);
}

export function listingByRef(sqlite: Database.Database, ref: string): ListingForForm | undefined {
  return sqlite.prepare<[string], ListingForForm>(`select id, ref, enterprise_id as enterpriseId, kind, title, description, chain_id as chain, quantity, unit,
    valid_until, version from listings where ref = ?`).get(ref);
}

/** A firm's listings, newest first. */
export function ownListings(sqlite: Database.Database, firmId: number): OwnListingRow[] {
  return sqlite.prepare<[number], OwnListingRow>(`select ref, kind, title, valid_until as validUntil, status, version, quantity, unit from listings
    where enterprise_id = ? order by created_at desc, ref`).all(firmId);
}

/** The profile form's values as stored (names of region and chains for the form's fields). */
export function profileValues(sqlite: Database.Database, firmId: number): Record<string, unknown> {
  const row = sqlite.prepare<[number], Record<string, unknown>>(`select e.name, r.name as region, e.address, e.products, e.processes, e.materials, e.certifications,
    e.annual_output_wan, e.employees, e.contact_name, e.contact_phone, e.description, e.version from enterprises e
    left join regions r on r.code = e.region_code where e.id = ?`).get(firmId) ?? {};
  return { ...row, chains: sqlite.prepare<[number], string>(`select c.name from enterprise_chains ec join chains c on c.id = ec.chain_id where ec.enterprise_id = ?`).pluck().all(firmId) };
}
