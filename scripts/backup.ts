/**
 * npm run backup [-- --out DIR]
 * A consistent copy of the live database, safe while the server serves: VACUUM INTO reads
 * one snapshot (a read transaction, which in WAL mode never blocks the server's writes)
 * and writes it to DATA_DIR/backups/lianliantong-<UTC time>.sqlite, checked with
 * integrity_check before its path is printed alone on the last line.
 * To restore: stop the server, put the copy in place of DATA_DIR/lianliantong.sqlite
 * (with no -wal/-shm files beside it), start the server.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';

export function backupFileName(at: Date): string {
  return `lianliantong-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.sqlite`;
}

/** Copies `databaseFile` into `dir`; returns the new file's path. Throws when the copy does not check out. */
export function backupDatabase(databaseFile: string, dir: string, at = new Date()): string {
  if (!existsSync(databaseFile)) throw new Error(`no database at ${databaseFile}`);
  mkdirSync(dir, { recursive: true });
  let target = join(dir, backupFileName(at));
  for (let n = 2; existsSync(target); n++) target = join(dir, backupFileName(at).replace('.sqlite', `-${n}.sqlite`));
  const source = new Database(databaseFile, { fileMustExist: true });
  try {
    // The server may hold the write lock for a moment; wait rather than fail.
    source.pragma('busy_timeout = 10000');
    source.prepare('vacuum into ?').run(target);
  } catch (err) {
    rmSync(target, { force: true });
    throw err;
  } finally {
    source.close();
  }
  const copy = new Database(target, { readonly: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`the copy at ${target} fails integrity_check: ${String(result)}`);
  } finally {
    copy.close();
  }
  return target;
}

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({ options: { out: { type: 'string' } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: npm run backup [-- --out DIR]`);
    return 2;
  }
  const config = loadConfig();
  const dir = values.out ? resolve(values.out) : join(config.dataDir, 'backups');
  const started = Date.now();
  try {
    const path = backupDatabase(config.databaseFile, dir);
    console.log(`备份完成：${(statSync(path).size / 1048576).toFixed(1)} MB，用时 ${((Date.now() - started) / 1000).toFixed(1)} s，已通过完整性检查。`);
    console.log(path);
    return 0;
  } catch (err) {
    console.error(`备份失败：${(err as Error).message}`);
    return 1;
  }
}

// Runs only as a command, so the crash test can import backupDatabase.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main();
