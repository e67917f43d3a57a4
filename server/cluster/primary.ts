/**
 * WORKERS > 1: this process forks the workers and serves nothing itself (node:cluster hands each
 * new connection to a worker in turn). Worker 1 starts alone — it migrates the database and loads
 * the demo city into an empty one — and the others are forked once it listens, so migrations and
 * seeding never run twice or at once. A worker that dies is forked again (after a pause that grows
 * while it keeps dying); SIGTERM/SIGINT are passed on to every worker, which shut down cleanly
 * (main.ts), and the primary exits once they have. The primary also keeps the login and API
 * limits' counts for every worker (shared-limits.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import { systemClock } from '../clock.ts';
import { LimitsHost } from './shared-limits.ts';

/** Environment a worker is forked with: its number (1…N), and whether it may load the demo city. */
export const WORKER_ENV = { index: 'LLT_WORKER', seed: 'LLT_WORKER_SEEDS' } as const;

export interface WorkerIdentity { index: number; count: number; mayLoadDemo: boolean }

/** Who this process is: the only process (WORKERS=1), or worker i of N. */
export function workerIdentity(count: number, env: NodeJS.ProcessEnv = process.env): WorkerIdentity {
  if (!cluster.isWorker) return { index: 1, count: 1, mayLoadDemo: true };
  return { index: Number(env[WORKER_ENV.index] ?? 1), count, mayLoadDemo: env[WORKER_ENV.seed] === '1' };
}

type Say = (text: string) => void;

const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;

export async function runPrimary(workers: number, say: Say, warn: Say): Promise<void> {
  let stopping = false;
  let ready = false;
  const restarts = new Map<number, { delay: number; at: number }>();
  const indexOf = new Map<Worker, number>();

  const fork = (index: number, seed: boolean): Worker => {
    const worker = cluster.fork({ [WORKER_ENV.index]: String(index), [WORKER_ENV.seed]: seed ? '1' : '0' });
    indexOf.set(worker, index);
    return worker;
  };

  /** Forks a worker and waits until it listens; rejects when it exits first (bad port, bad database). */
  const started = (worker: Worker) => new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`worker ${indexOf.get(worker)} exited before listening (code ${code}, signal ${signal})`));
    worker.once('exit', onExit);
    worker.once('listening', () => { worker.off('exit', onExit); resolve(); });
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    if (alive.length === 0) process.exit(0);
    for (const w of alive) w!.process.kill(signal);
  };
  // The login limiter and the API rate limit of every worker count here (shared-limits.ts).
  const limits = new LimitsHost(systemClock);
  cluster.on('message', (worker, message) => {
    limits.handle(message, (answer) => { if (worker.isConnected()) worker.send(answer, undefined, () => {}); });
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  cluster.on('exit', (worker, code, signal) => {
    const index = indexOf.get(worker) ?? 0;
    indexOf.delete(worker);
    if (stopping) {
      if (Object.values(cluster.workers ?? {}).every((w) => !w || w.isDead())) process.exit(0);
      return;
    }
    if (!ready) return; // starting: `started` reports it
    // A worker that keeps dying is restarted less and less often; one that ran a minute starts over.
    const now = Date.now();
    const last = restarts.get(index);
    const delay = last && now - last.at < 60_000 ? Math.min(last.delay * 2, RESTART_MAX_MS) : RESTART_MIN_MS;
    restarts.set(index, { delay, at: now });
    warn(`工作进程 ${index} 意外退出（code ${code}, signal ${signal}），${(delay / 1000).toFixed(1)} 秒后重启`);
    setTimeout(() => { if (!stopping) fork(index, false); }, delay);
  });

  // First worker alone: it migrates and seeds; then the rest.
  try {
    await started(fork(1, true));
    if (!stopping) await Promise.all(Array.from({ length: workers - 1 }, (_, i) => started(fork(i + 2, false))));
  } catch (err) {
    stop('SIGTERM');
    throw err;
  }

  ready = true;
  say(`${workers} 个工作进程已启动（主进程 ${process.pid}）`);
}
