/**
 * Background work runs in exactly one process: the one holding the `background` lease. Each process
 * tries to take or renew it every `renewMs` (a third of the lease's life); the holder runs every job,
 * and stops them if it ever finds the lease gone (it stalled past the lease and another process took
 * over). A clean shutdown releases the lease, so another process takes over at its next renewal.
 * Lease times are wall-clock (`now`), not the app's clock: they measure whether a process is alive.
 */
import type { Lease } from './lease.ts';

/** Something only one process should do: re-ranking, overdue checks, outbox delivery, purges. */
export interface BackgroundJob {
  name: string;
  start(): void;
  stop(): void | Promise<void>;
}

type Log = { info(obj: unknown, msg: string): void; error(obj: unknown, msg: string): void };

export const LEASE_TTL_MS = 15_000;

export class Background {
  private readonly jobs: BackgroundJob[] = [];
  private held = false;
  private jobsRunning = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly lease: Lease, private readonly log: Log, private readonly now: () => number = Date.now, private readonly renewMs = lease.ttlMs / 3) {
    // Decided at once, so that what asks `isLeader` while the app is built (re-ranking) hears a settled answer.
    this.held = this.tryHold();
  }

  get isLeader(): boolean { return this.held; }

  /** Adds a job; it starts now if this process already runs the background work. */
  add(job: BackgroundJob): void {
    this.jobs.push(job);
    if (this.jobsRunning) this.startJob(job);
  }

  /** Starts renewing, and the jobs while this process holds the lease. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.renew(), this.renewMs);
    this.timer.unref();
    this.renew();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.stopJobs();
    if (this.held) {
      try { this.lease.release(); } catch (err) { this.log.error({ err }, 'releasing the background lease failed'); }
      this.held = false;
    }
  }

  /** Takes or renews the lease, starting or stopping the jobs when that changed. */
  renew(): void {
    this.held = this.tryHold();
    if (this.held && !this.jobsRunning && this.timer) {
      this.jobsRunning = true;
      this.log.info({ pid: process.pid }, 'this process runs the background work');
      for (const job of this.jobs) this.startJob(job);
    } else if (!this.held && this.jobsRunning) {
      this.log.info({ pid: process.pid }, 'another process took over the background work');
      void this.stopJobs();
    }
  }

  private tryHold(): boolean {
    try {
      return this.lease.hold(this.now());
    } catch (err) {
      // A busy database (a long import) must not crash the renewal: keep what we had, try again next time.
      this.log.error({ err }, 'renewing the background lease failed');
      return this.held;
    }
  }

  private startJob(job: BackgroundJob): void {
    try { job.start(); } catch (err) { this.log.error({ err, job: job.name }, 'background job failed to start'); }
  }

  private async stopJobs(): Promise<void> {
    if (!this.jobsRunning) return;
    this.jobsRunning = false;
    for (const job of this.jobs) {
      try { await job.stop(); } catch (err) { this.log.error({ err, job: job.name }, 'background job failed to stop'); }
    }
  }
}

/** A job that runs `run` when started and then every `everyMs` (the timer never keeps the process alive). */
export function repeatingJob(name: string, everyMs: number, run: () => void): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  return {
    name,
    start() {
      run();
      timer = setInterval(run, everyMs);
      timer.unref();
    },
    stop() { clearInterval(timer); },
  };
}
