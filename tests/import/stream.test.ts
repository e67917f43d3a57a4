/**
 * An import is read as a stream: a CSV a chunk at a time (never one string), the rows checked and
 * written in batches, tables taken enterprises-first, and a file that breaks half-way says where.
 * (Memory at a million rows is a benchmark: npm run bench:import.)
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesSource, openSheets, readSheets, type ByteSource } from '../../server/import/read-table.ts';
import { streamRun } from '../../server/import/validate.ts';
import { importFiles, IMPORT_BATCH_ROWS } from '../../server/import/index.ts';
import { openDatabase } from '../../db/client.ts';
import { openXlsxSheets } from '../../server/import/xlsx.ts';
import { writeXlsx } from '../../server/export/xlsx.ts';
import { csv, usccFor } from '../helpers.ts';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { rebuildSearchIndex, searchFeed } from '../../server/search/sync.ts';

const NAMES = ['襄阳甲（精密）有限公司，分厂', '襄阳乙“汉江”机电', '樊城丙铸造'];
const enterpriseRows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => [usccFor(from + i), `${NAMES[(from + i) % 3]}${from + i}`, '樊城区', '汽车产业链', '中小企业']);
const ENTERPRISE_HEAD = ['uscc', 'name', 'region', 'chains', 'tier'];

/** A source that counts the chunks it has handed out. */
function counting(bytes: Uint8Array): ByteSource & { handed: number } {
  const inner = bytesSource(bytes);
  const source = { size: inner.size, handed: 0, *chunks() { for (const c of inner.chunks()) { source.handed++; yield c; } } };
  return source;
}

describe('a CSV read a chunk at a time', () => {
  const text = csv([ENTERPRISE_HEAD, ...enterpriseRows(40_000)]);

  it('gives the same records as reading it whole, across chunk edges that split characters (UTF-8 and GB18030)', () => {
    for (const bytes of [Buffer.from(text), iconv.encode(text, 'gb18030')]) {
      expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
      const [sheet] = openSheets(bytesSource(bytes), 'enterprises.csv');
      const records = [...sheet!.records];
      expect(records).toHaveLength(40_001);
      expect(records[0]).toEqual(ENTERPRISE_HEAD);
      expect(records[39_999]).toEqual(enterpriseRows(1, 39_998)[0]);
      expect(records.map((r) => r[1]).filter((n) => n!.startsWith('襄阳乙“汉江”机电'))).toHaveLength(13_333);
      expect(sheet!.encoding).toBe(bytes[0] === text.charCodeAt(0) && bytes.length === Buffer.byteLength(text) ? 'utf-8' : 'gb18030');
    }
  });

  it('reads only as far as it is asked (the first records need the first chunk)', () => {
    const source = counting(Buffer.from(text));
    const [sheet] = openSheets(source, 'enterprises.csv');
    const before = source.handed;
    const it = sheet!.records[Symbol.iterator]();
    for (let i = 0; i < 100; i++) it.next();
    expect(source.handed - before).toBe(1);
    expect(sheet!.share()).toBeLessThan(0.5);
    let n = 100;
    while (!it.next().done) n++;
    expect(n).toBe(40_001);
    expect(sheet!.share()).toBe(1);
  });

  it('says on which line a quote was opened and never closed, far into the file', () => {
    const broken = `${text}${usccFor(99_999)},"未闭合的名称,樊城区,汽车产业链,中小企业\n${usccFor(99_998)},某公司,樊城区,,\n`;
    expect(() => readSheets(Buffer.from(broken), 'enterprises.csv')).toThrow('CSV 格式错误（第 40002 行）：引号未闭合');
  });
});

describe('an XLSX sheet read a step at a time', () => {
  it('gives its rows as they are asked for, inflating only as far as needed, the same rows as read whole', () => {
    const rows = [ENTERPRISE_HEAD, ...enterpriseRows(30_000)];
    const bytes = writeXlsx([{ name: '企业', rows }, { name: '说明', rows: [['填表说明'], ['每行一家企业']] }]);
    const [sheet, notes] = openXlsxSheets(bytes);
    const it = sheet!.rows[Symbol.iterator]();
    const first = Array.from({ length: 100 }, () => it.next().value);
    expect(first[0]).toEqual(ENTERPRISE_HEAD);
    expect(first[99]).toEqual(rows[99]);
    expect(sheet!.share()).toBeLessThan(0.5);
    const rest: string[][] = [];
    for (let r = it.next(); !r.done; r = it.next()) rest.push(r.value);
    expect([...first, ...rest]).toEqual(rows);
    expect(sheet!.share()).toBe(1);
    expect([...notes!.rows]).toEqual([['填表说明'], ['每行一家企业']]);
  });
});

describe('a run in batches', () => {
  it('hands the rows over in batches no larger than asked, enterprises first whatever the file order', () => {
    const run = streamRun([
      { name: 'components.csv', bytes: Buffer.from(csv([['ref', 'buyer_uscc', 'name'], ['C1', usccFor(1), '壳体']])) },
      { name: 'enterprises.csv', bytes: Buffer.from(csv([ENTERPRISE_HEAD, ...enterpriseRows(2_500)])) },
    ], { tierOf: () => undefined });
    const sizes = [...run.batches(1000)].map((b) => [b.enterprises.length, b.components.length]);
    // the component names a firm of this run: known because the enterprises came first
    expect(sizes).toEqual([[1000, 0], [1000, 0], [500, 1]]);
    expect(run.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('a file that breaks half-way: the rows before stand as read, the problem says where and how far it got', () => {
    const broken = `${csv([ENTERPRISE_HEAD, ...enterpriseRows(30)])}${usccFor(50)},"未闭合,樊城区,,\n`;
    const run = streamRun([{ name: 'enterprises.csv', bytes: Buffer.from(broken) }], { tierOf: () => undefined });
    const rows = [...run.batches(100)].flatMap((b) => b.enterprises);
    expect(rows).toHaveLength(30);
    expect(run.problems).toEqual([{ file: 'enterprises.csv', row: null, column: null, severity: 'error', message: 'CSV 格式错误（第 32 行）：引号未闭合（已读 30 行，其后未读取）' }]);
  });
});

describe('the import command reads files from disk as it goes', () => {
  it('loads a file given by its path, in several batches, as one transaction', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-stream-'));
    const database = openDatabase(join(dir, 'db.sqlite'));
    try {
      const n = IMPORT_BATCH_ROWS * 2 + 7;
      writeFileSync(join(dir, 'enterprises.csv'), csv([ENTERPRISE_HEAD, ...enterpriseRows(n)]));
      const report = importFiles(database.sqlite, [{ name: 'enterprises.csv', path: join(dir, 'enterprises.csv') }], { now: Date.now() });
      expect(report.loaded).toBe(true);
      expect(report.counts!.enterprises).toEqual({ inserted: n, updated: 0, unchanged: 0 });
      expect(report.changes!.enterprises).toHaveLength(n);
      expect(database.sqlite.prepare('select name from enterprises where uscc = ?').pluck().get(usccFor(1))).toBe('襄阳乙“汉江”机电1');

      // a bad row in the last batch: nothing of the earlier batches stays
      writeFileSync(join(dir, 'more.csv'), csv([ENTERPRISE_HEAD, ...enterpriseRows(n, 100_000), ['bad', '坏行', '樊城区', '', '']]));
      const refused = importFiles(database.sqlite, [{ name: 'enterprises.csv', path: join(dir, 'more.csv') }], { now: Date.now() });
      expect(refused.loaded).toBe(false);
      expect(refused.problems.filter((p) => p.severity === 'error').map((p) => p.row)).toEqual([n + 2]);
      expect(database.sqlite.prepare('select count(*) from enterprises').pluck().get()).toBe(n);
    } finally {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the search index an import writes batch by batch, in its transaction', () => {
  const QUERIES = ['机电', '铸造', '汉江', '精密 分厂', '樊城'];
  const answers = async (index: EmbeddedSearchIndex) => Promise.all(QUERIES.map(async (text) => {
    const r = await index.search({ text, limit: 20, offset: 0, today: '2026-12-01' });
    return { text, total: r.total, keys: r.hits.map((h) => h.key) };
  }));

  it('answers as an index rebuilt from the same rows does; a refused run leaves it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-stream-'));
    const database = openDatabase(join(dir, 'db.sqlite'));
    try {
      const index = new EmbeddedSearchIndex(database.sqlite);
      const feed = () => searchFeed(database.sqlite, index);
      const n = IMPORT_BATCH_ROWS + 500;
      writeFileSync(join(dir, 'enterprises.csv'), csv([ENTERPRISE_HEAD, ...enterpriseRows(n)]));
      expect(importFiles(database.sqlite, [{ name: 'enterprises.csv', path: join(dir, 'enterprises.csv') }], { now: Date.now(), feed: feed() }).loaded).toBe(true);
      const imported = await answers(index);
      expect(imported.find((a) => a.text === '机电')!.total).toBe(Math.ceil((n - 1) / 3));

      // a bad row in the last batch: the documents of the batches before it go with the rows
      writeFileSync(join(dir, 'more.csv'), csv([ENTERPRISE_HEAD, ...enterpriseRows(n, 100_000), ['bad', '坏行', '樊城区', '', '']]));
      expect(importFiles(database.sqlite, [{ name: 'enterprises.csv', path: join(dir, 'more.csv') }], { now: Date.now(), feed: feed() }).loaded).toBe(false);
      expect((await index.stats()).documents).toBe(n);
      expect(await answers(index)).toEqual(imported);

      expect(await rebuildSearchIndex(database.sqlite, index)).toBe(n);
      expect(await answers(index)).toEqual(imported);
    } finally {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a first load into an empty search index', () => {
  it('writes the documents without their owner index and builds it after; a refused load leaves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-stream-'));
    const database = openDatabase(join(dir, 'db.sqlite'));
    try {
      const { sqlite } = database;
      const ownerIndex = () => sqlite.prepare(`select sql from sqlite_master where type = 'index' and name = 'search_docs_owner_idx'`).pluck().get();
      const sql = ownerIndex();
      expect(sql).toContain('owner');
      const index = new EmbeddedSearchIndex(sqlite);
      const seen: unknown[] = [];
      const feed = () => {
        const f = searchFeed(sqlite, index);
        f.onWrite(() => { seen.push(ownerIndex()); });
        return f;
      };
      writeFileSync(join(dir, 'enterprises.csv'), csv([ENTERPRISE_HEAD, ...enterpriseRows(30)]));
      writeFileSync(join(dir, 'listings.csv'), csv([['ref', 'uscc', 'kind', 'title'], ...Array.from({ length: 40 }, (_, i) => [`L${i}`, usccFor(i % 30), 'supply', `铸件${i}`])]));
      const files = [{ name: 'enterprises.csv', path: join(dir, 'enterprises.csv') }, { name: 'listings.csv', path: join(dir, 'listings.csv') }];

      writeFileSync(join(dir, 'bad.csv'), csv([ENTERPRISE_HEAD, ['bad', '坏行', '樊城区', '', '']]));
      expect(importFiles(sqlite, [...files, { name: 'enterprises.csv', path: join(dir, 'bad.csv') }], { now: Date.now(), feed: feed() }).loaded).toBe(false);
      expect(ownerIndex()).toBe(sql);

      seen.length = 0;
      expect(importFiles(sqlite, files, { now: Date.now(), feed: feed() }).loaded).toBe(true);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s === undefined)).toBe(true);
      expect(ownerIndex()).toBe(sql);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      // the rebuilt owner index finds a firm's listings' documents: removing the firm removes them
      const firm = sqlite.prepare('select id from enterprises where uscc = ?').pluck().get(usccFor(3));
      expect(sqlite.prepare(`select count(*) from search_docs indexed by search_docs_owner_idx where owner = ? and owner is not null`).pluck().get(`enterprise-${String(firm)}`)).toBe(2);

      // a second load writes into a non-empty index: the owner index stays in place throughout
      seen.length = 0;
      writeFileSync(join(dir, 'listings.csv'), csv([['ref', 'uscc', 'kind', 'title'], ['L-new', usccFor(1), 'demand', '求购铸件']]));
      expect(importFiles(sqlite, files, { now: Date.now(), feed: feed() }).loaded).toBe(true);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s === sql)).toBe(true);
    } finally {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a first load of the listings', () => {
  const LISTING_HEAD = ['ref', 'uscc', 'kind', 'title', 'region'];
  const listingIndexes = (sqlite: ReturnType<typeof openDatabase>['sqlite']) =>
    sqlite.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'listings' order by name`).all();

  it('builds the listings\u2019 indexes after the rows, the same ones; a refused load leaves them; the page cache is given back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-stream-'));
    const database = openDatabase(join(dir, 'db.sqlite'));
    try {
      const { sqlite } = database;
      const indexes = listingIndexes(sqlite);
      expect(indexes).toHaveLength(6);
      const cache = sqlite.pragma('cache_size', { simple: true });
      const n = IMPORT_BATCH_ROWS + 300;
      writeFileSync(join(dir, 'enterprises.csv'), csv([ENTERPRISE_HEAD, ...enterpriseRows(50)]));
      const listings = (rows: string[][]) => { writeFileSync(join(dir, 'listings.csv'), csv([LISTING_HEAD, ...rows])); };
      const files = [{ name: 'enterprises.csv', path: join(dir, 'enterprises.csv') }, { name: 'listings.csv', path: join(dir, 'listings.csv') }];
      const rows = Array.from({ length: n }, (_, i) => [`L${i}`, usccFor(i % 50), 'supply', `铸件${i}`, i % 2 ? '襄州区' : '']);

      listings([...rows, ['L-bad', usccFor(0), 'lend', '坏行', '']]);
      expect(importFiles(sqlite, files, { now: Date.now() }).loaded).toBe(false);
      expect(listingIndexes(sqlite)).toEqual(indexes);
      expect(sqlite.prepare('select count(*) from listings').pluck().get()).toBe(0);

      listings(rows);
      expect(importFiles(sqlite, files, { now: Date.now() }).counts!.listings.inserted).toBe(n);
      expect(listingIndexes(sqlite)).toEqual(indexes);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('cache_size', { simple: true })).toBe(cache);
      expect(sqlite.prepare(`select count(*) from listings indexed by listings_enterprise_idx where enterprise_id = (select id from enterprises where uscc = ?)`)
        .pluck().get(usccFor(7))).toBe(rows.filter((r) => r[1] === usccFor(7)).length);

      // the firms move in the same run as new listings without a region: these stand where their firm now does
      writeFileSync(join(dir, 'enterprises.csv'), csv([ENTERPRISE_HEAD, ...enterpriseRows(50).map((r) => [r[0]!, r[1]!, '枣阳市', r[3]!, r[4]!])]));
      listings([...rows, ['L-new', usccFor(3), 'demand', '求购铸件', '']]);
      const again = importFiles(sqlite, files, { now: Date.now() });
      expect(again.counts!.listings).toEqual({ inserted: 1, updated: 0, unchanged: n });
      const regionOf = (ref: string) => sqlite.prepare(`select r.name from listings l join regions r on r.code = l.region_code where l.ref = ?`).pluck().get(ref);
      expect(regionOf('L-new')).toBe('枣阳市');
      expect(regionOf('L1')).toBe('襄州区');
    } finally {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
