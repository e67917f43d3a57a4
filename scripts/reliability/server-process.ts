/**
 * The real server in a child process, as `npm start` runs it: for the load benchmark, the
 * crash test and the shutdown test, which must see what a deployment sees (a port, signals,
 * the database file on disk) rather than app.inject.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DATABASE_FILE = 'lianliantong.sqlite';

export interface ServerOptions {
  dataDir: string;
  demo?: boolean;
  port?: number;
  logLevel?: string;
  /** extra node flags, e.g. --cpu-prof */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** how long to wait for the first answer */
  startTimeoutMs?: number;
  /** also wait until the output shows this (main.ts creates the demo accounts after it starts listening) */
  readyWhen?: RegExp;
}

export interface ExitStatus { code: number | null; signal: NodeJS.Signals | null }

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  databaseFile: string;
  /** stdout and stderr so far (kept to the last 200 kB) */
  output(): string;
  exited: Promise<ExitStatus>;
  /** SIGKILL, no goodbye */
  kill(): Promise<ExitStatus>;
  /** SIGTERM and wait for the exit */
  stop(): Promise<ExitStatus>;
}

/** What main.ts prints once the demo accounts of a fresh demo city exist. */
export const DEMO_ACCOUNTS_READY = /演示账号/;

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = opts.port ?? await freePort();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      // The load and crash drivers send far more than a client's per-minute allowance from one token:
      // they measure the server, not the API rate limiter (a caller may turn it back on through `env`).
      // pretty logs: the demo accounts' banner (DEMO_ACCOUNTS_READY) is printed as a person sees it
      ...process.env, API_RATE_LIMIT: '0', LOG_FORMAT: 'pretty', ...opts.env,
      DATA_DIR: opts.dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO: opts.demo ? 'true' : 'false', LOG_LEVEL: opts.logLevel ?? 'warn',
      MEILI_HOST: '', MEILI_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => { log = (log + chunk.toString('utf8')).slice(-200_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url, port, child, exited, databaseFile: join(opts.dataDir, DATABASE_FILE),
    output: () => log,
    kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); return exited; },
    stop: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); return exited; },
  };
  try {
    await waitUntilAnswering(url, exited, opts.startTimeoutMs ?? 60_000);
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
    while (opts.readyWhen && !opts.readyWhen.test(log)) {
      if (Date.now() > deadline) throw new Error(`the server never printed ${opts.readyWhen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await server.kill();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${log.slice(-4000)}`);
  }
  return server;
}

async function waitUntilAnswering(url: string, exited: Promise<ExitStatus>, timeoutMs: number): Promise<void> {
  let gone: ExitStatus | null = null;
  void exited.then((s) => { gone = s; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server exited before answering (${JSON.stringify(gone)})`);
    try {
      const res = await fetch(`${url}/login`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not answer within ${timeoutMs / 1000} s`);
}

/** Runs a project script (scripts/*.ts) to the end with DATA_DIR set; returns its output or throws with it. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}:\n${out.slice(-4000)}`))));
  });
}

/** `npm run token` in a child process: the token is the last line it prints. */
export async function createApiToken(dataDir: string, role: string, extra: string[] = []): Promise<string> {
  const out = await runScript('scripts/token.ts', ['--role', role, '--name', `reliability ${role}`, ...extra], { DATA_DIR: dataDir });
  const token = out.trim().split('\n').pop()!.trim();
  if (!token.startsWith('llt_')) throw new Error(`npm run token printed no token:\n${out}`);
  return token;
}
