/**
 * npm run test:crash [-- --rounds 50 --seed N]
 * Crash safety: the server runs in a child process on a temp DATA_DIR with the demo
 * city while three writers drive it over HTTP — admin spreadsheet uploads, a firm's listing edits
 * (session cookie + CSRF token), deal moves over the API (Bearer token). At a moment drawn from a
 * seeded PRNG it is killed with SIGKILL, restarted, and the file must pass integrity_check and
 * foreign_key_check and hold every write that was acknowledged (2xx/303) before the kill.
 * Then `npm run backup` copies the database while the server serves and the writers write; the
 * copy, restored into a fresh DATA_DIR and served, must pass the same checks for every write
 * acknowledged before the backup began. Prints a summary; exits 1 on any failure.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Rng } from './scale/prng.ts';
import { integrityProblems, missingWrites, settleInFlight } from './reliability/database-checks.ts';
import { sessionCsrf, signInOverHttp } from './reliability/http-session.ts';
import { createApiToken, DATABASE_FILE, DEMO_ACCOUNTS_READY, runScript, startServer, type ServerProcess } from './reliability/server-process.ts';
import { dealWriter, editWriter, emptyLedger, snapshot, uploadWriter, type Control, type Ledger, type World } from './reliability/write-drivers.ts';
import { expectedRow } from '../db/rows.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '50' }, seed: { type: 'string' } } });
const rounds = Number(values.rounds);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function prepareWorld(server: ServerProcess, dataDir: string): Promise<{ world: World; ledger: Ledger }> {
  const [admin, supplier, apiToken] = await Promise.all([
    signInOverHttp(server.url, 'admin', 'demo-admin-2026'), signInOverHttp(server.url, 'supplier', 'demo-supplier-2026'), createApiToken(dataDir, 'admin'),
  ]);
  const db = new Database(server.databaseFile, { readonly: true });
  try {
    const column = (sql: string) => db.prepare<[], string>(sql).pluck().all();
    const supplierListings = column(`select ref from listings where enterprise_id = (select enterprise_id from users where username = 'supplier') order by ref limit 4`);
    const world: World = {
      base: server.url, admin, supplier, apiToken, supplierListings,
      usccs: column('select uscc from enterprises order by id limit 200'),
      chains: column('select name from chains'),
      components: column('select ref from components'),
      dealSuppliers: column(`select e.uscc from enterprises e join regions r on r.code = e.region_code where r.kind = 'local' and e.tier != 'chain_leader' limit 300`),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
    };
    const ledger = emptyLedger();
    const row = db.prepare<[string], { version: number; title: string }>('select version, title from listings where ref = ?');
    for (const ref of supplierListings) ledger.listings.set(ref, expectedRow(row.get(ref), `listing ${ref}`));
    if (!supplierListings.length || !world.components.length || !world.dealSuppliers.length) throw new Error('the demo city lacks listings, components or suppliers');
    return { world, ledger };
  } finally {
    db.close();
  }
}

function startWriters(world: World, ledger: Ledger, rng: Rng, label: string) {
  const abort = new AbortController();
  const control: Control = { signal: abort.signal, finish: false };
  const done = Promise.allSettled([
    uploadWriter(world, ledger, rng, label, control), editWriter(world, ledger, label, control), dealWriter(world, ledger, rng, label, control),
  ]);
  const failures = async () => (await done).flatMap((r) => (r.status === 'rejected' ? [`writer failed: ${(r.reason as Error).message}`] : []));
  return {
    /** after a kill: drop whatever is in flight */
    abort: () => { abort.abort(); return failures(); },
    /** while the server lives: let the requests in flight finish */
    finish: () => { control.finish = true; return failures(); },
  };
}

const acked = (l: Ledger) => `${l.acknowledged.imports} uploads (${l.imported.size} listings), ${l.acknowledged.edits} edits, ` +
  `${l.acknowledged.dealOpens} deals opened, ${l.acknowledged.dealMoves} moves`;

async function main(): Promise<number> {
  console.log(`crash test: ${rounds} SIGKILLs, seed ${seed} (rerun with --seed ${seed})`);
  // Separate streams: the kill moments follow from the seed alone, however many rows the writers drew.
  const kills = Rng.derive(seed, 'kills');
  const rng = Rng.derive(seed, 'writes');
  const dataDir = mkdtempSync(join(tmpdir(), 'llt-crash-'));
  const restoreDir = mkdtempSync(join(tmpdir(), 'llt-restore-'));
  const failures: string[] = [];
  let server = await startServer({ dataDir, demo: true, readyWhen: DEMO_ACCOUNTS_READY });
  try {
    const { world, ledger } = await prepareWorld(server, dataDir);
    for (let round = 1; round <= rounds; round++) {
      const writers = startWriters(world, ledger, rng, String(round));
      const delay = kills.int(50, 2500);
      await sleep(delay);
      await server.kill();
      const writerErrors = await writers.abort();
      server = await startServer({ dataDir, demo: true });
      world.base = server.url;
      const problems = [...writerErrors, ...integrityProblems(server.databaseFile), ...missingWrites(server.databaseFile, ledger)];
      settleInFlight(server.databaseFile, ledger);
      for (const p of problems) failures.push(`round ${round}: ${p}`);
      console.log(`round ${String(round).padStart(2)}/${rounds}: SIGKILL after ${String(delay).padStart(4)} ms; ${problems.length ? `FAILED: ${problems.join('; ')}` : 'integrity ok, every acknowledged write present'}` +
        `  (acknowledged so far: ${acked(ledger)})`);
    }

    // Backup while serving and writing: the copy must hold whatever was acknowledged before it began.
    const writers = startWriters(world, ledger, rng, 'backup');
    await sleep(500);
    const before = snapshot(ledger);
    const output = await runScript('scripts/backup.ts', [], { DATA_DIR: dataDir });
    const backupFile = output.trim().split('\n').pop()!.trim();
    await sleep(300);
    const writerErrors = await writers.finish();
    const exit = await server.stop();
    console.log(`backup: ${backupFile} (taken under writes; the server then stopped with ${JSON.stringify(exit)})`);
    if (exit.code !== 0) failures.push(`the server exited with ${JSON.stringify(exit)} on SIGTERM:\n${server.output().slice(-3000)}`);
    copyFileSync(backupFile, join(restoreDir, DATABASE_FILE));
    const restored = await startServer({ dataDir: restoreDir, demo: true });
    try {
      const problems = [...writerErrors, ...integrityProblems(restored.databaseFile), ...missingWrites(restored.databaseFile, before, { laterAllowed: true })];
      // Sessions live in the database, so the firm's browser session carries over to the restored server.
      await sessionCsrf(restored.url, world.supplier.cookie).catch((err: Error) => problems.push(`restored server: ${err.message}`));
      for (const p of problems) failures.push(`restore: ${p}`);
      console.log(`restore: served from a fresh DATA_DIR; ${problems.length ? `FAILED: ${problems.join('; ')}` : 'integrity ok, every write acknowledged before the backup present'}` +
        ` (${acked(before)})`);
    } finally {
      await restored.stop();
    }
  } finally {
    await server.kill();
  }
  console.log(`\n${failures.length === 0 ? 'PASSED' : 'FAILED'}: ${rounds} kills with seed ${seed}, then backup and restore; ${failures.length} failure(s)`);
  for (const f of failures.slice(0, 50)) console.log(`  ${f}`);
  if (failures.length) console.log(`data kept for inspection: ${dataDir} and ${restoreDir}`);
  else { rmSync(dataDir, { recursive: true, force: true }); rmSync(restoreDir, { recursive: true, force: true }); }
  return failures.length ? 1 : 0;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  return 1;
});
