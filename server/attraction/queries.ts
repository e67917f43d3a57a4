/** Reads for the attraction lists: every sole-source part with its current supplier and how far its localisation has come. */
import type Database from 'better-sqlite3';
import { LOCALISED_SQL } from '../components/localised.ts';
import { placeRegion } from '../domain/regions.ts';
import type { TargetPartRow } from './targets.ts';

type PartRow = Omit<TargetPartRow, 'supplierRegionKind'>;

export function loadTargetParts(sqlite: Database.Database): TargetPartRow[] {
  const rows = sqlite.prepare<[], PartRow>(`select c.id as componentId, c.ref, c.name, c.chain_id as chainId, c.annual_value_wan as valueWan,
      c.buyer_id as buyerId, b.uscc as buyerUscc, b.name as buyerName, b.region_code as buyerRegionCode,
      c.current_supplier as supplier, c.current_supplier_region as supplierRegion,
      case when ${LOCALISED_SQL} then 'localised'
           when exists (select 1 from deals d where d.component_id = c.id and d.stage in ('signed','supplying')) then 'signed'
           else 'open' end as state,
      coalesce(m.qualified_local, 0) as qualifiedLocal
    from components c join enterprises b on b.id = c.buyer_id left join component_match_status m on m.component_id = c.id`).all();
  const kinds = new Map<string, TargetPartRow['supplierRegionKind']>();
  const kindOf = (region: string) => {
    let k = kinds.get(region);
    if (k === undefined) kinds.set(region, (k = placeRegion(region)?.kind ?? null));
    return k;
  };
  return rows.map((r) => ({ ...r, supplierRegionKind: kindOf(r.supplierRegion) }));
}

/** Each firm's county name by USCC (empty when unknown), for the cultivation export. */
export function regionNamesByUscc(sqlite: Database.Database): Map<string, string> {
  return new Map(sqlite.prepare<[], { uscc: string; region: string | null }>('select e.uscc, r.name as region from enterprises e left join regions r on r.code = e.region_code')
    .all().map((r) => [r.uscc, r.region ?? '']));
}

/** Changes whenever a part's local fits can: a re-ranking, a deal, a part or a firm written (versions count every edit). */
export function matchingVersion(sqlite: Database.Database): string {
  return sqlite.prepare<[], { v: string }>(`select (select count(*) || '.' || coalesce(max(computed_at), 0) || '.' || coalesce(sum(qualified_local), 0) from component_match_status)
      || '|' || (select count(*) || '.' || coalesce(sum(version), 0) from deals)
      || '|' || (select count(*) || '.' || coalesce(sum(version), 0) from components)
      || '|' || (select count(*) || '.' || coalesce(sum(version), 0) from enterprises) as v`).get()!.v;
}
