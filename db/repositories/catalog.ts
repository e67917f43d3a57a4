/** Chains and regions with the counts the home page and filters show. */
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { chains, regions } from '../schema.ts';

export interface ChainOverview { id: string; name: string; firms: number; chainLeaders: number; listings: number; components: number }

export function chainOverview(db: Db, today: string): ChainOverview[] {
  return db.all<ChainOverview>(sql`
    select c.id, c.name,
      (select count(*) from enterprise_chains ec where ec.chain_id = c.id) as firms,
      (select count(*) from enterprise_chains ec join enterprises e on e.id = ec.enterprise_id
         where ec.chain_id = c.id and e.tier = 'chain_leader') as chainLeaders,
      (select count(*) from listings l where l.chain_id = c.id and l.status = 'open' and l.valid_until >= ${today}) as listings,
      (select count(*) from components p where p.chain_id = c.id) as components
    from chains c order by c.sort_order`);
}

export interface CityTotals { firms: number; localFirms: number; chainLeaders: number; listings: number; components: number }

export function cityTotals(db: Db, today: string): CityTotals {
  return db.get<CityTotals>(sql`
    select (select count(*) from enterprises) as firms,
      (select count(*) from enterprises e join regions r on r.code = e.region_code where r.kind = 'local') as localFirms,
      (select count(*) from enterprises where tier = 'chain_leader') as chainLeaders,
      (select count(*) from listings where status = 'open' and valid_until >= ${today}) as listings,
      (select count(*) from components) as components`)!;
}

export function allChains(db: Db) {
  return db.select({ id: chains.id, name: chains.name }).from(chains).orderBy(asc(chains.sortOrder)).all();
}

/** Regions that filters offer: the city's own first, then the cluster, then outside places in use. */
export function regionsInUse(db: Db) {
  return db.all<{ code: string; name: string; kind: 'local' | 'cluster' | 'outside' }>(sql`
    select code, name, kind from ${regions} r
    where kind != 'outside' or exists (select 1 from enterprises e where e.region_code = r.code)
    order by case kind when 'local' then 0 when 'cluster' then 1 else 2 end, code`);
}
