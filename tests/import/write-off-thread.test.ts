/**
 * Uploads into a database file are read, checked and written in the worker thread on its own
 * connection: the rows, the per-object and upload audit entries and the run record are there after,
 * the app's feed hears of the commit, firms whose profiles changed are named, a dry run writes
 * nothing and a commit against a stale preview is refused. (Latency during a large upload is a
 * benchmark: npm run bench:upload.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database_ } from '../../db/client.ts';
import { ChangeFeed, type ChangeSet } from '../../server/changes.ts';
import { runUpload } from '../../server/import/upload.ts';
import { UPLOAD_LIMITS } from '../../server/import/read-off-thread.ts';
import { csv, usccFor } from '../helpers.ts';

const HEAD = ['uscc', 'name', 'region', 'chains', 'tier', 'processes', 'contact_name'];
const file = (rows: string[][]) => [{ name: 'enterprises.csv', bytes: Buffer.from(csv([HEAD, ...rows])) }];
const actor = { kind: 'user' as const, id: 1, label: '管理员', role: 'admin' as const, enterpriseId: null, scope: { chains: [], regions: [] } };
const now = Date.parse('2026-12-04T02:00:00Z');

let dir: string;
let database: Database_;
let committed: ChangeSet[];
let feed: ChangeFeed;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llt-upload-'));
  database = openDatabase(join(dir, 'test.sqlite'));
  committed = [];
  feed = new ChangeFeed();
  feed.onCommit((c) => committed.push(c));
});
afterEach(() => { database.close(); rmSync(dir, { recursive: true, force: true }); });

const count = (sql: string) => database.sqlite.prepare(sql).pluck().get();

describe('uploads written off the event loop', () => {
  it('writes in the worker; the server\'s connection sees it, the feed hears of it, the upload is audited', async () => {
    expect(database.sqlite.memory).toBe(false);
    const report = await runUpload(database.sqlite, file([[usccFor(1), '襄阳甲（精密）有限公司', '樊城区', '汽车产业链', '中小企业', '压铸', '甲经理']]), UPLOAD_LIMITS,
      { now, source: 'upload', feed, actor });
    expect(report.loaded).toBe(true);
    expect(report.counts!.enterprises).toMatchObject({ inserted: 1 });
    expect(database.sqlite.prepare('select name from enterprises').pluck().all()).toEqual(['襄阳甲（精密）有限公司']);
    expect(committed).toHaveLength(1);
    expect(committed[0]!.enterprises).toHaveLength(1);
    expect(count(`select count(*) from audit_log where action = 'import' and actor_label = '管理员'`)).toBe(1);
    expect(count(`select count(*) from audit_log where action = 'enterprise.import_create'`)).toBe(1);
    expect(count('select count(*) from import_runs where ok = 1')).toBe(1);
    // indexed in the same transaction: the firm is searchable
    expect(count(`select count(*) from search_docs`)).toBeGreaterThan(0);
  });

  it('names the firms whose profile changed, after the commit', async () => {
    await runUpload(database.sqlite, file([[usccFor(1), '襄阳甲有限公司', '樊城区', '汽车产业链', '中小企业', '压铸', '甲经理']]), UPLOAD_LIMITS, { now, feed, actor });
    const told: number[] = [];
    await runUpload(database.sqlite, file([[usccFor(1), '襄阳甲有限公司', '樊城区', '汽车产业链', '中小企业', '压铸；CNC加工', '甲经理']]), UPLOAD_LIMITS,
      { now: now + 1000, feed, actor, onProfileChanges: (c) => told.push(...c.map((x) => x.enterpriseId)) });
    expect(told).toHaveLength(1);
  });

  it('a dry run writes nothing and tells nobody; a commit expecting another preview is refused', async () => {
    const files = file([[usccFor(2), '襄阳乙有限公司', '襄州区', '汽车产业链', '中小企业', '注塑', '乙经理']]);
    const dry = await runUpload(database.sqlite, files, UPLOAD_LIMITS, { now, feed, actor, dryRun: true });
    expect(dry.preview?.created).toEqual([{ kind: 'enterprises', key: usccFor(2), name: '襄阳乙有限公司' }]);
    expect(count('select count(*) from enterprises')).toBe(0);
    expect(committed).toEqual([]);
    const stale = await runUpload(database.sqlite, files, UPLOAD_LIMITS, { now, feed, actor, expectDigest: 'not-this' });
    expect(stale.stale).toBe(true);
    expect(count('select count(*) from enterprises')).toBe(0);
    const done = await runUpload(database.sqlite, files, UPLOAD_LIMITS, { now, feed, actor, expectDigest: dry.preview!.digest });
    expect(done.loaded).toBe(true);
    expect(count('select count(*) from enterprises')).toBe(1);
  });

  it('reports a refused file with its problems and writes nothing', async () => {
    const report = await runUpload(database.sqlite, file([['bad', '', '樊城区', '', '', '', '']]), UPLOAD_LIMITS, { now, feed, actor });
    expect(report.loaded).toBe(false);
    expect(report.problems.some((p) => p.severity === 'error')).toBe(true);
    expect(count('select count(*) from enterprises')).toBe(0);
    expect(committed).toEqual([]);
  });

  it('reports how far the stream has got: rows read of an estimated total, then the exact count', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [usccFor(10 + i), `襄阳进度${i}有限公司`, '樊城区', '汽车产业链', '中小企业', '压铸', '']);
    const seen: { file: string; done: number; total: number; approximate?: true }[] = [];
    const report = await runUpload(database.sqlite, file(rows), UPLOAD_LIMITS, { now, feed, actor, onProgress: (p) => seen.push(p) });
    expect(report.counts!.enterprises.inserted).toBe(5000);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.file === '导入 enterprises.csv')).toBe(true);
    expect(seen.at(-1)).toEqual({ file: '导入 enterprises.csv', done: 5000, total: 5000 });
    expect(seen.slice(0, -1).every((p) => p.approximate === true && p.done < 5000)).toBe(true);
  });
});
