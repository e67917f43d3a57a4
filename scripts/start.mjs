/**
 * `npm start`: runs the server from one bundle (dist/server.mjs) instead of transpiling every
 * module on every start. The bundle is rebuilt with esbuild (already installed: tsx runs on it)
 * when it is missing or older than any source file, which takes well under a second; node_modules
 * stay outside the bundle. Plain JavaScript so that nothing has to be compiled to start it.
 */
import { build } from 'esbuild';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'server.mjs');
const SOURCES = ['server', 'views', 'search', 'db'];

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

export async function bundle({ force = false } = {}) {
  const sourceTime = Math.max(...SOURCES.map((d) => newest(join(root, d))), statSync(join(root, 'package.json')).mtimeMs);
  if (!force && existsSync(out) && statSync(out).mtimeMs >= sourceTime) return false;
  await build({
    // the server, and the worker thread that reads uploads (server/import/read-off-thread.ts finds it beside the server)
    entryPoints: { server: join(root, 'server', 'main.ts'), 'read-worker': join(root, 'server', 'import', 'read-worker.ts') },
    outdir: join(root, 'dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const onlyBuild = process.argv.includes('--build');
  const built = await bundle({ force: onlyBuild });
  if (onlyBuild) console.log(built ? `built ${out}` : 'up to date');
  else {
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(out).href);
  }
}
