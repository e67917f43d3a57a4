/**
 * The sender: takes due deliveries from the outbox, POSTs each signed body to its endpoint and
 * records the attempt; a failure is retried with back-off (backoff.ts) for a day. One process
 * should run it (WEBHOOK_DELIVERY): `start()` and `stop()` are the whole switch. A delivery is
 * leased while it is being sent, so a sender that dies mid-send leaves it to be tried again
 * (at least once: receivers deduplicate by the event's id). Also runs the hourly expiry scan.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.ts';
import { nextAttemptAt } from './backoff.ts';
import { reportExpiringListings } from './expiring.ts';
import { endpointById, leaseDue, recordAttempt, type DeliveryRow, type Outcome } from './queries.ts';
import { openSecret } from './secret-box.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signing.ts';

export interface DispatcherOptions {
  /** how long a receiver has to answer */
  timeoutMs?: number;
  /** how often to look for due deliveries when nothing nudges */
  pollMs?: number;
  batch?: number;
  /** how often to look for listings about to expire */
  expiryScanMs?: number;
}

type Log = { warn(obj: unknown, msg: string): void; error(obj: unknown, msg: string): void };

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<unknown> | null = null;
  private stopping = new AbortController();
  private lastExpiryScan: number | null = null;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly expiryScanMs: number;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock,
    private readonly serverSecret: string,
    private readonly log: Log = console,
    opts: DispatcherOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.pollMs = opts.pollMs ?? 1_000;
    this.batch = opts.batch ?? 20;
    this.expiryScanMs = opts.expiryScanMs ?? 3_600_000;
  }

  get isRunning(): boolean { return this.running; }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.schedule(0);
  }

  /** Stops taking work and cuts what is in flight (those deliveries are tried again once their lease ends). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.current;
  }

  /** A change was committed: look for due deliveries now rather than at the next poll. */
  nudge(): void {
    if (this.running && !this.current) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.runOnce()
        .catch((err: unknown) => { this.log.error({ err }, 'webhook delivery round failed'); return { attempted: 0, delivered: 0 }; })
        .then((r) => { this.current = null; this.schedule(r.attempted >= this.batch ? 0 : this.pollMs); });
    }, ms);
    this.timer.unref();
  }

  /** One round: the expiry scan when due, then every due delivery (up to a batch) sent at once. */
  async runOnce(): Promise<{ attempted: number; delivered: number }> {
    const now = this.clock.now();
    if (this.lastExpiryScan === null || now - this.lastExpiryScan >= this.expiryScanMs) {
      this.lastExpiryScan = now;
      reportExpiringListings(this.sqlite, now);
    }
    const due = leaseDue(this.sqlite, now, now + this.timeoutMs + 30_000, this.batch);
    const outcomes = await Promise.all(due.map((d) => this.send(d)));
    let delivered = 0;
    due.forEach((d, i) => {
      const outcome = outcomes[i];
      if (!outcome) return;
      recordAttempt(this.sqlite, d.id, outcome);
      if (outcome.delivered) delivered++;
      else this.log.warn({ delivery: d.id, url: d.url, status: outcome.status, error: outcome.error }, 'webhook delivery failed');
    });
    return { attempted: outcomes.filter(Boolean).length, delivered };
  }

  /** One attempt; null when the sender is stopping (the attempt does not count). */
  private async send(d: DeliveryRow): Promise<Outcome | null> {
    const at = this.clock.now();
    const endpoint = endpointById(this.sqlite, d.endpointId);
    const refuse = (error: string): Outcome => ({ at, status: null, error, durationMs: 0, delivered: false, nextAttemptAt: null });
    if (!endpoint || endpoint.disabledAt !== null) return refuse('端点已停用');
    const secret = openSecret(this.serverSecret, endpoint.secretSealed);
    if (secret === null) return refuse('签名密钥无法解开（服务器密钥已更换），请重新登记此端点');
    const started = performance.now();
    const timestamp = Math.floor(at / 1000);
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST', body: d.payload, redirect: 'manual',
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.timeoutMs)]),
        headers: {
          'content-type': 'application/json; charset=utf-8', 'user-agent': 'lianliantong-webhooks/1',
          'x-llt-event': d.type, 'x-llt-delivery': String(d.id), [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, d.payload),
        },
      });
      await res.body?.cancel();
      const delivered = res.status >= 200 && res.status < 300;
      return { at, status: res.status, error: delivered ? null : `HTTP ${res.status}`, durationMs: Math.round(performance.now() - started), delivered,
        nextAttemptAt: delivered ? null : nextAttemptAt(d.createdAt, d.attempts + 1, at) };
    } catch (err) {
      if (this.stopping.signal.aborted) return null;
      const error = err instanceof Error && err.name === 'TimeoutError' ? `${this.timeoutMs / 1000} 秒内无应答`
        : String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message ?? err);
      return { at, status: null, error, durationMs: Math.round(performance.now() - started), delivered: false, nextAttemptAt: nextAttemptAt(d.createdAt, d.attempts + 1, at) };
    }
  }
}
