/** Enterprises as the API reads them: whole records in id order (keyset pages), one by USCC. */
import { and, asc, eq, exists, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { chains, enterpriseChains, enterprises, regions, type Tier } from '../schema.ts';

export interface EnterpriseRecordFilter { chain?: string; region?: string; tier?: Tier }

const columns = {
  id: enterprises.id, uscc: enterprises.uscc, name: enterprises.name, tier: enterprises.tier,
  regionCode: enterprises.regionCode, regionName: regions.name, regionKind: regions.kind, address: enterprises.address,
  lat: enterprises.lat, lng: enterprises.lng, products: enterprises.products, processes: enterprises.processes,
  materials: enterprises.materials, certifications: enterprises.certifications, annualOutputWan: enterprises.annualOutputWan,
  employees: enterprises.employees, contactName: enterprises.contactName, contactPhone: enterprises.contactPhone,
  description: enterprises.description, version: enterprises.version, updatedAt: enterprises.updatedAt,
  chainIds: sql<string>`coalesce((select group_concat(ec.chain_id) from (select ec.chain_id from ${enterpriseChains} ec
    join ${chains} c on c.id = ec.chain_id where ec.enterprise_id = ${enterprises.id} order by c.sort_order) ec), '')`,
};

function select(db: Db) {
  return db.select(columns).from(enterprises).leftJoin(regions, eq(regions.code, enterprises.regionCode));
}

export type EnterpriseRecord = Awaited<ReturnType<ReturnType<typeof select>['all']>>[number];

export function enterpriseRecordsAfter(db: Db, f: EnterpriseRecordFilter, after: number, count: number): EnterpriseRecord[] {
  const where: SQL[] = [gt(enterprises.id, after)];
  if (f.chain) {
    where.push(exists(db.select({ one: sql`1` }).from(enterpriseChains)
      .where(and(eq(enterpriseChains.enterpriseId, enterprises.id), eq(enterpriseChains.chainId, f.chain)))));
  }
  if (f.region) where.push(eq(enterprises.regionCode, f.region));
  if (f.tier) where.push(eq(enterprises.tier, f.tier));
  return select(db).where(and(...where)).orderBy(asc(enterprises.id)).limit(count).all();
}

export function enterpriseRecord(db: Db, uscc: string): EnterpriseRecord | undefined {
  return select(db).where(eq(enterprises.uscc, uscc.toUpperCase())).get();
}

export function enterpriseRecordById(db: Db, id: number): EnterpriseRecord | undefined {
  return select(db).where(eq(enterprises.id, id)).get();
}
