/**
 * What the load benchmark asks for: three groups of requests (search, listing pages, the
 * match API), each with a pool of real URLs drawn from the database with a seeded PRNG, so
 * two runs on the same data send the same kind of traffic.
 */
import Database from 'better-sqlite3';
import { Rng } from '../scale/prng.ts';

export interface LoadGroup {
  name: string;
  /** share of the overall rate */
  share: number;
  paths: string[];
  headers?: Record<string, string>;
}

/** 1–3 character words and the codes buyers type (certificates, alloys, standards). */
export const SEARCH_TERMS = [
  '钢', '铝', '铜', '泵', '阀', '模具', '钢板', '加工', '轴承', '铸造', '锻造', '电机', '齿轮',
  '不锈钢', '热处理', '注塑件', '变速器', '线束', '冲压件', '铝合金',
  'IATF16949', 'ISO9001', 'ADC12', '6061-T6', 'Q235', 'GB/T 19001', 'CNC',
];

export const GROUP_SHARES = { search: 0.4, listings: 0.4, matches: 0.2 } as const;

export function loadGroups(databaseFile: string, apiToken: string, seed: number): LoadGroup[] {
  const rng = Rng.derive(seed, 'load-mix');
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const listingRefs = db.prepare<[], string>('select ref from listings').pluck().all();
    const componentRefs = db.prepare<[], string>('select ref from components').pluck().all();
    const chains = db.prepare<[], string>('select id from chains').pluck().all();
    if (listingRefs.length === 0 || componentRefs.length === 0) throw new Error('the database holds no listings or components');

    const search = SEARCH_TERMS.flatMap((q) => [`/api/search?q=${encodeURIComponent(q)}`, `/api/search?q=${encodeURIComponent(q)}&type=listing`]);
    // Three detail pages for every list page, as a visitor clicks through.
    const lists = Array.from({ length: 200 }, () => {
      const page = rng.chance(0.5) ? 1 : rng.int(2, 100);
      const filter = rng.pick(['', `&kind=supply`, `&kind=demand`, `&chain=${rng.pick(chains)}`]);
      return `/listings?page=${page}${filter}`;
    });
    const details = rng.sample(listingRefs, 600).map((ref) => `/listings/${encodeURIComponent(ref)}`);
    const matches = rng.sample(componentRefs, 1000).map((ref) => `/api/components/${encodeURIComponent(ref)}/matches`);
    return [
      { name: 'search', share: GROUP_SHARES.search, paths: search },
      { name: 'listings', share: GROUP_SHARES.listings, paths: [...lists, ...details] },
      { name: 'matches', share: GROUP_SHARES.matches, paths: matches, headers: { authorization: `Bearer ${apiToken}` } },
    ];
  } finally {
    db.close();
  }
}
