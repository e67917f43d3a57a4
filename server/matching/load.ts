/**
 * Fills and refreshes the MatchingIndex from SQLite, and reads single requests (a component, a
 * demand listing) for ranking. The only file of the engine that knows SQL; reads in bulk so a
 * 20,000-firm city loads in a second or two, and refreshes only the firms an import or a
 * profile edit touched (the live re-ranking calls refreshEnterprises with the import's ChangeSet).
 */
import type Database from 'better-sqlite3';
import type { RegionKind, Tier } from '../../db/schema.ts';
import type { Lexicon } from '../../search/lexicon/types.ts';
import { MatchingIndex } from './matching-index.ts';
import { buildCandidateProfile, pointOf, type FirmRecord } from './profile.ts';
import { requirementsFromComponent, requirementsFromText, type ComponentText } from './requirements.ts';
import type { CandidateProfile, MatchRequest } from './types.ts';

interface FirmRow {
  id: number; uscc: string; name: string; regionCode: string | null; regionName: string | null; regionKind: RegionKind | null;
  lat: number | null; lng: number | null; regionLat: number | null; regionLng: number | null; tier: Tier;
  products: string; processes: string; materials: string; certifications: string; annualOutputWan: number | null;
  description: string; chainIds: string | null;
}

const FIRM_SQL = `select e.id, e.uscc, e.name, e.region_code as regionCode, r.name as regionName, r.kind as regionKind,
  e.lat, e.lng, r.lat as regionLat, r.lng as regionLng, e.tier, e.products, e.processes, e.materials, e.certifications,
  e.annual_output_wan as annualOutputWan, e.description,
  (select group_concat(ec.chain_id) from enterprise_chains ec where ec.enterprise_id = e.id) as chainIds
  from enterprises e left join regions r on r.code = e.region_code`;

function toRecord(row: FirmRow): FirmRecord {
  return {
    ...row,
    regionName: row.regionName ?? '未知区域',
    // A firm without a known region is treated as outside: it cannot count toward the near-site rate.
    regionKind: row.regionKind ?? 'outside',
    chainIds: row.chainIds ? row.chainIds.split(',') : [],
  };
}

interface ComponentRow extends ComponentText {
  id: number; ref: string; name: string; buyerId: number; chainId: string | null; annualValueWan: number | null;
  buyerLat: number | null; buyerLng: number | null; regionLat: number | null; regionLng: number | null;
}

const COMPONENT_SQL = `select c.id, c.ref, c.name, c.buyer_id as buyerId, c.chain_id as chainId, c.annual_value_wan as annualValueWan,
  c.processes, c.materials, c.certifications_required as certificationsRequired, c.description,
  b.lat as buyerLat, b.lng as buyerLng, r.lat as regionLat, r.lng as regionLng
  from components c join enterprises b on b.id = c.buyer_id left join regions r on r.code = b.region_code`;

function toRequest(lexicon: Lexicon, row: ComponentRow): MatchRequest {
  return {
    kind: 'component', id: row.id, ref: row.ref, name: row.name, buyerId: row.buyerId,
    buyerLocation: pointOf(row.buyerLat, row.buyerLng) ?? pointOf(row.regionLat, row.regionLng),
    chainId: row.chainId, annualValueWan: row.annualValueWan, requirements: requirementsFromComponent(lexicon, row),
  };
}

/** Every firm and every component, read once at start with the lexicon the index will rank by. */
export function loadMatchingIndex(sqlite: Database.Database, lexicon: Lexicon): MatchingIndex {
  const index = new MatchingIndex(lexicon);
  for (const row of sqlite.prepare<[], FirmRow>(FIRM_SQL).iterate()) index.upsertProfile(buildCandidateProfile(lexicon, toRecord(row)));
  for (const row of sqlite.prepare<[], ComponentRow>(COMPONENT_SQL).iterate()) index.upsertComponent(toRequest(lexicon, row));
  return index;
}

const inList = (ids: number[]) => ids.map(() => '?').join(',');
const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export interface RefreshResult {
  updated: number[];
  removed: number[];
  /** Components whose ranking the change may move (before and after the change). */
  affectedComponentIds: number[];
}

/** Re-reads these firms (a deleted one leaves the index) with the index's lexicon and says which components to re-rank. */
export function refreshEnterprises(index: MatchingIndex, sqlite: Database.Database, ids: Iterable<number>): RefreshResult {
  const wanted = [...new Set(ids)];
  const previous: CandidateProfile[] = wanted.map((id) => index.profile(id)).filter((p): p is CandidateProfile => p !== undefined);
  const found = new Set<number>();
  for (const part of chunks(wanted, 500)) {
    const rows = sqlite.prepare<number[], FirmRow>(`${FIRM_SQL} where e.id in (${inList(part)})`).all(...part);
    for (const row of rows) { index.upsertProfile(buildCandidateProfile(index.lexicon, toRecord(row))); found.add(row.id); }
  }
  const removed = wanted.filter((id) => !found.has(id));
  for (const id of removed) index.removeProfile(id);
  return { updated: [...found], removed, affectedComponentIds: index.affectedComponents(wanted, previous) };
}

/** Re-reads these components (a deleted one leaves the index) with the index's lexicon. */
export function refreshComponents(index: MatchingIndex, sqlite: Database.Database, ids: Iterable<number>): void {
  const wanted = [...new Set(ids)];
  const found = new Set<number>();
  for (const part of chunks(wanted, 500)) {
    for (const row of sqlite.prepare<number[], ComponentRow>(`${COMPONENT_SQL} where c.id in (${inList(part)})`).all(...part)) {
      index.upsertComponent(toRequest(index.lexicon, row));
      found.add(row.id);
    }
  }
  for (const id of wanted) if (!found.has(id)) index.removeComponent(id);
}

interface ListingRow {
  id: number; ref: string; title: string; description: string; kind: string; enterpriseId: number; chainId: string | null;
  lat: number | null; lng: number | null; regionLat: number | null; regionLng: number | null;
}

/**
 * A demand listing as a request: its needs read from its own words, its poster as the buyer.
 * A listing that names only a part (「求购车轮螺栓」) borrows the needs and purchase value of the
 * poster's own component for that part, when it has registered one: it is the same purchase.
 */
export function loadListingRequest(sqlite: Database.Database, lexicon: Lexicon, listingId: number): MatchRequest | undefined {
  const row = sqlite.prepare<[number], ListingRow>(`select l.id, l.ref, l.title, l.description, l.kind, l.enterprise_id as enterpriseId, l.chain_id as chainId,
    e.lat, e.lng, r.lat as regionLat, r.lng as regionLng
    from listings l join enterprises e on e.id = l.enterprise_id left join regions r on r.code = coalesce(e.region_code, l.region_code)
    where l.id = ?`).get(listingId);
  if (!row) return undefined;
  const request: MatchRequest = {
    kind: 'listing', id: row.id, ref: row.ref, name: row.title, buyerId: row.enterpriseId,
    buyerLocation: pointOf(row.lat, row.lng) ?? pointOf(row.regionLat, row.regionLng),
    chainId: row.chainId, annualValueWan: null, requirements: requirementsFromText(lexicon, row.title, row.description),
  };
  if (request.requirements.some((r) => r.kind === 'process')) return request;
  const same = ownComponentFor(sqlite, lexicon, row.enterpriseId, `${row.title} ${row.description}`, request.requirements.filter((r) => r.kind === 'part').map((r) => r.conceptId));
  return same ? { ...request, chainId: request.chainId ?? same.chainId, annualValueWan: same.annualValueWan, requirements: same.requirements } : request;
}

function ownComponentFor(sqlite: Database.Database, lexicon: Lexicon, buyerId: number, text: string, partIds: string[]): MatchRequest | undefined {
  const rows = sqlite.prepare<[number], ComponentRow>(`${COMPONENT_SQL} where c.buyer_id = ? order by c.id`).all(buyerId);
  const named = rows.find((c) => c.name.trim() !== '' && text.includes(c.name.trim()))
    ?? rows.find((c) => partIds.length > 0 && requirementsFromText(lexicon, c.name, '').some((r) => partIds.includes(r.conceptId)));
  return named ? toRequest(lexicon, named) : undefined;
}
