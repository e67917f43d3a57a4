/**
 * npm run bench:import [-- --enterprises 20000 --listings 200000 --runs 3]
 * Figures for the import and first start, printed, never asserted:
 *  - import of the scale world (a fresh DATA_DIR per run): wall time and peak RSS of the import process;
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

function timedImport(dir: string, dataDir: string): { seconds: number; peakMiB: number; output: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', process.execPath, '--import', 'tsx', 'scripts/import.ts', dir],
    { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`import failed:\n${child.stdout.slice(-2000)}\n${child.stderr.slice(-2000)}`);
  const kb = Number(/PEAK_RSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { seconds, peakMiB: kb / 1024, output: child.stdout.trim().split('\n').slice(-4).join(' | ') };
}

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
    line('import into an empty database', fresh);
    line('re-import of the same files', again);
    const starts: number[] = [];
    for (let i = 0; i < runs; i++) starts.push(await firstPageSeconds());
    console.log(`${'start to first page (demo city)'.padEnd(34)} median ${median(starts).toFixed(2)} s (runs: ${starts.map((s) => s.toFixed(2)).join(', ')})`);
    console.log('targets: import ≤ 60 s and ≤ 1024 MiB; first page ≤ 5 s');
  } finally {
    rmSync(world, { recursive: true, force: true });
  }
}

await main();
