/**
 * Reference data (the 13 chains, the regions) comes from the one lexicon in search/
 * and is written on every start, so a lexicon change reaches the database without a migration.
 */
import type Database from 'better-sqlite3';
import { getLexicon } from '../search/lexicon.ts';

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
  sqlite.transaction(() => {
    lexicon.chains().forEach((chain, i) => upsertChain.run(chain.id, chain.name, i + 1));
    for (const r of lexicon.regions()) upsertRegion.run(r.code, r.name, r.kind, r.lat, r.lng);
  })();
}

