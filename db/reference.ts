/**
 * Reference data (the 13 chains, the regions) comes from the one lexicon in search/
 * and is written on every start, so a lexicon change reaches the database without a migration.
 */
import type Database from 'better-sqlite3';
import { getLexicon } from '../search/lexicon.ts';

/** City departments that answer firms' problems (分办 targets). */
export const DEPARTMENTS: [string, string][] = [
  ['fgw', '市发展和改革委员会'], ['jxj', '市经济和信息化局'], ['zrzy', '市自然资源和规划局'], ['sthj', '市生态环境局'],
  ['rsj', '市人力资源和社会保障局'], ['swj', '市商务局'], ['kjj', '市科学技术局'], ['jtj', '市交通运输局'],
  ['zwfw', '市政务服务和大数据管理局'], ['jrj', '市地方金融工作局'], ['gdj', '国网襄阳供电公司'], ['scjg', '市市场监督管理局'],
];

export function seedReferenceData(sqlite: Database.Database): void {
  const lexicon = getLexicon();
  const upsertChain = sqlite.prepare(
    `insert into chains (id, name, sort_order) values (?, ?, ?)
     on conflict(id) do update set name = excluded.name, sort_order = excluded.sort_order
     where name is not excluded.name or sort_order is not excluded.sort_order`,
  );
  const upsertRegion = sqlite.prepare(
    `insert into regions (code, name, kind, lat, lng) values (?, ?, ?, ?, ?)
     on conflict(code) do update set name = excluded.name, kind = excluded.kind, lat = excluded.lat, lng = excluded.lng
     where name is not excluded.name or kind is not excluded.kind or lat is not excluded.lat or lng is not excluded.lng`,
  );
  const upsertDepartment = sqlite.prepare(
    `insert into departments (id, name, sort_order) values (?, ?, ?)
     on conflict(id) do update set name = excluded.name, sort_order = excluded.sort_order
     where name is not excluded.name or sort_order is not excluded.sort_order`,
  );
  sqlite.transaction(() => {
    DEPARTMENTS.forEach(([id, name], i) => upsertDepartment.run(id, name, i + 1));
    lexicon.chains().forEach((chain, i) => upsertChain.run(chain.id, chain.name, i + 1));
    for (const r of lexicon.regions()) upsertRegion.run(r.code, r.name, r.kind, r.lat, r.lng);
  })();
}

