/**
 * A firm as people name it in a form: its credit code, its full name, or a part of its name that
 * only one firm has. One rule for every field where a firm is chosen (the distance reference of
 * a search, the firm an account, a token or a webhook acts for, the audit log's filter).
 */
import type Database from 'better-sqlite3';

export interface FoundFirm { id: number; uscc: string; name: string; tier: string; lat: number | null; lng: number | null }
export type FirmLookup = { found: FoundFirm } | { none: true } | { many: string[] };

const SELECT = `select e.id, e.uscc, e.name, e.tier, coalesce(e.lat, r.lat) as lat, coalesce(e.lng, r.lng) as lng
  from enterprises e left join regions r on r.code = e.region_code`;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function findFirm(sqlite: Database.Database, typed: string): FirmLookup {
  const text = typed.trim();
  if (text === '') return { none: true };
  let rows = sqlite.prepare<[string, string], FoundFirm>(`${SELECT} where e.uscc = ? or e.name = ? limit 2`).all(text.toUpperCase(), text);
  if (rows.length === 0) rows = sqlite.prepare<[string], FoundFirm>(`${SELECT} where e.name like ? escape '\\' order by e.name limit 6`).all(`%${escapeLike(text)}%`);
  if (rows.length === 1) return { found: rows[0]! };
  return rows.length === 0 ? { none: true } : { many: rows.map((r) => r.name) };
}

/** What to tell someone whose firm could not be chosen. */
export function firmLookupProblem(typed: string, lookup: Exclude<FirmLookup, { found: FoundFirm }>): string {
  if ('none' in lookup) return `找不到名称或信用代码为「${typed.trim()}」的企业`;
  return `有多家企业与「${typed.trim()}」相符（${lookup.many.slice(0, 5).join('、')}${lookup.many.length > 5 ? '等' : ''}），请写出企业全称`;
}

/** Up to ten names holding the typed words, those that start with them first (for suggestions). */
export function firmNamesLike(sqlite: Database.Database, typed: string): string[] {
  const t = typed.trim();
  if (t === '') return [];
  return sqlite.prepare<[string, string], { name: string }>(`select name from enterprises where name like ? escape '\\'
    order by instr(name, ?), length(name), name limit 10`).all(`%${escapeLike(t)}%`, t).map((r) => r.name);
}
