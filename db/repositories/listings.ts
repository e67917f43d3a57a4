/** Reading supply and demand listings. Only open listings still within their validity are public. */
import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { chains, enterprises, listings, regions, type ListingKind } from '../schema.ts';

export interface ListingFilter { kind?: ListingKind; chain?: string; region?: string; enterpriseId?: number; page: number; pageSize: number }

const visible = (today: string) => and(eq(listings.status, 'open'), gte(listings.validUntil, today));

const summaryColumns = {
  ref: listings.ref, kind: listings.kind, title: listings.title, quantity: listings.quantity, unit: listings.unit,
  validUntil: listings.validUntil, createdAt: listings.createdAt, chainName: chains.name, regionName: regions.name,
  firmName: enterprises.name, firmUscc: enterprises.uscc,
};

function listingCondition(f: Omit<ListingFilter, 'page' | 'pageSize'>, today: string) {
  const where: (SQL | undefined)[] = [visible(today)];
  if (f.kind) where.push(eq(listings.kind, f.kind));
  if (f.chain) where.push(eq(listings.chainId, f.chain));
  if (f.region) where.push(eq(listings.regionCode, f.region));
  if (f.enterpriseId) where.push(eq(listings.enterpriseId, f.enterpriseId));
  return and(...where);
}

/** How many listings a filter shows: the costly half of a list page, cached apart from its pages. */
export function countListings(db: Db, f: Omit<ListingFilter, 'page' | 'pageSize'>, today: string): number {
  return db.select({ n: sql<number>`count(*)` }).from(listings).where(listingCondition(f, today)).get()!.n;
}

/** One page, newest first: a walk down the filter's (…, status, created_at, id) index. */
export function pageOfListings(db: Db, f: ListingFilter, today: string) {
  return db.select(summaryColumns).from(listings)
    .innerJoin(enterprises, eq(enterprises.id, listings.enterpriseId))
    .leftJoin(chains, eq(chains.id, listings.chainId))
    .leftJoin(regions, eq(regions.code, listings.regionCode))
    .where(listingCondition(f, today)).orderBy(desc(listings.createdAt), desc(listings.id))
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).all();
}

export function listListings(db: Db, f: ListingFilter, today: string) {
  return { total: countListings(db, f, today), items: pageOfListings(db, f, today) };
}

export type ListingSummary = ReturnType<typeof listListings>['items'][number];

export function getListing(db: Db, ref: string) {
  return db.select({
    ...summaryColumns, id: listings.id, enterpriseId: listings.enterpriseId, description: listings.description, status: listings.status,
    version: listings.version, updatedAt: listings.updatedAt, firmTier: enterprises.tier, regionKind: regions.kind,
  }).from(listings)
    .innerJoin(enterprises, eq(enterprises.id, listings.enterpriseId))
    .leftJoin(chains, eq(chains.id, listings.chainId))
    .leftJoin(regions, eq(regions.code, listings.regionCode))
    .where(eq(listings.ref, ref)).get();
}

export type ListingDetail = NonNullable<ReturnType<typeof getListing>>;
