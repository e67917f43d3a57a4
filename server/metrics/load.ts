/** Loads what the metrics compute over, in a handful of queries. */
import type Database from 'better-sqlite3';
import { LOCALISED_STAGES } from '../deals/stages.ts';
import { cityDate } from '../vocabulary.ts';
import { localisedParts, type BuyerInfo, type Localisation, type NearSiteInput, type ProcurementRow } from './near-site.ts';

/** The city-calendar quarter of an instant. */
export function cityQuarter(at: number): { year: number; quarter: number } {
  const date = cityDate(at);
  return { year: Number(date.slice(0, 4)), quarter: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1 };
}

interface BuyerRow { id: number; uscc: string; regionCode: string | null; chains: string }

export function loadNearSiteInput(sqlite: Database.Database): NearSiteInput {
  const buyers = sqlite.prepare<[], BuyerRow>(`select e.id, e.uscc, e.region_code as regionCode,
      coalesce((select group_concat(chain_id) from enterprise_chains ec where ec.enterprise_id = e.id), '') as chains
    from enterprises e where e.tier = 'chain_leader' or exists (select 1 from procurement p where p.buyer_id = e.id)
      or exists (select 1 from components c where c.buyer_id = e.id)`).all()
    .map((b): BuyerInfo => ({ id: b.id, uscc: b.uscc, regionCode: b.regionCode, chainIds: b.chains ? b.chains.split(',') : [] }));
  const procurement = sqlite.prepare<[], ProcurementRow>(`select buyer_id as buyerId, year, quarter, total_wan as totalWan, local_wan as localWan from procurement`).all();
  return { buyers, procurement, localised: localisedParts(loadLocalisations(sqlite), cityQuarter) };
}

/** Local deals signed or supplying, and the parts of projects in operation, each with its date. */
export function loadLocalisations(sqlite: Database.Database): Localisation[] {
  const deals = sqlite.prepare<string[], Omit<Localisation, 'source'>>(`select d.id, d.component_id as componentId, d.buyer_id as buyerId, d.signed_at as at,
      coalesce(d.annual_value_wan, c.annual_value_wan, 0) as valueWan
    from deals d join components c on c.id = d.component_id join enterprises s on s.id = d.supplier_id join regions r on r.code = s.region_code
    where d.stage in (${LOCALISED_STAGES.map(() => '?').join(',')}) and r.kind = 'local' and d.signed_at is not null`).all(...LOCALISED_STAGES);
  const projects = sqlite.prepare<[], Omit<Localisation, 'source'>>(`select p.id, pp.component_id as componentId, c.buyer_id as buyerId, p.operating_at as at, pp.value_wan as valueWan
    from attraction_projects p join attraction_project_parts pp on pp.project_id = p.id join components c on c.id = pp.component_id
    where p.stage = 'operating' and p.operating_at is not null`).all();
  return [...deals.map((d) => ({ ...d, source: 'deal' as const })), ...projects.map((p) => ({ ...p, source: 'project' as const }))];
}
