/**
 * WORKERS > 1: the login limiter and the API rate limit count in the primary for every worker. Two
 * workers' sides are wired to one host through in-memory channels that deliver a tick later, as IPC does.
 */
import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/auth/login-limiter.ts';
import { fixedClock } from '../../server/clock.ts';
import { testApp } from '../helpers.ts';
import { LimitsHost, SharedLimits, type Channel, type GateAnswer, type GateReservation } from '../../server/cluster/shared-limits.ts';

const clock = fixedClock('2026-12-04T08:00:00Z');

/** A worker's channel to the host; `answering: false` is a primary that never replies. */
function channelTo(host: LimitsHost, answering = true): Channel & { sent: unknown[] } {
  const listeners: ((m: unknown) => void)[] = [];
  const sent: unknown[] = [];
  return {
    sent,
    send(message) {
      sent.push(message);
      const copy = JSON.parse(JSON.stringify(message)) as unknown; // IPC carries JSON, not objects
      setImmediate(() => {
        if (!answering) return;
        host.handle(copy, (answer) => setImmediate(() => { for (const l of listeners) l(JSON.parse(JSON.stringify(answer))); }));
      });
    },
    onMessage(listener) { listeners.push(listener); },
  };
}

const worker = (host: LimitsHost, answering = true, timeoutMs = 1_000) => new SharedLimits(channelTo(host, answering), new LoginLimiter(clock), clock, timeoutMs);
const held = (a: GateAnswer): GateReservation => { if (!a.ok) throw new Error(`refused: ${a.reason}`); return a; };
const settled = () => new Promise((r) => setImmediate(r));

describe('limits shared by the workers', () => {
  it('counts failed sign-ins on either worker together: the fourth try at one account from one address waits, wherever it lands', async () => {
    const host = new LimitsHost(clock);
    const a = worker(host);
    const b = worker(host);
    for (const w of [a, b, a]) {
      w.loginGate.settle(held(await w.loginGate.reserve('10.0.0.9', 'zhang.official')), 'failure');
      await settled();
    }
    const fourth = await b.loginGate.reserve('10.0.0.9', 'zhang.official');
    expect(fourth).toEqual({ ok: false, reason: 'backoff', retryAfterSeconds: 1 });
    // another address is not held by this one's back-off
    expect((await b.loginGate.reserve('10.0.0.7', 'zhang.official')).ok).toBe(true);
  });

  it('counts API calls of one key on every worker in one window, and keys apart', async () => {
    const host = new LimitsHost(clock);
    const a = worker(host);
    const b = worker(host);
    const counts = [];
    for (const w of [a, b, a, b, b]) counts.push((await w.hit('ip:10.0.0.9', 60_000)).current);
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    expect(await a.hit('token:7', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    clock.set(Date.parse('2026-12-04T08:01:00Z'));
    expect(await b.hit('ip:10.0.0.9', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    clock.set(Date.parse('2026-12-04T08:00:00Z'));
  });

  it('decides locally when the primary does not answer in time, and settles such a try locally', async () => {
    const host = new LimitsHost(clock);
    const silent = worker(host, false, 20);
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const answer = await silent.loginGate.reserve('10.0.0.9', 'li.buyer');
      answers.push(answer);
      if (answer.ok) silent.loginGate.settle(answer, 'failure');
    }
    expect(answers.slice(0, 3).map((r) => r.ok && r.local)).toEqual([true, true, true]);
    expect(answers[3]).toEqual({ ok: false, reason: 'backoff', retryAfterSeconds: 1 });
    expect(await silent.hit('ip:10.0.0.9', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    // nothing reached the primary's own counts
    expect(host.login.size).toBe(0);
  });

  it('leaves other messages to others, and ignores a malformed question', () => {
    const host = new LimitsHost(clock);
    const replies: unknown[] = [];
    expect(host.handle({ type: 'journal', id: 1 }, (r) => replies.push(r))).toBe(false);
    expect(host.handle({ tag: 'llt-limits', id: 2, op: 'reserve', ip: 5 }, (r) => replies.push(r))).toBe(false);
    expect(host.handle({ tag: 'llt-limits', id: 3, op: 'hit', key: 'k', windowMs: -1 }, (r) => replies.push(r))).toBe(false);
    expect(replies).toEqual([]);
    expect(host.handle({ tag: 'llt-limits', id: 4, op: 'hit', key: 'k', windowMs: 1000 }, (r) => replies.push(r))).toBe(true);
    expect(replies).toEqual([{ tag: 'llt-limits', id: 4, result: { current: 1, ttl: 1000 } }]);
  });
});

describe('password hashing shared out among workers', () => {
  it('gives each of WORKERS processes its share of PASSWORD_HASH_CONCURRENCY, at least one', async () => {
    for (const [workers, total, each] of [[1, 2, 2], [2, 2, 1], [2, 6, 3], [4, 2, 1]] as const) {
      const ctx = await testApp({ config: { workers, passwordHashConcurrency: total } });
      try {
        expect(ctx.app.accounts.hashing.concurrency).toBe(each);
      } finally {
        await ctx.close();
      }
    }
  });
});
