/**
 * Search documents from database rows: what a firm or a listing says, its facets, its place.
 * Firms without coordinates stand at their region's centre; a listing stands where its firm does.
 * Components (sole-source parts) are a buyer's confidential data and are never indexed.
 */
import type Database from 'better-sqlite3';
import type { SearchDocument } from '../../search/search-index.ts';
import { LISTING_KIND_LABEL, TIER_LABEL } from '../vocabulary.ts';
import type { Tier } from '../../db/schema.ts';
import { stringList } from '../../db/rows.ts';

export const enterpriseKey = (id: number) => `enterprise-${id}`;
export const listingKey = (id: number) => `listing-${id}`;

/** A firm as its document needs it: read by ENTERPRISES_SQL, or held by the importer that just wrote it (server/import/written-documents.ts). */
export interface EnterpriseRow {
  id: number; uscc: string; name: string; region_code: string | null; address: string; lat: number | null; lng: number | null;
  tier: Tier; products: string; processes: string; materials: string; certifications: string; description: string;
  created_at: number; region_name: string | null; region_lat: number | null; region_lng: number | null;
  chain_ids: string; chain_names: string | null; cert_ids: string;
}

/** A listing as its document needs it (read by LISTINGS_SQL or held by the importer). */
export interface ListingRow {
  id: number; ref: string; enterprise_id: number; kind: 'supply' | 'demand'; title: string; description: string;
  chain_id: string | null; region_code: string | null; valid_until: string | null; status: 'open' | 'closed'; created_at: number;
  firm_name: string; firm_lat: number | null; firm_lng: number | null;
  chain_name: string | null; region_name: string | null; region_lat: number | null; region_lng: number | null;
  firm_region_lat: number | null; firm_region_lng: number | null;
}

const ENTERPRISES_SQL = `select e.id, e.uscc, e.name, e.region_code, e.address, e.lat, e.lng, e.tier, e.products, e.processes,
    e.materials, e.certifications, e.description, e.created_at, r.name as region_name, r.lat as region_lat, r.lng as region_lng,
    (select json_group_array(chain_id) from enterprise_chains where enterprise_id = e.id) as chain_ids,
    (select group_concat(name, '、') from (select c.name from enterprise_chains ec join chains c on c.id = ec.chain_id
      where ec.enterprise_id = e.id order by c.sort_order)) as chain_names,
    (select json_group_array(concept_id) from enterprise_capabilities
      where enterprise_id = e.id and kind = 'certification' and concept_id not like '~%') as cert_ids
  from enterprises e left join regions r on r.code = e.region_code
  where e.id in (select value from json_each(?))`;

const LISTINGS_SQL = `select l.id, l.ref, l.enterprise_id, l.kind, l.title, l.description, l.chain_id, l.region_code, l.valid_until,
    l.status, l.created_at, e.name as firm_name, e.lat as firm_lat, e.lng as firm_lng,
    c.name as chain_name, r.name as region_name, r.lat as region_lat, r.lng as region_lng,
    fr.lat as firm_region_lat, fr.lng as firm_region_lng
  from listings l join enterprises e on e.id = l.enterprise_id
  left join chains c on c.id = l.chain_id left join regions r on r.code = l.region_code
  left join regions fr on fr.code = e.region_code
  where l.id in (select value from json_each(?))`;

const point = (lat: number | null, lng: number | null) => (lat !== null && lng !== null ? { lat, lng } : null);
const lines = (...parts: (string | null | undefined)[]) => parts.filter((p): p is string => !!p && p.trim() !== '').join('\n');

export function enterpriseDocument(r: EnterpriseRow): SearchDocument {
  return {
    key: enterpriseKey(r.id), type: 'enterprise', ref: r.uscc, title: r.name,
    body: lines(r.products, r.processes, r.materials, r.certifications, r.description, r.chain_names, r.region_name, r.address, TIER_LABEL[r.tier]),
    owner: null,
    facets: {
      chain: stringList(r.chain_ids), region: r.region_code ? [r.region_code] : [], tier: [r.tier],
      cert: stringList(r.cert_ids),
    },
    createdAt: r.created_at, status: 'open', validUntil: null,
    location: point(r.lat, r.lng) ?? point(r.region_lat, r.region_lng),
  };
}

export function listingDocument(r: ListingRow): SearchDocument {
  return {
    key: listingKey(r.id), type: 'listing', ref: r.ref, title: r.title,
    body: lines(r.description, r.firm_name, r.chain_name, r.region_name, LISTING_KIND_LABEL[r.kind]),
    owner: enterpriseKey(r.enterprise_id),
    facets: { kind: [r.kind], chain: r.chain_id ? [r.chain_id] : [], region: r.region_code ? [r.region_code] : [] },
    createdAt: r.created_at, status: r.status, validUntil: r.valid_until,
    location: point(r.firm_lat, r.firm_lng) ?? point(r.region_lat, r.region_lng) ?? point(r.firm_region_lat, r.firm_region_lng),
  };
}

/** Documents of these firms; ids without a row are simply absent. */
export function enterpriseDocuments(sqlite: Database.Database, ids: readonly number[]): SearchDocument[] {
  if (ids.length === 0) return [];
  return sqlite.prepare<[string], EnterpriseRow>(ENTERPRISES_SQL).all(JSON.stringify(ids)).map(enterpriseDocument);
}

export function listingDocuments(sqlite: Database.Database, ids: readonly number[]): SearchDocument[] {
  if (ids.length === 0) return [];
  return sqlite.prepare<[string], ListingRow>(LISTINGS_SQL).all(JSON.stringify(ids)).map(listingDocument);
}
