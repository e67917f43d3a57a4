/**
 * Secondary indexes of a table filled from empty in one transaction (an import's first load).
 * SQLite keeps every index up to date row by row: one B-tree insert per index per row, at a random
 * place for an index led by a firm or a region. Built once after the rows are in, an index is a
 * sort instead. The drop and the rebuild both happen inside the caller's transaction: a run rolled
 * back leaves the indexes as they were, a committed one has them all, and other connections never
 * see the table without them. Unique indexes are kept (they check the rows and find them by key).
 */
import type Database from 'better-sqlite3';

/** Drops the non-unique indexes of each table that is empty now; the function returned builds them again. */
export function deferIndexesOfEmptyTables(sqlite: Database.Database, tables: readonly string[]): () => void {
  if (!sqlite.inTransaction) throw new Error('deferIndexesOfEmptyTables: call inside a transaction');
  const dropped: string[] = [];
  const indexes = sqlite.prepare<[string], { name: string; sql: string }>(`select name, sql from sqlite_master
    where type = 'index' and tbl_name = ? and sql is not null and sql not like 'CREATE UNIQUE %' order by name`);
  for (const table of tables) {
    const empty = sqlite.prepare<[], number>(`select not exists (select 1 from "${table.replaceAll('"', '""')}")`).pluck().get() === 1;
    if (!empty) continue;
    for (const { name, sql } of indexes.all(table)) {
      sqlite.exec(`drop index "${name.replaceAll('"', '""')}"`);
      dropped.push(sql);
    }
  }
  return () => {
    for (const sql of dropped.splice(0)) sqlite.exec(sql);
  };
}
