/** Loads what the metrics compute over, in a handful of queries. */
import type Database from 'better-sqlite3';
import { cityDate } from '../clock.ts';
import { LOCALISED_STAGES } from '../deals/stages.ts';
import { firstPerComponent, type BuyerInfo, type LocalisedDeal, type NearSiteInput, type ProcurementRow } from './near-site.ts';

export function loadNearSiteInput(sqlite: Database.Database): NearSiteInput {
  const buyers = (sqlite.prepare(`select e.id, e.uscc, e.region_code as regionCode,
      coalesce((select group_concat(chain_id) from enterprise_chains ec where ec.enterprise_id = e.id), '') as chains
    from enterprises e where e.tier = 'chain_leader' or exists (select 1 from procurement p where p.buyer_id = e.id)
      or exists (select 1 from components c where c.buyer_id = e.id)`).all() as { id: number; uscc: string; regionCode: string | null; chains: string }[])
    .map((b): BuyerInfo => ({ id: b.id, uscc: b.uscc, regionCode: b.regionCode, chainIds: b.chains ? b.chains.split(',') : [] }));
  const procurement = sqlite.prepare(`select buyer_id as buyerId, year, quarter, total_wan as totalWan, local_wan as localWan from procurement`).all() as ProcurementRow[];
  const rows = sqlite.prepare(`select d.id, d.component_id as componentId, d.buyer_id as buyerId, d.signed_at as signedAt,
      coalesce(d.annual_value_wan, c.annual_value_wan, 0) as valueWan
    from deals d join components c on c.id = d.component_id join enterprises s on s.id = d.supplier_id join regions r on r.code = s.region_code
    where d.stage in (${LOCALISED_STAGES.map(() => '?').join(',')}) and r.kind = 'local' and d.signed_at is not null`)
    .all(...LOCALISED_STAGES) as { id: number; componentId: number; buyerId: number; signedAt: number; valueWan: number }[];
  const localised = firstPerComponent(rows).map((d): LocalisedDeal => {
    const date = cityDate(d.signedAt);
    return { dealId: d.id, componentId: d.componentId, buyerId: d.buyerId, valueWan: d.valueWan, signedYear: Number(date.slice(0, 4)), signedQuarter: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1 };
  });
  return { buyers, procurement, localised };
}
