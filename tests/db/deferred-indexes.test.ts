import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { deferIndexesOfEmptyTables } from '../../db/deferred-indexes.ts';
import { openDatabase } from '../../db/client.ts';

function fixture() {
  const sqlite = new Database(':memory:');
  sqlite.exec(`create table t (id integer primary key, ref text not null, a integer, b text);
    create unique index t_ref on t (ref);
    create index t_a on t (a, id);
    create index t_b on t (b) where b is not null;
    create table u (id integer primary key, a integer);
    create index u_a on u (a);
    insert into u (a) values (1);`);
  return sqlite;
}

const indexes = (sqlite: Database.Database) =>
  sqlite.prepare<[], { name: string; sql: string }>(`select name, sql from sqlite_master where type = 'index' and sql is not null order by name`).all();

describe('deferIndexesOfEmptyTables', () => {
  it('drops the non-unique indexes of an empty table and builds the same ones again', () => {
    const sqlite = fixture();
    const before = indexes(sqlite);
    sqlite.transaction(() => {
      const rebuild = deferIndexesOfEmptyTables(sqlite, ['t', 'u']);
      // t was empty: its unique index stays, the other two go; u held a row: untouched
      expect(indexes(sqlite).map((i) => i.name)).toEqual(['t_ref', 'u_a']);
      const insert = sqlite.prepare('insert into t (ref, a, b) values (?, ?, ?)');
      for (let i = 0; i < 100; i++) insert.run(`r${i}`, i % 7, i % 2 ? null : `b${i}`);
      rebuild();
    })();
    expect(indexes(sqlite)).toEqual(before);
    expect(sqlite.prepare(`select count(*) from t indexed by t_a where a = 3`).pluck().get()).toBe(14);
    expect(sqlite.prepare(`select count(*) from t indexed by t_b where b is not null`).pluck().get()).toBe(50);
    expect(sqlite.prepare(`pragma integrity_check`).pluck().get()).toBe('ok');
  });

  it('a transaction rolled back leaves the indexes as they were', () => {
    const sqlite = fixture();
    const before = indexes(sqlite);
    expect(() => sqlite.transaction(() => {
      deferIndexesOfEmptyTables(sqlite, ['t']);
      sqlite.prepare(`insert into t (ref, a) values ('x', 1)`).run();
      throw new Error('refused');
    })()).toThrow('refused');
    expect(indexes(sqlite)).toEqual(before);
    expect(sqlite.prepare('select count(*) from t').pluck().get()).toBe(0);
  });

  it('is refused outside a transaction (the table would be seen without its indexes)', () => {
    const sqlite = fixture();
    expect(() => deferIndexesOfEmptyTables(sqlite, ['t'])).toThrow(/inside a transaction/);
    expect(indexes(sqlite).map((i) => i.name)).toEqual(['t_a', 't_b', 't_ref', 'u_a']);
  });

  it('on the app schema, an empty listings table loses only its five order indexes', () => {
    const { sqlite, close } = openDatabase(':memory:');
    const names = () => indexes(sqlite).filter((i) => i.name.startsWith('listings_')).map((i) => i.name);
    expect(names()).toEqual(['listings_chain_recent_idx', 'listings_enterprise_idx', 'listings_kind_recent_idx', 'listings_open_recent_idx', 'listings_ref_unique', 'listings_region_recent_idx']);
    sqlite.transaction(() => {
      const rebuild = deferIndexesOfEmptyTables(sqlite, ['listings']);
      expect(names()).toEqual(['listings_ref_unique']);
      rebuild();
      expect(names()).toHaveLength(6);
    })();
    close();
  });
});
