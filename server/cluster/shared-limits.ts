/**
 * With WORKERS > 1 the login limiter and the API rate limit count for the whole server, not per
 * worker. node:cluster hands each new connection to the next worker, so limits counted per process
 * gave a client spread over N workers N times the allowance: N × the free password guesses.
 *
 * The counts live in the primary, which serves nothing else: each worker asks it over the cluster's
 * own IPC channel (no Redis, nothing to install). A question the primary leaves unanswered for a
 * second — it stalled or is restarting — is decided with the worker's local counts instead, so a slow
 * primary never stops sign-in or the API; those tries are then limited per worker, as before.
 *
 * The host side (`LimitsHost`) and the worker side (`SharedLimits`) talk through a `Channel`, so tests
 * wire the two together without processes; primary.ts and main.ts wire them to node:cluster.
 */
import { BoundedMap, LoginLimiter, type Reservation } from '../auth/login-limiter.ts';
import type { Clock } from '../clock.ts';

/** Messages of this protocol carry this tag, so other cluster messages pass by. */
const TAG = 'llt-limits';
const DEFAULT_TIMEOUT_MS = 1_000;

export type LoginOutcome = 'success' | 'failure' | 'cancelled';
/** A reservation taken locally because the primary did not answer: settled locally too. */
export type GateReservation = Extract<Reservation, { ok: true }> & { local?: true };
export type GateAnswer = Exclude<Reservation, { ok: true }> | GateReservation;

/** What the sign-in route asks: one process's limiter, or the one shared by every worker. */
export interface LoginGate {
  reserve(ip: string, username: string): Promise<GateAnswer>;
  settle(reservation: GateReservation, outcome: LoginOutcome): void;
}

/** A hit counted in a fixed window that starts at the key's first hit (as @fastify/rate-limit's own store). */
export interface WindowCount { current: number; ttl: number }

/** One process's limiter behind the gate's interface (WORKERS=1). */
export function localLoginGate(limiter: LoginLimiter): LoginGate {
  return {
    reserve: async (ip, username) => limiter.reserve(ip, username),
    settle: (reservation, outcome) => limiter.settle(reservation, outcome),
  };
}

/** Request counts per key in fixed windows, keeping at most `maxEntries` keys (least recently used out). */
export class WindowCounter {
  private readonly windows: BoundedMap<string, { count: number; startedAt: number }>;
  constructor(private readonly clock: Clock, maxEntries = 20_000) { this.windows = new BoundedMap(maxEntries); }

  hit(key: string, windowMs: number): WindowCount {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || window.startedAt + windowMs <= now) window = { count: 0, startedAt: now };
    window.count++;
    this.windows.set(key, window);
    return { current: window.count, ttl: window.startedAt + windowMs - now };
  }
}

/** One end of a message channel: a worker's `process`, or the primary's view of one worker. */
export interface Channel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

type Question =
  | { tag: typeof TAG; id: number; op: 'reserve'; ip: string; username: string }
  | { tag: typeof TAG; id: number; op: 'settle'; reservation: GateReservation; outcome: LoginOutcome }
  | { tag: typeof TAG; id: number; op: 'hit'; key: string; windowMs: number };
/** A question before it is tagged and numbered. */
type Asked = Question extends infer Q ? (Q extends Question ? Omit<Q, 'tag' | 'id'> : never) : never;
type Answer = { tag: typeof TAG; id: number; result: GateAnswer | WindowCount };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string';
const isOutcome = (v: unknown): v is LoginOutcome => v === 'success' || v === 'failure' || v === 'cancelled';
const REASONS = ['backoff', 'account', 'address'] as const;
const isReason = (v: unknown): v is (typeof REASONS)[number] => REASONS.some((r) => r === v);

/** The primary's answer to a reservation, checked field by field; null when it is not one. */
function gateAnswerOf(answer: unknown): GateAnswer | null {
  if (!isRecord(answer)) return null;
  if (answer.ok === true && isString(answer.ip) && isString(answer.account)) return { ok: true, ip: answer.ip, account: answer.account };
  if (answer.ok === false && typeof answer.retryAfterSeconds === 'number' && isReason(answer.reason)) return { ok: false, retryAfterSeconds: answer.retryAfterSeconds, reason: answer.reason };
  return null;
}

/** A message of this protocol from a worker, checked field by field (a worker is trusted, but a bug should not crash the primary). */
function questionOf(message: unknown): Question | null {
  if (!isRecord(message) || message.tag !== TAG || typeof message.id !== 'number') return null;
  const { id, op } = message;
  if (op === 'reserve' && isString(message.ip) && isString(message.username)) return { tag: TAG, id, op, ip: message.ip, username: message.username };
  if (op === 'hit' && isString(message.key) && typeof message.windowMs === 'number' && message.windowMs > 0) return { tag: TAG, id, op, key: message.key, windowMs: message.windowMs };
  const r = message.reservation;
  if (op === 'settle' && isOutcome(message.outcome) && isRecord(r) && r.ok === true && isString(r.ip) && isString(r.account)) {
    return { tag: TAG, id, op, reservation: { ok: true, ip: r.ip, account: r.account }, outcome: message.outcome };
  }
  return null;
}

/** The primary's side: one login limiter and one request counter for every worker. */
export class LimitsHost {
  readonly login: LoginLimiter;
  readonly requests: WindowCounter;
  constructor(clock: Clock) {
    this.login = new LoginLimiter(clock);
    this.requests = new WindowCounter(clock);
  }

  /** Answers one message if it is a question of this protocol; returns whether it was. */
  handle(message: unknown, reply: (answer: Answer) => void): boolean {
    const q = questionOf(message);
    if (!q) return false;
    if (q.op === 'reserve') reply({ tag: TAG, id: q.id, result: this.login.reserve(q.ip, q.username) });
    else if (q.op === 'settle') this.login.settle(q.reservation, q.outcome);
    else reply({ tag: TAG, id: q.id, result: this.requests.hit(q.key, q.windowMs) });
    return true;
  }
}

/** A worker's side: asks the primary, and decides locally when it does not answer in time. */
export class SharedLimits {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; timer: NodeJS.Timeout }>();
  private readonly localRequests: WindowCounter;

  constructor(private readonly channel: Channel, private readonly local: LoginLimiter, clock: Clock, private readonly timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.localRequests = new WindowCounter(clock);
    channel.onMessage((message) => {
      if (!isRecord(message) || message.tag !== TAG || typeof message.id !== 'number') return;
      const waiting = this.waiting.get(message.id);
      if (!waiting) return; // answered after its time ran out: already decided locally
      this.waiting.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.result);
    });
  }

  /** Sends a question; resolves with the answer, or with null after the timeout (or when sending fails). */
  private ask(question: Asked): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiting.delete(id); resolve(null); }, this.timeoutMs);
      timer.unref();
      this.waiting.set(id, { resolve, timer });
      try {
        this.channel.send({ ...question, tag: TAG, id });
      } catch {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(null);
      }
    });
  }

  readonly loginGate: LoginGate = {
    reserve: async (ip, username) => {
      const answer = gateAnswerOf(await this.ask({ op: 'reserve', ip, username }));
      if (answer) return answer;
      const local = this.local.reserve(ip, username);
      return local.ok ? { ...local, local: true } : local;
    },
    settle: (reservation, outcome) => {
      if (reservation.local) { this.local.settle(reservation, outcome); return; }
      const { ok, ip, account } = reservation;
      try { this.channel.send({ tag: TAG, id: 0, op: 'settle', reservation: { ok, ip, account }, outcome }); } catch { /* the primary is gone: nothing left to count in */ }
    },
  };

  /** Counts one request of `key` in its window, across every worker. */
  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const answer = await this.ask({ op: 'hit', key, windowMs });
    if (isRecord(answer) && typeof answer.current === 'number' && typeof answer.ttl === 'number') return { current: answer.current, ttl: answer.ttl };
    return this.localRequests.hit(key, windowMs);
  }
}
