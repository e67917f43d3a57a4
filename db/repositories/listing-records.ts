/** Listings as the API reads them: whole records, one by ref, or a firm's in id order (keyset pages). */
import { and, asc, eq, gt, gte, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { enterprises, listings, regions } from '../schema.ts';

const columns = {
  id: listings.id, ref: listings.ref, enterpriseId: listings.enterpriseId, ownerUscc: enterprises.uscc, ownerName: enterprises.name,
  kind: listings.kind, title: listings.title, description: listings.description, chainId: listings.chainId, quantity: listings.quantity,
  unit: listings.unit, regionCode: listings.regionCode, regionName: regions.name, validUntil: listings.validUntil, status: listings.status,
  version: listings.version, createdAt: listings.createdAt, updatedAt: listings.updatedAt,
};

function select(db: Db) {
  return db.select(columns).from(listings)
    .innerJoin(enterprises, eq(enterprises.id, listings.enterpriseId))
    .leftJoin(regions, eq(regions.code, listings.regionCode));
}

export type ListingRecord = Awaited<ReturnType<ReturnType<typeof select>['all']>>[number];

export function listingRecord(db: Db, ref: string): ListingRecord | undefined {
  return select(db).where(eq(listings.ref, ref)).get();
}

/** A firm's listings after an id; `publicOn` (a city date) keeps only the open ones still valid that day. */
export function listingRecordsOf(db: Db, enterpriseId: number, opts: { publicOn?: string }, after: number, count: number): ListingRecord[] {
  const where: SQL[] = [eq(listings.enterpriseId, enterpriseId), gt(listings.id, after)];
  if (opts.publicOn) where.push(eq(listings.status, 'open'), gte(listings.validUntil, opts.publicOn));
  return select(db).where(and(...where)).orderBy(asc(listings.id)).limit(count).all();
}
