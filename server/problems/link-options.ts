/** What a problem can be linked to when it is raised: the raising firm, its open deals and its parts (plain queries, typed rows). */
import type Database from 'better-sqlite3';

export interface FirmRef { id: number; name: string }
export interface Option<K> { key: K; label: string }

export function firmRefById(sqlite: Database.Database, id: number): FirmRef | undefined {
  return sqlite.prepare<[number], FirmRef>('select id, name from enterprises where id = ?').get(id);
}

export function firmRefByUscc(sqlite: Database.Database, uscc: string): FirmRef | undefined {
  return sqlite.prepare<[string], FirmRef>('select id, name from enterprises where uscc = ?').get(uscc);
}

/** The firm's deals still alive, as 「#12 变速器壳体（对方）」, newest first. */
export function linkableDeals(sqlite: Database.Database, firmId: number): { id: number; label: string }[] {
  return sqlite.prepare<[number, number, number], { id: number; label: string }>(`select d.id, '#' || d.id || ' ' || coalesce(c.name, l.title) || '（' || case when d.buyer_id = ? then s.name else b.name end || '）' as label
    from deals d left join components c on c.id = d.component_id left join listings l on l.id = d.listing_id join enterprises b on b.id = d.buyer_id
    join enterprises s on s.id = d.supplier_id where (d.buyer_id = ? or d.supplier_id = ?) and d.stage != 'lost' order by d.id desc limit 200`).all(firmId, firmId, firmId);
}

/** The firm's own parts, as 「C0012 变速器壳体」. */
export function linkableComponents(sqlite: Database.Database, firmId: number): { ref: string; label: string }[] {
  return sqlite.prepare<[number], { ref: string; label: string }>(`select ref, ref || ' ' || name as label from components where buyer_id = ? order by ref limit 500`).all(firmId);
}
