import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csv, memoryDatabase, usccFor } from '../helpers.ts';
import { importFiles } from '../../server/import/index.ts';
import { previewImport, previewLines } from '../../server/import/preview.ts';
import type { Database_ } from '../../db/client.ts';

const HEAD = ['uscc', 'name', 'region', 'chains', 'tier', 'processes', 'contact_name'];
const file = (rows: string[][]) => ({ name: 'enterprises.csv', bytes: Buffer.from(csv([HEAD, ...rows])) });
const now = Date.parse('2026-12-03T02:00:00Z');

let database: Database_;
beforeEach(() => {
  database = memoryDatabase();
  expect(importFiles(database.sqlite, [file([[usccFor(1), '襄阳甲（精密）有限公司', '樊城区', '汽车产业链', '中小企业', '压铸', '甲经理']])], { now }).loaded).toBe(true);
});
afterEach(() => database.close());

const snapshot = () => ({
  firms: database.sqlite.prepare('select uscc, name, processes, contact_name from enterprises order by uscc').all(),
  audit: database.sqlite.prepare('select count(*) from audit_log').pluck().get(),
  runs: database.sqlite.prepare('select count(*) from import_runs').pluck().get(),
});

describe('import preview (dry run)', () => {
  it('says what would be created and changed, field by field, and writes nothing', () => {
    const before = snapshot();
    const p = previewImport(database.sqlite, [file([
      [usccFor(1), '襄阳甲（精密）有限公司', '樊城区', '汽车产业链', '中小企业', '压铸；CNC加工', '王五'],
      [usccFor(2), '襄阳乙有限公司', '襄州区', '汽车产业链', '中小企业', '注塑', '乙经理'],
    ])], { now: now + 1000 });
    expect(p.report.loaded).toBe(true);
    expect(p.report.counts!.enterprises).toMatchObject({ inserted: 1, updated: 1 });
    const update = p.objects.find((o) => o.object === usccFor(1))!;
    expect(update.action).toBe('企业导入更新');
    expect(update.changes).toEqual(expect.arrayContaining([{ field: '联系人', before: '甲经理', after: '王五' }]));
    expect(p.objects.find((o) => o.object === usccFor(2))!.action).toBe('企业导入新建');
    expect(previewLines(p).join('\n')).toContain(`企业导入更新 ${usccFor(1)}：`);
    expect(snapshot()).toEqual(before);
  });

  it('reports a file the import would refuse, and still writes nothing', () => {
    const before = snapshot();
    const p = previewImport(database.sqlite, [file([['bad', '', '樊城区', '', '', '', '']])], { now });
    expect(p.report.loaded).toBe(false);
    expect(p.report.problems.some((x) => x.severity === 'error')).toBe(true);
    expect(snapshot()).toEqual(before);
  });

  it('npm run import -- --dry-run prints the preview and leaves the database as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-dry-'));
    const path = join(dir, 'enterprises.csv');
    writeFileSync(path, csv([HEAD, [usccFor(3), '襄阳丙有限公司', '樊城区', '汽车产业链', '中小企业', '锻造', '丙经理']]));
    const env = { ...process.env, DATA_DIR: dir, DEMO: 'false' };
    const dry = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', path, '--dry-run'], { env, encoding: 'utf8' });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('企业：新增 1');
    expect(dry.stdout).toContain(`企业导入新建 ${usccFor(3)}：`);
    expect(dry.stderr).toContain('未写入任何数据');
    const real = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', path], { env, encoding: 'utf8' });
    expect(real.status).toBe(0);
    // the dry run wrote nothing: the real run still creates the firm
    expect(real.stdout).toContain('企业：新增 1');
  }, 60_000);
});
