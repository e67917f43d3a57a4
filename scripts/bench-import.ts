/**
 * npm run bench:import [-- --enterprises 20000 --listings 200000 --runs 3]
 * Figures for the import and first start, printed, never asserted:
 *  - the floor: reading and parsing every file of the world, nothing checked or written, in its own
 *    process (what any import of these files costs at least);
 *  - import of the scale world (a fresh DATA_DIR per run): wall time and peak RSS of the import process
 *    (the import streams: CSV read from disk in chunks, rows checked and written in batches);
 *  - re-import of the same files (idempotent path);
 *  - start to first page on an empty database with the demo city (median of runs).
 * Each import runs in its own process so its peak memory is its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeScaleWorld } from './scale/world.ts';

const { values } = parseArgs({ options: {
  enterprises: { type: 'string', default: '20000' }, listings: { type: 'string', default: '200000' },
  components: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' },
} });
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Reads and parses every CSV of the world record by record (the reader the import uses), nothing else. */
const FLOOR_SCRIPT = `
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileSource, openSheets } from './server/import/read-table.ts';
let rows = 0;
for (const name of readdirSync(process.argv[1]).filter((n) => n.endsWith('.csv'))) {
  for (const sheet of openSheets(fileSource(join(process.argv[1], name)), name)) for (const _ of sheet.records) rows++;
}
console.log('rows ' + rows);`;

function timed(args: string[], dataDir: string): { seconds: number; peakMiB: number; output: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', process.execPath, '--import', 'tsx', ...args],
    { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`import failed:\n${child.stdout.slice(-2000)}\n${child.stderr.slice(-2000)}`);
  const kb = Number(/PEAK_RSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { seconds, peakMiB: kb / 1024, output: child.stdout.trim().split('\n').slice(-4).join(' | ') };
}

const timedImport = (dir: string, dataDir: string) => timed(['scripts/import.ts', dir], dataDir);

async function firstPageSeconds(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llt-start-'));
  const port = 3900 + Math.floor(Math.random() * 50);
  const started = Date.now();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'],
    { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DEMO: 'true', LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok && (await res.text()).includes('汽车产业链')) return (Date.now() - started) / 1000;
      } catch { /* not listening yet */ }
      if (Date.now() - started > 60_000) throw new Error('server did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const world = mkdtempSync(join(tmpdir(), 'llt-scale-'));
  try {
    const summary = await writeScaleWorld(world, {
      enterprises: Number(values.enterprises), listings: Number(values.listings), components: Number(values.components), seed: 1,
    });
    console.log(`scale world: ${summary.files.map((f) => `${f.file} ${f.rows}`).join(', ')}`);
    const floors: { seconds: number; peakMiB: number }[] = [];
    for (let i = 0; i < runs; i++) floors.push(timed(['--input-type=module', '--eval', FLOOR_SCRIPT, world], tmpdir()));
    const fresh: { seconds: number; peakMiB: number }[] = [];
    const again: { seconds: number; peakMiB: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'llt-bench-'));
      try {
        const first = timedImport(world, dataDir);
        fresh.push(first);
        again.push(timedImport(world, dataDir));
        if (i === 0) console.log(`  loaded: ${first.output}`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    const line = (label: string, xs: { seconds: number; peakMiB: number }[]) =>
      console.log(`${label.padEnd(34)} median ${median(xs.map((x) => x.seconds)).toFixed(1)} s (runs: ${xs.map((x) => x.seconds.toFixed(1)).join(', ')}); peak RSS max ${Math.max(...xs.map((x) => x.peakMiB)).toFixed(0)} MiB`);
    line('floor: read and parse the files', floors);
    line('import into an empty database', fresh);
    line('re-import of the same files', again);
    const starts: number[] = [];
    for (let i = 0; i < runs; i++) starts.push(await firstPageSeconds());
    console.log(`${'start to first page (demo city)'.padEnd(34)} median ${median(starts).toFixed(2)} s (runs: ${starts.map((s) => s.toFixed(2)).join(', ')})`);
    const listings = Number(values.listings);
    console.log(listings >= 1_000_000
      ? 'targets (province, 1M listings): import with its index ≤ 150 s, peak ≤ 1024 MiB; first page ≤ 3 s'
      : 'targets (city, 200k listings): import ≤ 60 s and ≤ 1024 MiB; first page ≤ 5 s');
    console.log(`ratio of the import to the floor: ${(median(fresh.map((x) => x.seconds)) / median(floors.map((x) => x.seconds))).toFixed(1)}×`);
  } finally {
    rmSync(world, { recursive: true, force: true });
  }
}

await main();
