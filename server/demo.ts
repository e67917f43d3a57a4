/**
 * The demo city: the labelled dev world (db/demo/, contract format) loaded into an empty
 * database when DEMO is not false, through the same import as everything else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Database_ } from '../db/client.ts';
import { importFiles, type ImportReport } from './import/index.ts';

const DEMO_DIR = fileURLToPath(new URL('../db/demo', import.meta.url));

export function isEmpty(database: Database_): boolean {
  return database.sqlite.prepare('select 1 from enterprises limit 1').get() === undefined;
}

export function loadDemoCity(database: Database_, now: number): ImportReport {
  const files = readdirSync(DEMO_DIR).filter((n) => n.endsWith('.csv')).sort()
    .map((name) => ({ name: `demo/${name}`, bytes: readFileSync(join(DEMO_DIR, name)) }));
  const report = importFiles(database.sqlite, files, { now, source: 'demo' });
  if (!report.loaded) throw new Error(`demo data refused: ${report.problems.length} problems`);
  return report;
}
