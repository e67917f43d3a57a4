/** Reading deals for pages and the API. */
import type Database from 'better-sqlite3';
import type { DealStage } from '../../db/schema.ts';

export interface DealEvent { fromStage: DealStage | null; toStage: DealStage; note: string; reason: string | null; annualValueWan: number | null; actorLabel: string; at: number }

export function dealEvents(sqlite: Database.Database, dealId: number): DealEvent[] {
  return sqlite.prepare(`select from_stage as fromStage, to_stage as toStage, note, reason, annual_value_wan as annualValueWan, actor_label as actorLabel, at
    from deal_events where deal_id = ? order by id`).all(dealId) as DealEvent[];
}
