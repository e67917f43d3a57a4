/** Reading enterprises for the directory and the profile page. */
import { and, asc, desc, eq, exists, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { enterpriseCapabilities, enterpriseChains, enterprises, regions, chains, type Tier } from '../schema.ts';

export interface DirectoryFilter { chain?: string; region?: string; tier?: Tier; name?: string; page: number; pageSize: number }

export interface DirectoryEntry {
  uscc: string; name: string; tier: Tier; regionName: string | null; regionKind: string | null;
  processes: string; annualOutputWan: number | null; chainNames: string;
}

export function listEnterprises(db: Db, f: DirectoryFilter): { total: number; items: DirectoryEntry[] } {
  const where: SQL[] = [];
  if (f.chain) {
    where.push(exists(db.select({ one: sql`1` }).from(enterpriseChains)
      .where(and(eq(enterpriseChains.enterpriseId, enterprises.id), eq(enterpriseChains.chainId, f.chain)))));
  }
  if (f.region) where.push(eq(enterprises.regionCode, f.region));
  if (f.tier) where.push(eq(enterprises.tier, f.tier));
  if (f.name) where.push(like(enterprises.name, `%${f.name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  const condition = where.length ? and(...where) : undefined;
  const total = db.select({ n: sql<number>`count(*)` }).from(enterprises).where(condition).get()!.n;
  const items = db.select({
    uscc: enterprises.uscc, name: enterprises.name, tier: enterprises.tier,
    regionName: regions.name, regionKind: regions.kind, processes: enterprises.processes,
    annualOutputWan: enterprises.annualOutputWan,
    chainNames: sql<string>`coalesce((select group_concat(c.name, '、') from ${enterpriseChains} ec
      join ${chains} c on c.id = ec.chain_id where ec.enterprise_id = ${enterprises.id}), '')`,
  }).from(enterprises).leftJoin(regions, eq(regions.code, enterprises.regionCode)).where(condition)
    .orderBy(sql`case ${enterprises.tier} when 'chain_leader' then 0 when 'core' then 1 when 'specialized' then 2 else 3 end`,
      desc(enterprises.annualOutputWan), asc(enterprises.id))
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).all();
  return { total, items };
}

export function getEnterprise(db: Db, uscc: string) {
  const firm = db.select().from(enterprises).where(eq(enterprises.uscc, uscc)).get();
  if (!firm) return undefined;
  const region = firm.regionCode ? db.select().from(regions).where(eq(regions.code, firm.regionCode)).get() : undefined;
  const chainList = db.select({ id: chains.id, name: chains.name }).from(enterpriseChains)
    .innerJoin(chains, eq(chains.id, enterpriseChains.chainId))
    .where(eq(enterpriseChains.enterpriseId, firm.id)).orderBy(asc(chains.sortOrder)).all();
  const capabilities = db.select().from(enterpriseCapabilities)
    .where(eq(enterpriseCapabilities.enterpriseId, firm.id)).orderBy(desc(enterpriseCapabilities.confidence)).all();
  return { ...firm, region, chains: chainList, capabilities };
}

export type EnterpriseProfile = NonNullable<ReturnType<typeof getEnterprise>>;
