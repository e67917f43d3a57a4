/**
 * A DATA_DIR holding the scale world (20k enterprises, 200k listings, 5k components by
 * default), loaded the way an operator would: the generator writes contract CSVs, then
 * `npm run import` loads them (with the search index) in its own process.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { writeScaleWorld, type ScaleOptions } from '../scale/world.ts';
import { DATABASE_FILE, runScript } from './server-process.ts';

export interface ScaleCounts { enterprises: number; listings: number; components: number }

export function countRows(databaseFile: string): ScaleCounts {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => db.prepare<[], number>(`select count(*) from ${table}`).pluck().get() ?? 0;
    return { enterprises: count('enterprises'), listings: count('listings'), components: count('components') };
  } finally {
    db.close();
  }
}

/** Fills `dataDir` with the scale world unless its database already holds data (then it is reused as is). */
export async function ensureScaleData(dataDir: string, options: ScaleOptions): Promise<{ built: boolean; seconds: number; counts: ScaleCounts }> {
  const file = join(dataDir, DATABASE_FILE);
  const started = Date.now();
  if (existsSync(file) && countRows(file).listings > 0) return { built: false, seconds: 0, counts: countRows(file) };
  const world = join(dataDir, 'scale-world');
  try {
    await writeScaleWorld(world, options);
    await runScript('scripts/import.ts', [world, '--skip-invalid'], { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  } finally {
    rmSync(world, { recursive: true, force: true });
  }
  return { built: true, seconds: (Date.now() - started) / 1000, counts: countRows(file) };
}

/**
 * Resolves once every component has a stored ranking: a server started on a fresh import
 * ranks them all in the background, and a measurement taken meanwhile would time that too.
 */
export async function waitForRankings(databaseFile: string, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const missing = db.prepare<[], number>(`select count(*) from components c where not exists
      (select 1 from component_match_status m where m.component_id = c.id and m.computed_at >= c.updated_at)`).pluck();
    while ((missing.get() ?? 0) > 0) {
      if (Date.now() - started > timeoutMs) throw new Error('components still unranked after the timeout');
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    db.close();
  }
  return (Date.now() - started) / 1000;
}
