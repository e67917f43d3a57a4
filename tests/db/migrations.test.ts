import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';

describe('migrations on an empty database', () => {
  it('create every table, seed the 13 chains and the regions, and turn foreign keys on', () => {
    const database = openDatabase(':memory:');
    const tables = (database.sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['chains', 'component_requirements', 'components', 'enterprise_capabilities', 'enterprise_chains', 'enterprises', 'import_runs', 'listings', 'procurement', 'regions']));
    const chains = database.sqlite.prepare('select name from chains order by sort_order').pluck().all();
    expect(chains).toEqual(['汽车产业链', '纺织服装产业链', '现代化工产业链', '电子信息产业链', '医药产业链', '航空航天产业链', '轨道交通产业链', '智能装备产业链', '新能源新材料产业链', '资源综合利用产业链', '工业互联网产业链', '大数据产业链', '人工智能产业链']);
    const local = database.sqlite.prepare(`select name from regions where kind = 'local' order by name`).pluck().all();
    expect(local).toHaveLength(12);
    expect(local).toEqual(expect.arrayContaining(['襄城区', '樊城区', '襄州区', '襄阳高新区', '东津新区', '鱼梁洲经济开发区', '枣阳市', '宜城市', '老河口市', '南漳县', '谷城县', '保康县']));
    expect(database.sqlite.prepare(`select name from regions where kind = 'cluster' order by code`).pluck().all()).toEqual(['十堰市', '随州市', '神农架林区']);
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => database.sqlite.prepare(`insert into enterprise_chains (enterprise_id, chain_id) values (999, 'auto')`).run()).toThrow(/FOREIGN KEY/);
    database.close();
  });

  it('a serving process maps the file for reads; other openers do not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-db-'));
    try {
      const file = join(dir, 'test.sqlite');
      const plain = openDatabase(file);
      expect(plain.sqlite.pragma('mmap_size', { simple: true })).toBe(0);
      const mapped = openDatabase(file, { mapped: true });
      expect(mapped.sqlite.pragma('mmap_size', { simple: true })).toBeGreaterThan(1e9);
      expect(mapped.sqlite.prepare('select count(*) from chains').pluck().get()).toBe(13);
      mapped.close();
      plain.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file database runs in WAL mode with a busy timeout, and opening it twice changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-db-'));
    try {
      const file = join(dir, 'test.sqlite');
      const first = openDatabase(file);
      expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(first.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      const applied = first.sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get();
      first.close();
      const second = openDatabase(file);
      expect(second.sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get()).toBe(applied);
      expect(second.sqlite.prepare('select count(*) from chains').pluck().get()).toBe(13);
      expect(second.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
