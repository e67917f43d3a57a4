/**
 * Cold start to the first page, the way a fresh clone meets it: an empty DATA_DIR (the demo city
 * is loaded), no bundle (`npm start` builds dist/server.mjs first) and, for the baseline, tsx with
 * its transpile cache emptied. Prints each round and the medians; run `npm run bench:start -- --rounds 5`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function firstPage(command: string[], prepare: () => void): Promise<number> {
  prepare();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'llt-bench-start-'));
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error(`${command.join(' ')}: no page after 60 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const tsxCache = join(tmpdir(), `tsx-${process.getuid?.() ?? 0}`);
const bundle: number[] = [];
const tsx: number[] = [];
for (let i = 0; i < rounds; i++) {
  bundle.push(await firstPage([process.execPath, 'scripts/start.mjs'], () => rmSync('dist', { recursive: true, force: true })));
  tsx.push(await firstPage([process.execPath, 'node_modules/tsx/dist/cli.mjs', 'server/main.ts'], () => rmSync(tsxCache, { recursive: true, force: true })));
  console.log(`round ${i + 1}: npm start (bundle built first) ${(bundle[i]! / 1000).toFixed(2)} s, tsx without cache ${(tsx[i]! / 1000).toFixed(2)} s`);
}
console.log(`median to the first page: npm start ${(median(bundle) / 1000).toFixed(2)} s, tsx baseline ${(median(tsx) / 1000).toFixed(2)} s (ratio ${(median(bundle) / median(tsx)).toFixed(2)})`);
