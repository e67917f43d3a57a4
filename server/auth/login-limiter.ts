/**
 * Slows password guessing without handing out a lockout button.
 *
 * - An attempt is reserved before the password is hashed and settled after: attempts still
 *   hashing count as failures, so forty parallel guesses cannot all slip past a check made
 *   before the first of them failed.
 * - Per (account, client address): a few free tries, then an exponential back-off
 *   (1 s, 2 s, 4 s … up to 15 min) that a success from that address clears. Someone
 *   elsewhere guessing at an account slows only their own address, not the account's owner.
 * - Per account across all addresses: a ceiling on failures in a sliding window stops a
 *   guessing campaign spread over many addresses; an address that signed in to the account
 *   successfully within the window is not held by it, so the owner keeps getting in.
 * - Per client address across accounts: a window limit against spraying many usernames.
 *
 * Memory is bounded: every map keeps at most `maxEntries` keys, least recently used first
 * out, so made-up usernames cannot grow it without limit.
 */
import type { Clock } from '../clock.ts';

export interface LimiterOptions {
  /** failures of one account from one address before the back-off starts */
  freeTries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** the sliding window of the account ceiling and the address limit */
  windowMs: number;
  /** failures of one account from every address within the window */
  accountCeiling: number;
  /** failures from one address, over all accounts, within the window */
  perIp: number;
  /** keys kept per map */
  maxEntries: number;
}

export const DEFAULT_LIMITS: LimiterOptions = {
  freeTries: 3, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000,
  windowMs: 15 * 60_000, accountCeiling: 100, perIp: 30, maxEntries: 20_000,
};

/** A map that forgets its least recently used keys beyond a fixed size. */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly maxEntries: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) { this.map.delete(key); this.map.set(key, value); }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void { this.map.delete(key); }
  get size(): number { return this.map.size; }
}

interface PairState { failures: number; inFlight: number; last: number; trustedUntil: number }
interface WindowState { times: number[]; inFlight: number }

export type Reservation =
  | { ok: true; ip: string; account: string }
  | { ok: false; retryAfterSeconds: number; reason: 'backoff' | 'account' | 'address' };

export class LoginLimiter {
  private readonly pairs: BoundedMap<string, PairState>;
  private readonly accounts: BoundedMap<string, WindowState>;
  private readonly addresses: BoundedMap<string, WindowState>;

  constructor(private readonly clock: Clock, private readonly options: LimiterOptions = DEFAULT_LIMITS) {
    this.pairs = new BoundedMap(options.maxEntries);
    this.accounts = new BoundedMap(options.maxEntries);
    this.addresses = new BoundedMap(options.maxEntries);
  }

  /** Keys held in memory, all maps together (for tests and monitoring). */
  get size(): number { return this.pairs.size + this.accounts.size + this.addresses.size; }

  /** Takes a try for this address and account, or says how long to wait. Every `ok` reservation must be settled. */
  reserve(ip: string, username: string): Reservation {
    const now = this.clock.now();
    const account = username.trim().toLowerCase();
    const pairKey = `${account}\u0000${ip}`;
    const pair = this.pairs.get(pairKey) ?? { failures: 0, inFlight: 0, last: 0, trustedUntil: 0 };
    const byAccount = this.window(this.accounts, account, now);
    const byAddress = this.window(this.addresses, ip, now);

    const waits: [Exclude<Reservation, { ok: true }>['reason'], number][] = [];
    const tries = pair.failures + pair.inFlight;
    if (tries >= this.options.freeTries) {
      const delay = Math.min(this.options.baseDelayMs * 2 ** (tries - this.options.freeTries), this.options.maxDelayMs);
      if (now < pair.last + delay) waits.push(['backoff', pair.last + delay - now]);
    }
    if (pair.trustedUntil <= now) waits.push(['account', this.windowWait(byAccount, this.options.accountCeiling, now)]);
    waits.push(['address', this.windowWait(byAddress, this.options.perIp, now)]);
    const longest = waits.filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1])[0];
    if (longest) return { ok: false, reason: longest[0], retryAfterSeconds: Math.max(1, Math.ceil(longest[1] / 1000)) };

    pair.inFlight++;
    pair.last = now;
    byAccount.inFlight++;
    byAddress.inFlight++;
    this.pairs.set(pairKey, pair);
    this.accounts.set(account, byAccount);
    this.addresses.set(ip, byAddress);
    return { ok: true, ip, account };
  }

  /** The attempt's outcome: a failure counts everywhere; a success clears its own address's back-off; 'cancelled' (never hashed) counts nowhere. */
  settle(r: Extract<Reservation, { ok: true }>, outcome: 'success' | 'failure' | 'cancelled'): void {
    const now = this.clock.now();
    const pairKey = `${r.account}\u0000${r.ip}`;
    const pair = this.pairs.get(pairKey) ?? { failures: 0, inFlight: 1, last: now, trustedUntil: 0 };
    const byAccount = this.window(this.accounts, r.account, now);
    const byAddress = this.window(this.addresses, r.ip, now);
    pair.inFlight = Math.max(0, pair.inFlight - 1);
    byAccount.inFlight = Math.max(0, byAccount.inFlight - 1);
    byAddress.inFlight = Math.max(0, byAddress.inFlight - 1);
    if (outcome === 'failure') {
      pair.failures++;
      pair.last = now;
      this.push(byAccount, now, this.options.accountCeiling);
      this.push(byAddress, now, this.options.perIp);
    } else if (outcome === 'success') {
      pair.failures = 0;
      pair.trustedUntil = now + this.options.windowMs;
    }
    this.pairs.set(pairKey, pair);
    this.accounts.set(r.account, byAccount);
    this.addresses.set(r.ip, byAddress);
  }

  private window(map: BoundedMap<string, WindowState>, key: string, now: number): WindowState {
    const state = map.get(key) ?? { times: [], inFlight: 0 };
    const since = now - this.options.windowMs;
    if (state.times.length && state.times[0]! <= since) state.times = state.times.filter((t) => t > since);
    return state;
  }

  /** Keeps only the last `limit` failure times: older ones cannot decide a wait. */
  private push(state: WindowState, now: number, limit: number): void {
    state.times.push(now);
    if (state.times.length > limit) state.times.splice(0, state.times.length - limit);
  }

  /** How long until the window has room for one more try, counting tries still in flight. */
  private windowWait(state: WindowState, limit: number, now: number): number {
    const used = state.times.length + state.inFlight;
    if (used < limit) return 0;
    // The oldest failure that must leave the window before one more fits; when in-flight tries alone fill it, a short wait.
    const mustLeave = used - limit;
    const time = state.times[mustLeave];
    return time === undefined ? 1_000 : time + this.options.windowMs - now;
  }
}
