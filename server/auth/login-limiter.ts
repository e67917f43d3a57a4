/**
 * Slows password guessing: failures are counted per client address and per account in
 * a sliding window; past the limit the login answers 429 until the window moves on.
 */
import type { Clock } from '../clock.ts';

export interface LimiterOptions { windowMs: number; perIp: number; perAccount: number }
export const DEFAULT_LIMITS: LimiterOptions = { windowMs: 15 * 60_000, perIp: 30, perAccount: 5 };

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock, private readonly options: LimiterOptions = DEFAULT_LIMITS) {}

  private recent(key: string): number[] {
    const since = this.clock.now() - this.options.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept); else this.failures.delete(key);
    return kept;
  }

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfter(ip: string, account: string): number {
    const checks: [string, number][] = [[`ip:${ip}`, this.options.perIp], [`account:${account.toLowerCase()}`, this.options.perAccount]];
    let wait = 0;
    for (const [key, limit] of checks) {
      const times = this.recent(key);
      if (times.length >= limit) wait = Math.max(wait, times[times.length - limit]! + this.options.windowMs - this.clock.now());
    }
    return Math.ceil(wait / 1000);
  }

  recordFailure(ip: string, account: string): void {
    const now = this.clock.now();
    for (const key of [`ip:${ip}`, `account:${account.toLowerCase()}`]) this.failures.set(key, [...this.recent(key), now]);
  }

  recordSuccess(account: string): void {
    this.failures.delete(`account:${account.toLowerCase()}`);
  }
}
