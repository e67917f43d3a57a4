/**
 * Search documents of the firms and listings a load has just inserted, made from the values it
 * wrote instead of reading the rows back (at a million listings the read-back was ~14 s of SQL).
 * They are made by the same functions as documents read from the database
 * (server/search/documents.ts), from rows shaped as those queries return them;
 * tests/import/written-documents.test.ts checks that both ways give the same documents.
 *
 * Inserts only: an updated row keeps its creation time and status, which the loader does not
 * hold, so its document is still read back (server/search/sync.ts reads whatever is not here).
 */
import type Database from 'better-sqlite3';
import type { SearchDocument } from '../../search/search-index.ts';
import { enterpriseDocument, enterpriseKey, listingDocument, listingKey, type EnterpriseRow, type ListingRow } from '../search/documents.ts';

interface RegionPlace { name: string; lat: number | null; lng: number | null }
interface ChainEntry { name: string; sortOrder: number }

/** A firm as the loader wrote it (its `values`), with the chains and certification concepts it wrote beside it. */
export type WrittenEnterprise = Omit<EnterpriseRow, 'created_at' | 'region_name' | 'region_lat' | 'region_lng' | 'chain_ids' | 'chain_names' | 'cert_ids'>
  & { chainIds: readonly string[]; certIds: readonly string[] };

/** A listing as the loader wrote it, and the firm it names as the enterprises table holds it. */
export interface WrittenListing {
  id: number; ref: string; enterpriseId: number; kind: 'supply' | 'demand'; title: string; description: string;
  chainId: string | null; regionCode: string | null; validUntil: string | null;
  firm: { name: string; lat: number | null; lng: number | null; regionCode: string | null };
}

// SQLite compares text byte by byte (UTF-8); the ids compared here are ASCII, where that is code-unit order
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class WrittenDocuments {
  private documents = new Map<string, SearchDocument>();
  private readonly regions = new Map<string, RegionPlace | undefined>();
  private readonly chains = new Map<string, ChainEntry | undefined>();
  private readonly regionRow;
  private readonly chainRow;

  constructor(sqlite: Database.Database, private readonly createdAt: number) {
    this.regionRow = sqlite.prepare<[string], RegionPlace>('select name, lat, lng from regions where code = ?');
    this.chainRow = sqlite.prepare<[string], ChainEntry>('select name, sort_order as sortOrder from chains where id = ?');
  }

  /** The loader added a region (or may have): what was held of it is read again when next needed. */
  regionWritten(code: string): void {
    this.regions.delete(code);
  }

  private region(code: string | null): RegionPlace | undefined {
    if (code === null) return undefined;
    if (!this.regions.has(code)) this.regions.set(code, this.regionRow.get(code));
    return this.regions.get(code);
  }

  private chain(id: string): ChainEntry | undefined {
    if (!this.chains.has(id)) this.chains.set(id, this.chainRow.get(id));
    return this.chains.get(id);
  }

  enterpriseInserted(firm: WrittenEnterprise): void {
    const { chainIds, certIds, ...columns } = firm;
    const region = this.region(firm.region_code);
    // as ENTERPRISES_SQL reads them: chain and concept ids in primary-key order, chain names in the chains' own order
    const named = chainIds.map((id) => ({ id, chain: this.chain(id) })).filter((c) => c.chain !== undefined)
      .sort((a, b) => a.chain!.sortOrder - b.chain!.sortOrder || byText(a.id, b.id));
    const row: EnterpriseRow = {
      ...columns, created_at: this.createdAt,
      region_name: region?.name ?? null, region_lat: region?.lat ?? null, region_lng: region?.lng ?? null,
      chain_ids: JSON.stringify([...chainIds].sort(byText)),
      chain_names: named.length > 0 ? named.map((c) => c.chain!.name).join('、') : null,
      cert_ids: JSON.stringify([...certIds].sort(byText)),
    };
    this.documents.set(enterpriseKey(firm.id), enterpriseDocument(row));
  }

  listingInserted(listing: WrittenListing): void {
    const region = this.region(listing.regionCode);
    const firmRegion = this.region(listing.firm.regionCode);
    const row: ListingRow = {
      id: listing.id, ref: listing.ref, enterprise_id: listing.enterpriseId, kind: listing.kind, title: listing.title,
      description: listing.description, chain_id: listing.chainId, region_code: listing.regionCode, valid_until: listing.validUntil,
      status: 'open', created_at: this.createdAt,
      firm_name: listing.firm.name, firm_lat: listing.firm.lat, firm_lng: listing.firm.lng,
      chain_name: listing.chainId === null ? null : this.chain(listing.chainId)?.name ?? null,
      region_name: region?.name ?? null, region_lat: region?.lat ?? null, region_lng: region?.lng ?? null,
      firm_region_lat: firmRegion?.lat ?? null, firm_region_lng: firmRegion?.lng ?? null,
    };
    this.documents.set(listingKey(listing.id), listingDocument(row));
  }

  /** The documents made since the last call, by key; the next batch starts empty. */
  take(): ReadonlyMap<string, SearchDocument> {
    const made = this.documents;
    this.documents = new Map();
    return made;
  }
}
